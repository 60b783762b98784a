package io.cdcflow.common.core;

import java.util.Objects;

/**
 * One column of a source table.
 *
 * @param name the column name exactly as the database spells it
 * @param type the logical type
 * @param nullable whether the column may hold NULL
 * @param precision decimal precision (0 when not a decimal)
 * @param scale decimal scale (0 when not a decimal)
 * @param sourceType the database's own type name, kept for documentation and warnings
 */
public record Column(String name, ColumnType type, boolean nullable, int precision, int scale, String sourceType) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type == ColumnType.DECIMAL && (precision <= 0 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("decimal column " + name + " needs 0 <= scale <= precision, precision > 0");
        }
        sourceType = sourceType == null ? type.name().toLowerCase(java.util.Locale.ROOT) : sourceType;
    }

    /** A column of a non-decimal type. */
    public static Column of(String name, ColumnType type, boolean nullable) {
        return new Column(name, type, nullable, 0, 0, null);
    }

    /** A decimal column. */
    public static Column decimal(String name, int precision, int scale, boolean nullable) {
        return new Column(name, ColumnType.DECIMAL, nullable, precision, scale, null);
    }
}
