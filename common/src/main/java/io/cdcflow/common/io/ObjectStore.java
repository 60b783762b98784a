package io.cdcflow.common.io;

import io.cdcflow.common.core.StoreFailure;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bucket of an S3-compatible store, over the MinIO client: the adapter the writer's snapshots, the
 * differ's state checkpoints and {@code cdc snapshots} share; each keeps its own object layout. Every
 * failure is an unchecked {@link ObjectStoreException} that says whether it is retriable and never
 * contains the secret key; callers decide whether to retry. Thread-safe. Close it: the HTTP client's
 * threads otherwise keep the JVM alive for a minute.
 */
public final class ObjectStore implements AutoCloseable {
    /** Part size of multipart uploads; files up to this size go in one request. */
    public static final long PART_SIZE = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
    private static final long CONNECT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);
    private static final long TRANSFER_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);

    private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");

    private final MinioClient client;
    private final String bucket;
    private final String secret;

    private ObjectStore(MinioClient client, String bucket, String secret) {
        this.client = client;
        this.bucket = bucket;
        this.secret = secret;
    }

    /** An object and its size in bytes. */
    public record Entry(String key, long size) {
    }

    /**
     * A client of the store; connects lazily, on the first request. TLS follows the endpoint's scheme
     * ({@code https}), which the configuration derives from {@code storage.secure}.
     */
    public static ObjectStore connect(ObjectStoreSettings settings) {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey().reveal());
        if (settings.region() != null) {
            builder.region(settings.region());
        }
        MinioClient client = builder.build();
        client.setTimeout(CONNECT_TIMEOUT_MS, TRANSFER_TIMEOUT_MS, TRANSFER_TIMEOUT_MS);
        return new ObjectStore(client, settings.bucket(), settings.secretKey().reveal());
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it does not exist. */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                LOG.info("Created bucket {}", bucket);
            }
            return null;
        });
    }

    /**
     * Readiness: the store answers and the bucket exists.
     *
     * @throws ObjectStoreException if the store cannot be asked
     * @throws IllegalStateException if the bucket does not exist
     */
    public void checkBucket() {
        boolean exists = call("check bucket " + bucket,
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        if (!exists) {
            throw new IllegalStateException("bucket " + bucket + " does not exist");
        }
    }

    /** Uploads a local file, in {@link #PART_SIZE} parts when larger than that; replaces an existing object. */
    public void upload(String key, Path file, String contentType) {
        call("upload " + key, () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(bucket).object(key).filename(file.toString(), PART_SIZE).contentType(contentType).build()));
    }

    /** Stores small content in one request; replaces an existing object. */
    public void put(String key, byte[] content, String contentType) {
        call("put " + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(content), content.length, -1)
                .contentType(contentType).build()));
    }

    /** Deletes an object; deleting one that does not exist succeeds. */
    public void remove(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** The content of an object, or empty if there is none. Reads it whole: for small objects. */
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

    /**
     * A stream of an object's content, for objects too large to hold in memory; close it.
     *
     * @throws ObjectStoreException also if there is no such object
     */
    public InputStream open(String key) {
        return call("get " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    /**
     * Copies an object into a local file, replacing it.
     *
     * @return false if there is no such object
     */
    public boolean download(String key, Path file) {
        return call("download " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (ErrorResponseException e) {
                if (ABSENT.contains(e.errorResponse().code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** The size of an object in bytes, or empty if there is none. */
    public Optional<Long> size(String key) {
        return call("stat " + key, () -> {
            try {
                return Optional.of(
                        client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
            } catch (ErrorResponseException e) {
                if (ABSENT.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Whether an object exists. */
    public boolean exists(String key) {
        return size(key).isPresent();
    }

    /** The names of the objects under {@code prefix}, at any depth, in the store's (lexical) order. */
    public List<String> list(String prefix) {
        return entries(prefix).stream().map(Entry::key).toList();
    }

    /** The objects under {@code prefix}, at any depth, with their sizes, in the store's (lexical) order. */
    public List<Entry> entries(String prefix) {
        return call("list " + prefix, () -> {
            List<Entry> entries = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                // Some S3-compatible stores list directory placeholders; they are not objects.
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    entries.add(new Entry(item.objectName(), item.size()));
                }
            }
            return entries;
        });
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.warn("Closing the object store client failed: {}", e.toString());
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
            StoreFailure failure = classify(e);
            String detail = redact(failure.kind() == StoreFailure.Kind.RESPONSE ? serverMessage(e) : e.toString());
            throw new ObjectStoreException(what + " failed", detail, failure, e);
        }
    }

    /** Never lets the secret key into a message, whatever a client or server put there. */
    private String redact(String text) {
        return text == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    /**
     * What a failure of the MinIO client means, from the first cause in its chain that tells: an S3
     * error response (status and code), a non-XML response (status from its message), a server error
     * (status), or an I/O error (connection refused or reset, timeout).
     */
    static StoreFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ErrorResponseException response) {
                int status = response.response() == null ? 0 : response.response().code();
                String code = response.errorResponse() == null ? null : response.errorResponse().code();
                return new StoreFailure(status, code, StoreFailure.Kind.RESPONSE);
            }
            if (cause instanceof InvalidResponseException) {
                Matcher status = RESPONSE_CODE.matcher(String.valueOf(cause.getMessage()));
                return new StoreFailure(status.find() ? Integer.parseInt(status.group(1)) : 0, null,
                        StoreFailure.Kind.RESPONSE);
            }
            if (cause instanceof ServerException server) {
                return new StoreFailure(server.statusCode(), null, StoreFailure.Kind.RESPONSE);
            }
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return StoreFailure.io();
            }
        }
        return new StoreFailure(0, null, StoreFailure.Kind.OTHER);
    }

    /** The store's own words: the error response's message, or the start of a non-XML response. */
    private static String serverMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ErrorResponseException response && response.errorResponse() != null) {
                return response.errorResponse().message();
            }
            if (cause instanceof InvalidResponseException || cause instanceof ServerException) {
                String message = String.valueOf(cause.getMessage());
                int trace = message.indexOf(", trace:");
                message = trace < 0 ? message : message.substring(0, trace);
                return message.length() > 300 ? message.substring(0, 300) + "..." : message;
            }
        }
        return failure.toString();
    }
}
