package io.cdcflow.writer.io;

import io.cdcflow.common.config.Secret;
import io.cdcflow.common.config.StorageConfig;
import java.util.Objects;

/**
 * Where the writer's object store is and how to sign in. {@link #toString()} masks the secret key.
 *
 * @param endpoint {@code http://host:port} or {@code https://host:port}
 * @param accessKey the access key
 * @param secretKey the secret key
 * @param bucket the bucket snapshots go to
 * @param region the region, or null for the store's default
 */
public record ObjectStoreSettings(String endpoint, String accessKey, Secret secretKey, String bucket, String region) {
    public ObjectStoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * The settings of an external object store ({@code storage} with an endpoint).
     *
     * @throws IllegalArgumentException if the storage is embedded: its endpoint is only known once
     *     the embedded store runs (pass a {@code StorageConfig} with that endpoint, or use the constructor)
     */
    public static ObjectStoreSettings of(StorageConfig storage) {
        if (storage.embedded()) {
            throw new IllegalArgumentException("the embedded object store has no configured endpoint");
        }
        return new ObjectStoreSettings(storage.endpointUrl(), storage.accessKey(), storage.secretKey(),
                storage.bucket(), storage.region());
    }
}
