package io.cdcflow.common.io;

import io.cdcflow.common.config.Secret;
import io.cdcflow.common.config.StorageConfig;
import java.util.Objects;

/**
 * Where an object store is and how to sign in. {@link #toString()} masks the secret key.
 *
 * @param endpoint {@code http://host:port} or {@code https://host:port} (TLS)
 * @param accessKey the access key
 * @param secretKey the secret key
 * @param bucket the bucket
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
     *     the embedded store runs (use {@link #of(StorageConfig, String)} with that endpoint)
     */
    public static ObjectStoreSettings of(StorageConfig storage) {
        if (storage.embedded()) {
            throw new IllegalArgumentException("the embedded object store has no configured endpoint");
        }
        return of(storage, storage.endpointUrl());
    }

    /** The settings of {@code storage} with the given endpoint: that of the running embedded store. */
    public static ObjectStoreSettings of(StorageConfig storage, String endpoint) {
        return new ObjectStoreSettings(endpoint, storage.accessKey(), storage.secretKey(), storage.bucket(),
                storage.region());
    }
}
