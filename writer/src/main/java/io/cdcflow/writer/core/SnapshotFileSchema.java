package io.cdcflow.writer.core;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The typed shape of a run's Parquet and Avro files: the table's columns, then the {@link CdcColumns}
 * when metadata is included. The Avro record schema is {@link TableAvroSchemas#toAvro} of these
 * columns, so files carry the same types, field names and {@code cdc.*} properties (original column
 * name, source type, primary key) as the schema topic, with two differences: only primary key columns
 * keep NOT NULL, because a deleted row may carry nothing but its key; and {@code _cdc_timestamp} is a
 * {@code timestamp-micros}, the other metadata columns strings. Immutable.
 */
public final class SnapshotFileSchema {
    private static final List<Column> METADATA = List.of(
            Column.of(CdcColumns.OPERATION, ColumnType.STRING, false),
            Column.of(CdcColumns.TIMESTAMP, ColumnType.TIMESTAMP_TZ, false),
            Column.of(CdcColumns.TABLE, ColumnType.STRING, false),
            Column.of(CdcColumns.DATASOURCE, ColumnType.STRING, false));

    private final List<Column> columns;
    private final Schema avro;

    private SnapshotFileSchema(List<Column> columns, Schema avro) {
        this.columns = columns;
        this.avro = avro;
    }

    /**
     * The files' schema for a layout.
     *
     * @throws IllegalArgumentException if the layout has no table schema
     * @throws UnwritableDataException if a table column's Avro name clashes with a metadata column
     */
    public static SnapshotFileSchema of(SnapshotLayout layout) {
        TableSchema table = layout.schema()
                .orElseThrow(() -> new IllegalArgumentException("a typed file needs the table's schema"));
        List<Column> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            boolean nullable = column.nullable() || !table.primaryKey().contains(column.name());
            columns.add(new Column(column.name(), column.type(), nullable, column.precision(), column.scale(),
                    column.sourceType()));
        }
        if (layout.includesMetadata()) {
            columns.addAll(METADATA);
        }
        Schema avro = TableAvroSchemas.toAvro(new TableSchema(table.datasource(), table.table(), columns,
                table.primaryKey()));
        if (layout.includesMetadata()) {
            checkMetadataNames(avro, table.table());
        }
        return new SnapshotFileSchema(List.copyOf(columns), avro);
    }

    /** The files' columns in order; names are the original ones, as the rows' JSON keys. */
    public List<Column> columns() {
        return columns;
    }

    /** The Avro record schema of the files' rows; field {@code i} is column {@code i}. */
    public Schema avro() {
        return avro;
    }

    // toAvro renames a clashing field (_cdc_table_2); a renamed metadata column would silently mislead readers.
    private static void checkMetadataNames(Schema avro, String table) {
        List<Schema.Field> fields = avro.getFields();
        int first = fields.size() - METADATA.size();
        for (int i = 0; i < METADATA.size(); i++) {
            String expected = METADATA.get(i).name();
            if (!fields.get(first + i).name().equals(expected)) {
                throw new UnwritableDataException("a column of table " + table
                        + " has the name of the metadata column " + expected
                        + "; write the table with include_metadata false or in another format");
            }
        }
    }
}
