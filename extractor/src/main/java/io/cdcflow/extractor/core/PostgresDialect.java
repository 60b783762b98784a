package io.cdcflow.extractor.core;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * PostgreSQL: double-quoted identifiers; a cursor-based fetch needs auto-commit off and a fetch
 * size. Type names refine the mapping where pgjdbc's type codes are too coarse (boolean is reported
 * as {@code BIT}, json, jsonb and uuid as {@code OTHER}, numeric without precision as a huge
 * precision).
 */
public final class PostgresDialect implements Dialect {
    @Override
    public String quote(String identifier) {
        return Dialect.quoteWith('"', identifier);
    }

    @Override
    public StreamingFetch streamingFetch(int batchSize) {
        return new StreamingFetch(false, batchSize);
    }

    /** {@code ROW(...)::text} quotes each value and tells NULL from the empty string. */
    @Override
    public Optional<String> chunkChecksum(ExtractionPlan plan, KeyRange range) {
        StringJoiner row = new StringJoiner(", ", "ROW(", ")::text");
        for (Column column : Dialect.checksummedColumns(plan)) {
            row.add(quote(column.name()));
        }
        return Optional.of(Dialect.where("SELECT count(*), coalesce(sum(('x' || substr(md5(" + row
                + "), 1, 15))::bit(60)::bigint), 0) FROM " + qualifiedTable(plan.location().schema(),
                plan.location().table()), range));
    }

    /** pgjdbc binds a string as varchar, which does not compare with a uuid column. */
    @Override
    public Object keyParameter(Column column, Object value) {
        return column.type() == ColumnType.UUID ? UUID.fromString((String) value) : Dialect.super.keyParameter(
                column, value);
    }

    @Override
    public MappedColumn map(SourceColumn column) {
        String typeName = column.typeName().toLowerCase(Locale.ROOT);
        return switch (typeName) {
            case "bool" -> MappedColumn.exact(column, ColumnType.BOOLEAN, ValueRead.BOOLEAN);
            case "bit" -> column.size() == 1
                    ? MappedColumn.exact(column, ColumnType.BOOLEAN, ValueRead.BOOLEAN)
                    : MappedColumn.exact(column, ColumnType.STRING, ValueRead.STRING);
            case "varbit" -> MappedColumn.exact(column, ColumnType.STRING, ValueRead.STRING);
            case "numeric", "decimal" -> numeric(column);
            case "json", "jsonb" -> MappedColumn.exact(column, ColumnType.JSON, ValueRead.STRING);
            case "uuid" -> MappedColumn.exact(column, ColumnType.UUID, ValueRead.STRING);
            case "timestamptz" -> MappedColumn.exact(column, ColumnType.TIMESTAMP_TZ, ValueRead.OFFSET_DATE_TIME);
            case "timestamp" -> MappedColumn.exact(column, ColumnType.TIMESTAMP, ValueRead.LOCAL_DATE_TIME);
            case "money" -> MappedColumn.fallback(column,
                    "type money depends on the session's locale; its text form is used");
            case "timetz" -> MappedColumn.fallback(column,
                    "type timetz (time with time zone) has no logical type; its text form is used");
            default -> JdbcTypeMapper.map(column);
        };
    }

    private static MappedColumn numeric(SourceColumn column) {
        if (JdbcTypeMapper.hasDeclaredPrecision(column)) {
            return MappedColumn.decimal(column, column.size(), column.decimalDigits());
        }
        // Unconstrained numeric has no fixed scale, so no Avro decimal fits every value; the plain
        // string form keeps each value exact. This is the documented mapping, not a fallback.
        return MappedColumn.decimalAsText(column, null);
    }
}
