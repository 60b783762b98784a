package io.cdcflow.common.config;

import java.util.Objects;

/**
 * One problem found in a configuration file.
 *
 * @param path where the problem is, as a JSONPath such as {@code $.tables.users.method}
 * @param reason what is wrong, never containing the value of a secret
 */
public record ConfigError(String path, String reason) {

    /** Checks that both parts are present. */
    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /** Returns {@code path: reason}, the form used in {@link ConfigException#getMessage()}. */
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
