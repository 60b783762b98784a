package io.cdcflow.writer.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Column;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericData;

/**
 * Turns the rows of a run's files (JSON objects from {@link SnapshotRowRenderer}) into Avro records of
 * the {@link SnapshotFileSchema}, value by value with {@link JsonAvroValues}. A column the row lacks is
 * null, as for the non-key columns of a key-only delete. Immutable and thread-safe.
 */
public final class AvroRowConverter {
    private final SnapshotFileSchema schema;
    private final List<Column> columns;
    private final Set<String> names;

    /** @param schema the files' schema */
    public AvroRowConverter(SnapshotFileSchema schema) {
        this.schema = schema;
        this.columns = schema.columns();
        this.names = columns.stream().map(Column::name).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The record of one row.
     *
     * @throws UnwritableDataException if a value does not fit its column, a NOT NULL column is null or
     *     missing, or the row has a column the schema lacks (which would otherwise be dropped silently)
     */
    public GenericData.Record toRecord(JsonNode row) {
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            if (!names.contains(field.getKey())) {
                throw new UnwritableDataException("column " + field.getKey() + " is not in the table's schema");
            }
        }
        GenericData.Record record = new GenericData.Record(schema.avro());
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Object value = JsonAvroValues.toAvro(column, row.get(column.name()));
            if (value == null && !column.nullable()) {
                throw new UnwritableDataException("column " + column.name() + " is NOT NULL but the row has no value");
            }
            record.put(i, value);
        }
        return record;
    }
}
