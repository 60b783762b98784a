package io.cdcflow.common.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A run's table schema differs from the previous run's: both Avro schema fingerprints (hex, as the
 * keys of the schemas topic). Reported on the writer feed's partition reports and on the run's
 * {@code diffed} and later run events as {@code schema_change}.
 *
 * @param previous fingerprint of the previous run's schema
 * @param current fingerprint of this run's schema
 */
public record SchemaChange(@JsonProperty("previous") String previous, @JsonProperty("current") String current) {
    public SchemaChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }

    /**
     * The change from {@code previous} to {@code current}, or null when there is no previous schema or
     * it is the same.
     */
    public static SchemaChange between(String previous, String current) {
        return previous == null || previous.equals(current) ? null : new SchemaChange(previous, current);
    }
}
