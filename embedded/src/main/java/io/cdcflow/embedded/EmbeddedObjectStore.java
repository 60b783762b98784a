package io.cdcflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible object store running inside this JVM (s3proxy over its {@code filesystem-nio2}
 * backend), for the standalone mode and tests.
 *
 * <p>Each bucket is a directory under the data directory and each object a file below it, so
 * the content survives a restart on the same directory. Requests must be signed with AWS
 * signature v4 using the access and secret key given at start; path-style addressing only
 * (the MinIO client, and AWS SDKs with path-style access enabled).
 *
 * <p>Listings behave like S3: keys come sorted and a recursive listing holds objects only. (The
 * older jclouds {@code filesystem} backend also listed every directory on disk as a {@code key/}
 * entry, after the objects and out of order; that is why it is not used here.)
 *
 * <p>When Logback is the SLF4J backend the chatty s3proxy, Jetty and jclouds loggers are lowered
 * to WARN unless their level is configured explicitly.
 */
public final class EmbeddedObjectStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedObjectStore.class);
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_MS = 30_000;

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dataDir;
    private final String accessKey;
    private final String secretKey;
    private final int port;
    private boolean closed;

    private EmbeddedObjectStore(S3Proxy proxy, BlobStoreContext context, Path dataDir,
            String accessKey, String secretKey, int port) {
        this.proxy = proxy;
        this.context = context;
        this.dataDir = dataDir;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.port = port;
    }

    /**
     * Starts an object store on a free port of 127.0.0.1.
     *
     * @param dataDir directory holding the buckets; created if missing
     * @param accessKey the access key clients must sign with
     * @param secretKey the secret key clients must sign with
     * @return the running object store
     */
    public static EmbeddedObjectStore start(Path dataDir, String accessKey, String secretKey) {
        return start(dataDir, accessKey, secretKey, 0);
    }

    /**
     * Starts an object store on the given port of 127.0.0.1.
     *
     * @param dataDir directory holding the buckets; created if missing
     * @param accessKey the access key clients must sign with
     * @param secretKey the secret key clients must sign with
     * @param port TCP port to listen on, or 0 for a free one
     * @return the running object store
     * @throws IllegalStateException if the server cannot start, e.g. because the port is taken
     */
    public static EmbeddedObjectStore start(Path dataDir, String accessKey, String secretKey, int port) {
        QuietLogging.warnOnly("org.gaul", "org.eclipse.jetty", "org.jclouds", "jclouds");
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create object store directory " + dir, e);
        }
        long started = System.nanoTime();
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                .credentials(accessKey, secretKey)
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            stopQuietly(proxy);
            context.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Object store on " + HOST + ":" + port + " did not start", e);
        }
        EmbeddedObjectStore store = new EmbeddedObjectStore(proxy, context, dir, accessKey, secretKey,
                proxy.getPort());
        LOG.info("Object store on {} ready at {} in {} ms", dir, store.endpoint(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return store;
    }

    /** Returns the endpoint URL for S3 clients, {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://" + HOST + ":" + port;
    }

    /** Returns the TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** Returns the access key clients sign with. */
    public String accessKey() {
        return accessKey;
    }

    /** Returns the secret key clients sign with. */
    public String secretKey() {
        return secretKey;
    }

    /** Returns the directory holding the buckets. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server; calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(proxy);
        context.close();
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("s3proxy state is " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("Stopping s3proxy failed", e);
        }
    }
}
