package io.cdcflow.writer.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns change images into the rows of a run's snapshot files: the table's columns in schema order
 * (columns the image lacks, like the non-key columns of a key-only delete, are left out), then, when
 * metadata is included, the {@link CdcColumns}. Values are kept exactly as the differ rendered them.
 * Immutable and thread-safe.
 */
public final class SnapshotRowRenderer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RunKey run;
    private final String runStarted;
    private final Optional<TableSchema> schema;
    private final boolean includeMetadata;

    /**
     * @param run the run, naming the table and datasource
     * @param runStartedMs the run's start, epoch milliseconds: the {@code _cdc_timestamp} of every row
     * @param schema the table's schema of the run; when empty rows keep the image's column order
     * @param includeMetadata whether rows carry the {@link CdcColumns}
     */
    public SnapshotRowRenderer(RunKey run, long runStartedMs, Optional<TableSchema> schema,
            boolean includeMetadata) {
        this.run = run;
        this.runStarted = Instant.ofEpochMilli(runStartedMs).toString();
        this.schema = schema;
        this.includeMetadata = includeMetadata;
    }

    /** The files' shape: schema and column order. */
    public SnapshotLayout layout() {
        List<String> names = new ArrayList<>();
        schema.ifPresent(table -> {
            table.columns().forEach(column -> names.add(column.name()));
            if (includeMetadata) {
                names.addAll(CdcColumns.ALL);
            }
        });
        return new SnapshotLayout(schema.orElse(null), names, includeMetadata);
    }

    /**
     * One row of a full image file: the table's columns of the run's schema only (a column the table no
     * longer has is left out), then the {@link CdcColumns} with the change that produced the row and the
     * start of the run that observed it.
     *
     * @throws IllegalStateException if the renderer has no schema (a full image needs its primary key)
     */
    public ObjectNode renderFullImageRow(FullImageEntry entry) {
        TableSchema table = schema.orElseThrow(() -> new IllegalStateException("a full image needs the schema"));
        ObjectNode row = NODES.objectNode();
        for (Column column : table.columns()) {
            JsonNode value = entry.row().get(column.name());
            if (value != null) {
                row.set(column.name(), value);
            }
        }
        if (includeMetadata) {
            row.put(CdcColumns.OPERATION, entry.operation().category());
            row.put(CdcColumns.TIMESTAMP, Instant.ofEpochMilli(entry.observedMs()).toString());
            row.put(CdcColumns.TABLE, run.table());
            row.put(CdcColumns.DATASOURCE, run.datasource());
        }
        return row;
    }

    /** One file row for an image of {@code operation}. */
    public ObjectNode render(Operation operation, JsonNode image) {
        ObjectNode row = NODES.objectNode();
        if (schema.isPresent()) {
            for (Column column : schema.get().columns()) {
                JsonNode value = image.get(column.name());
                if (value != null) {
                    row.set(column.name(), value);
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : image.properties()) {
            if (!row.has(field.getKey())) {
                row.set(field.getKey(), field.getValue());
            }
        }
        if (includeMetadata) {
            row.put(CdcColumns.OPERATION, operation.category());
            row.put(CdcColumns.TIMESTAMP, runStarted);
            row.put(CdcColumns.TABLE, run.table());
            row.put(CdcColumns.DATASOURCE, run.datasource());
        }
        return row;
    }
}
