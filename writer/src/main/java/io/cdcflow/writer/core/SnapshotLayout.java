package io.cdcflow.writer.core;

import io.cdcflow.common.core.TableSchema;
import java.util.List;
import java.util.Optional;

/**
 * The shape of a run's snapshot files, for format writers that need it before the first row (a CSV
 * header, a Parquet or Avro schema).
 *
 * @param tableSchema the table's schema of the run, or null if the feed carried none
 * @param columns the files' column names in order: the table's columns, then the {@link CdcColumns}
 *     when metadata is included; empty when the schema is unknown
 * @param includesMetadata whether rows carry the {@link CdcColumns}
 */
public record SnapshotLayout(TableSchema tableSchema, List<String> columns, boolean includesMetadata) {
    public SnapshotLayout {
        columns = List.copyOf(columns);
    }

    /** The table's schema of the run, if known. */
    public Optional<TableSchema> schema() {
        return Optional.ofNullable(tableSchema);
    }
}
