package io.cdcflow.common.config;

import java.util.Objects;

/**
 * A Confluent-compatible schema registry ({@code kafka.schema_registry}), where the differ registers
 * the Avro schemas of the change topics.
 *
 * @param url base URL of the registry's REST API, without a trailing slash (for Apicurio, its
 *     compatibility API, {@code .../apis/ccompat/v7})
 * @param username user for HTTP basic authentication, or null for none
 * @param password password for HTTP basic authentication; null exactly when {@code username} is
 * @param timeoutSeconds timeout of each request
 */
public record SchemaRegistrySettings(String url, String username, Secret password, int timeoutSeconds) {
    /** Request timeout when {@code timeout_seconds} is absent. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public SchemaRegistrySettings {
        Objects.requireNonNull(url, "url");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
    }

    /** A registry without authentication and the default timeout. */
    public static SchemaRegistrySettings of(String url) {
        return new SchemaRegistrySettings(url, null, null, DEFAULT_TIMEOUT_SECONDS);
    }
}
