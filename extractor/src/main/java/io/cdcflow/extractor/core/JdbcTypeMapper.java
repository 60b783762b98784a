package io.cdcflow.extractor.core;

import io.cdcflow.common.core.ColumnType;
import java.sql.Types;
import java.util.Locale;

/**
 * Maps a column by its JDBC type code, with the few type names every database shares (json, uuid).
 * Dialects handle their own type names first and fall back to this. A type without an exact mapping
 * becomes a {@link ColumnType#STRING} read with {@code getString}, never an error.
 */
public final class JdbcTypeMapper {
    /** Largest decimal precision mapped to a decimal; beyond it values are kept as text. */
    static final int MAX_DECIMAL_PRECISION = 1000;

    private JdbcTypeMapper() {
    }

    /** The mapping of a column by its JDBC type code. */
    public static MappedColumn map(SourceColumn column) {
        String typeName = column.typeName().toLowerCase(Locale.ROOT);
        if (typeName.equals("json") || typeName.equals("jsonb")) {
            return MappedColumn.exact(column, ColumnType.JSON, ValueRead.STRING);
        }
        if (typeName.equals("uuid")) {
            return MappedColumn.exact(column, ColumnType.UUID, ValueRead.STRING);
        }
        return switch (column.jdbcType()) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> MappedColumn.exact(column, ColumnType.INT, ValueRead.INT);
            case Types.BIGINT -> MappedColumn.exact(column, ColumnType.LONG, ValueRead.LONG);
            case Types.NUMERIC, Types.DECIMAL -> decimal(column);
            case Types.REAL -> MappedColumn.exact(column, ColumnType.FLOAT, ValueRead.FLOAT);
            // JDBC's FLOAT is double precision
            case Types.FLOAT, Types.DOUBLE -> MappedColumn.exact(column, ColumnType.DOUBLE, ValueRead.DOUBLE);
            case Types.BIT, Types.BOOLEAN -> MappedColumn.exact(column, ColumnType.BOOLEAN, ValueRead.BOOLEAN);
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> MappedColumn.exact(column, ColumnType.STRING, ValueRead.STRING);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    MappedColumn.exact(column, ColumnType.BYTES, ValueRead.BYTES);
            case Types.DATE -> MappedColumn.exact(column, ColumnType.DATE, ValueRead.LOCAL_DATE);
            case Types.TIME -> MappedColumn.exact(column, ColumnType.TIME, ValueRead.LOCAL_TIME);
            case Types.TIMESTAMP -> MappedColumn.exact(column, ColumnType.TIMESTAMP, ValueRead.LOCAL_DATE_TIME);
            case Types.TIMESTAMP_WITH_TIMEZONE ->
                    MappedColumn.exact(column, ColumnType.TIMESTAMP_TZ, ValueRead.OFFSET_DATE_TIME);
            default -> MappedColumn.fallback(column, "no exact mapping for type " + column.typeName()
                    + " (JDBC type " + column.jdbcType() + "); its text form is used");
        };
    }

    /** A decimal with the declared precision and scale, or text when they are not usable. */
    private static MappedColumn decimal(SourceColumn column) {
        if (hasDeclaredPrecision(column)) {
            return MappedColumn.decimal(column, column.size(), column.decimalDigits());
        }
        return MappedColumn.decimalAsText(column, "decimal type " + column.typeName() + "(" + column.size() + ","
                + column.decimalDigits() + ") has no usable precision and scale; its plain string form is used");
    }

    /** Whether size and decimal digits form a precision and scale an Avro decimal can carry. */
    static boolean hasDeclaredPrecision(SourceColumn column) {
        int precision = column.size();
        int scale = column.decimalDigits();
        return precision > 0 && precision <= MAX_DECIMAL_PRECISION && scale >= 0 && scale <= precision;
    }
}
