package io.cdcflow.standalone.io;

import io.cdcflow.standalone.core.SnapshotSet.StoredObject;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot objects of a bucket as {@code cdc snapshots} sees them: listing with sizes, reading a
 * summary, deleting. Failures are {@link IllegalStateException}s naming the request. Close it.
 */
public final class SnapshotStore implements AutoCloseable {
    private final MinioClient client;
    private final String bucket;

    private SnapshotStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** A client of {@code bucket} at {@code endpoint}; connects lazily. */
    public static SnapshotStore connect(String endpoint, String accessKey, String secretKey, String bucket,
                                        String region) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey);
        if (region != null) {
            builder.region(region);
        }
        return new SnapshotStore(builder.build(), bucket);
    }

    public String bucket() {
        return bucket;
    }

    /** The objects under {@code prefix}, at any depth, with their sizes; directory placeholders left out. */
    public List<StoredObject> list(String prefix) {
        return call("list " + bucket + "/" + prefix, () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    objects.add(new StoredObject(item.objectName(), item.size()));
                }
            }
            return objects;
        });
    }

    /** The whole content of a (small) object. */
    public byte[] get(String key) {
        return call("get " + bucket + "/" + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    /** Deletes an object (no error if it is already gone). */
    public void remove(String key) {
        call("delete " + bucket + "/" + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // only the HTTP client's pool is released here; nothing left to do about a failure
        }
    }

    private interface Request<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, Request<T> request) {
        try {
            return request.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
