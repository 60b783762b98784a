package io.cdcflow.extractor.core;

import io.cdcflow.common.config.CdcMethod;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything needed to extract one table, decided from its configuration and the database's
 * metadata before a row is read: the logical schema, how each column is read, the SELECT, and which
 * columns make up the key and the hash.
 *
 * @param schema the table's logical schema (datasource and table are the configured names)
 * @param columns how each column is read, in database order (parallel to {@code schema.columns()})
 * @param selectSql the SELECT of every column, identifiers quoted
 * @param keyIndexes positions of the primary-key columns, in key order
 * @param hashIndexes positions of the hashed columns, in hash order
 * @param location where the table lives (the database's spelling)
 */
public record ExtractionPlan(TableSchema schema, List<MappedColumn> columns, String selectSql, int[] keyIndexes,
                             int[] hashIndexes, TableLocation location) {

    public ExtractionPlan {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(location, "location");
        columns = List.copyOf(columns);
        Objects.requireNonNull(selectSql, "selectSql");
        keyIndexes = keyIndexes.clone();
        hashIndexes = hashIndexes.clone();
    }

    @Override
    public int[] keyIndexes() {
        return keyIndexes.clone();
    }

    @Override
    public int[] hashIndexes() {
        return hashIndexes.clone();
    }

    /** The primary-key columns, in key order. */
    public List<Column> keyColumns() {
        return Arrays.stream(keyIndexes).mapToObj(i -> schema.columns().get(i)).toList();
    }

    /** The hashed columns, in hash order. */
    public List<Column> hashedColumns() {
        return Arrays.stream(hashIndexes).mapToObj(i -> schema.columns().get(i)).toList();
    }

    /**
     * Plans the extraction of a table.
     *
     * @param table the table's configuration
     * @param dialect the database's dialect
     * @param location where the table was found (the database's spelling of its schema and name)
     * @param sourceColumns the table's columns in database order, as metadata describes them
     * @param metadataPrimaryKey the primary key the database declares, in key order (may be empty)
     * @throws SourceSchemaException if there is no usable primary key or a configured column is missing
     */
    public static ExtractionPlan plan(TableConfig table, Dialect dialect, TableLocation location,
                                      List<SourceColumn> sourceColumns, List<String> metadataPrimaryKey) {
        if (sourceColumns.isEmpty()) {
            throw new SourceSchemaException("table " + location + " has no columns");
        }
        List<MappedColumn> mapped = sourceColumns.stream().map(dialect::map).toList();
        List<Column> columns = mapped.stream().map(MappedColumn::column).toList();
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> primaryKey = primaryKey(table, location, names, metadataPrimaryKey);
        if (!table.hashesAllColumns()) {
            requireColumns(location, names, table.hashColumns(), "hash_columns");
        }
        if (table.method() == CdcMethod.TIMESTAMP) {
            requireTimestampColumn(table, location, names, columns);
        }
        TableSchema schema = new TableSchema(table.datasource(), table.name(), columns, primaryKey);
        return new ExtractionPlan(schema, mapped, dialect.selectAll(location.schema(), location.table(), names),
                schema.primaryKeyIndexes(), schema.indexesOf(table.hashColumns()), location);
    }

    private static List<String> primaryKey(TableConfig table, TableLocation location, List<String> names,
                                           List<String> metadataPrimaryKey) {
        if (!table.primaryKey().isEmpty()) {
            requireColumns(location, names, table.primaryKey(), "primary_key");
            return table.primaryKey();
        }
        if (metadataPrimaryKey.isEmpty()) {
            throw new SourceSchemaException("table " + location + " has no primary key; configure \"primary_key\""
                    + " for table " + table.name());
        }
        return metadataPrimaryKey;
    }

    private static void requireTimestampColumn(TableConfig table, TableLocation location, List<String> names,
                                               List<Column> columns) {
        requireColumns(location, names, List.of(table.timestampColumn()), "timestamp_column");
        Column column = columns.get(names.indexOf(table.timestampColumn()));
        if (!Watermark.supports(column.type())) {
            throw new SourceSchemaException("configured timestamp_column " + column.name() + " of table " + location
                    + " is of type " + column.sourceType() + "; " + Watermark.unsupported(column.type()));
        }
    }

    private static void requireColumns(TableLocation location, List<String> names, List<String> wanted, String key) {
        List<String> missing = new ArrayList<>();
        for (String column : wanted) {
            if (!names.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new SourceSchemaException("configured " + key + " column(s) " + missing + " not found in table "
                    + location + "; its columns are " + names.stream().collect(Collectors.joining(", ", "[", "]")));
        }
    }
}
