package io.cdcflow.extractor.core;

import java.util.List;
import java.util.Objects;

/**
 * The one SELECT a run attempt streams, with its parameters.
 *
 * @param sql the statement, identifiers quoted, a {@code ?} per parameter
 * @param parameters values bound in order with {@code setObject} (the dialect chose their classes)
 */
public record ScanQuery(String sql, List<Object> parameters) {
    public ScanQuery {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
    }

    /** A query without parameters. */
    public static ScanQuery of(String sql) {
        return new ScanQuery(sql, List.of());
    }
}
