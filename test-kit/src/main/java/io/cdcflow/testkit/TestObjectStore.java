package io.cdcflow.testkit;

import io.cdcflow.embedded.EmbeddedObjectStore;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3-compatible object store of this JVM: one {@link EmbeddedObjectStore} on a temporary
 * directory, started on first use and stopped (and its directory deleted) by a shutdown hook.
 *
 * <p>Tests share the store, so each test should use its own bucket or key prefix. All methods
 * are thread-safe. Failures of the MinIO client are rethrown as {@link IllegalStateException}.
 */
public final class TestObjectStore {

    private static final String ACCESS_KEY = "cdc-test-access-key";
    private static final String SECRET_KEY = "cdc-test-secret-key";

    private static EmbeddedObjectStore store;
    private static MinioClient client;

    private TestObjectStore() {
    }

    /**
     * Returns the endpoint of the store, starting it if needed.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public static synchronized String endpoint() {
        if (store == null) {
            Path dir = TempDirs.create("cdc-test-s3-");
            EmbeddedObjectStore started = EmbeddedObjectStore.start(dir, ACCESS_KEY, SECRET_KEY);
            MinioClient shared = newClient(started.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeQuietly(shared);
                started.close();
                TempDirs.deleteRecursively(dir);
            }, "stop-test-object-store"));
            store = started;
            client = shared;
        }
        return store.endpoint();
    }

    /** Returns the access key clients sign requests with. */
    public static String accessKey() {
        return ACCESS_KEY;
    }

    /** Returns the secret key clients sign requests with. */
    public static String secretKey() {
        return SECRET_KEY;
    }

    /**
     * Returns the MinIO client of this JVM for the store. It is shared: do not close it (a shutdown
     * hook does).
     *
     * @return the shared client
     */
    public static synchronized MinioClient client() {
        endpoint();
        return client;
    }

    /**
     * Builds a new MinIO client for the store (about 0.5 s). The caller must {@code close()} it, or an
     * OkHttp thread keeps the JVM alive for a minute; as {@code MinioClient.close()} declares
     * {@code throws Exception}, try-with-resources on it needs {@code @SuppressWarnings("try")} under
     * {@code -Xlint:all -Werror}.
     *
     * @return the new client
     */
    public static MinioClient newClient() {
        return newClient(endpoint());
    }

    /**
     * Creates a bucket unless it exists.
     *
     * @param bucket bucket name, 3 to 63 lower-case characters
     */
    public static void createBucket(String bucket) {
        withClient(client -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /**
     * Lists the object keys under a prefix, recursively, in key order; directory placeholders (keys
     * ending in {@code /}) are left out.
     *
     * @param bucket an existing bucket
     * @param prefix key prefix, may be empty
     * @return the keys
     */
    public static List<String> list(String bucket, String prefix) {
        return withClient(client -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    keys.add(item.objectName());
                }
            }
            return keys;
        });
    }

    /**
     * Reads a whole object.
     *
     * @param bucket the bucket
     * @param key the object key
     * @return the content
     */
    public static byte[] get(String bucket, String key) {
        return withClient(client -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    private static <T> T withClient(ClientCall<T> call) {
        try {
            return call.apply(client());
        } catch (Exception e) {
            throw new IllegalStateException("Object store request failed: " + e.getMessage(), e);
        }
    }

    private static MinioClient newClient(String endpoint) {
        return MinioClient.builder().endpoint(endpoint).credentials(ACCESS_KEY, SECRET_KEY).build();
    }

    private static void closeQuietly(MinioClient minio) {
        try {
            minio.close();
        } catch (Exception e) {
            // only OkHttp's pool is released here, at JVM exit: nothing left to do about a failure
        }
    }

    @FunctionalInterface
    private interface ClientCall<T> {
        T apply(MinioClient client) throws Exception;
    }
}
