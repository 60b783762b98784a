package io.cdcflow.extractor.core;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import java.util.Objects;

/**
 * The pipeline's view of a source column and how to read it.
 *
 * @param column the logical column
 * @param read how the value is fetched from a result set
 * @param fallbackReason why the type was read as text instead of an exact mapping, or null when the
 *     mapping is exact; callers log it as a warning
 */
public record MappedColumn(Column column, ValueRead read, String fallbackReason) {
    public MappedColumn {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(read, "read");
    }

    /** An exact mapping to a non-decimal type. */
    public static MappedColumn exact(SourceColumn source, ColumnType type, ValueRead read) {
        return new MappedColumn(new Column(source.name(), type, source.nullable(), 0, 0, source.typeName()),
                read, null);
    }

    /** An exact mapping to a decimal of the given precision and scale. */
    public static MappedColumn decimal(SourceColumn source, int precision, int scale) {
        return new MappedColumn(new Column(source.name(), ColumnType.DECIMAL, source.nullable(), precision, scale,
                source.typeName()), ValueRead.DECIMAL, null);
    }

    /** A column of a type without an exact mapping, read as its text form. */
    public static MappedColumn fallback(SourceColumn source, String reason) {
        return new MappedColumn(new Column(source.name(), ColumnType.STRING, source.nullable(), 0, 0,
                source.typeName()), ValueRead.STRING, reason);
    }

    /** A decimal column without a fixed precision and scale, kept exact as its plain string form. */
    public static MappedColumn decimalAsText(SourceColumn source, String reason) {
        return new MappedColumn(new Column(source.name(), ColumnType.STRING, source.nullable(), 0, 0,
                source.typeName()), ValueRead.DECIMAL_AS_PLAIN_STRING, reason);
    }

    /** Whether the mapping fell back to text. */
    public boolean isFallback() {
        return fallbackReason != null;
    }
}
