package io.cdcflow.differ.io;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bucket state checkpoints go to, over the MinIO client (any S3-compatible store). Failures are
 * {@link IllegalStateException}s naming the request. Thread-safe. Close it.
 */
public final class CheckpointStore implements AutoCloseable {
    private static final long PART_SIZE = 16L * 1024 * 1024;
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private final MinioClient client;
    private final String bucket;

    private CheckpointStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** A client of {@code bucket} at {@code endpoint}; connects lazily. */
    public static CheckpointStore connect(String endpoint, String accessKey, String secretKey, String bucket,
                                          String region) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey);
        if (region != null) {
            builder.region(region);
        }
        return new CheckpointStore(builder.build(), bucket);
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it does not exist. */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /** Stores small content; replaces an existing object. */
    public void put(String key, byte[] content, String contentType) {
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1).contentType(contentType).build()));
    }

    /** Uploads a local file (multipart when large); replaces an existing object. */
    public void upload(String key, Path file, String contentType) {
        call("upload " + key, () -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                .filename(file.toString(), PART_SIZE).contentType(contentType).build()));
    }

    /** The whole content of a small object, or empty if there is none. */
    public Optional<byte[]> get(String key) {
        return call("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (ABSENT.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** A stream of an object's content; close it. */
    public InputStream open(String key) {
        return call("get " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /** Names of the objects under {@code prefix}, at any depth, in lexical order. */
    public List<String> list(String prefix) {
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                String key = result.get().objectName();
                if (!key.endsWith("/")) {
                    keys.add(key);
                }
            }
            return keys;
        });
    }

    /** Deletes an object; deleting one that does not exist succeeds. */
    public void remove(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // only the HTTP client's pool is released here
        }
    }

    private interface Request<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, Request<T> request) {
        try {
            return request.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(what + " in bucket " + bucket + " failed: " + e, e);
        }
    }
}
