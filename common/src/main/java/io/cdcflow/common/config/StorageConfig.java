package io.cdcflow.common.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The S3-compatible object store holding state and snapshots, from {@code storage}.
 *
 * @param embedded whether the pipeline runs its own object store ({@code endpoint} absent or
 *     {@code "embedded"})
 * @param endpointUrl {@code http://host:port} or {@code https://host:port}; null when embedded
 * @param accessKey the access key ({@code access_key}); {@code minioadmin} by default when embedded
 * @param secretKey the secret key ({@code secret_key}); {@code minioadmin} by default when embedded
 * @param secure whether TLS is used ({@code secure}, default false, or the endpoint URL's scheme)
 * @param bucket the bucket ({@code bucket}, default {@code cdc-state})
 * @param region the region, or null for the store's default
 * @param format format of stored state files ({@code format}, default json)
 * @param dataDir local directory of the embedded broker and object store ({@code data_dir}, default
 *     {@code ./cdc-data})
 * @param checkpointsKept differ state checkpoints kept per table ({@code checkpoints_kept}, default
 *     {@value #DEFAULT_CHECKPOINTS_KEPT}); 0 turns checkpoints off
 */
public record StorageConfig(boolean embedded, String endpointUrl, String accessKey, Secret secretKey,
        boolean secure, String bucket, String region, SnapshotFormat format, Path dataDir, int checkpointsKept) {
    /** Checkpoints kept per table by default. */
    public static final int DEFAULT_CHECKPOINTS_KEPT = 3;

    /** Settings with the default number of checkpoints kept. */
    public StorageConfig(boolean embedded, String endpointUrl, String accessKey, Secret secretKey,
                         boolean secure, String bucket, String region, SnapshotFormat format, Path dataDir) {
        this(embedded, endpointUrl, accessKey, secretKey, secure, bucket, region, format, dataDir,
                DEFAULT_CHECKPOINTS_KEPT);
    }

    /** Checks that required parts are present. */
    public StorageConfig {
        if (!embedded) {
            Objects.requireNonNull(endpointUrl, "endpointUrl");
        }
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(dataDir, "dataDir");
        if (checkpointsKept < 0) {
            throw new IllegalArgumentException("checkpointsKept must not be negative");
        }
    }
}
