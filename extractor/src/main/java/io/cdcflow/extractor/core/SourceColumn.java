package io.cdcflow.extractor.core;

import java.util.Objects;

/**
 * A column as JDBC metadata describes it ({@code DatabaseMetaData.getColumns}).
 *
 * @param name the column name exactly as the database spells it
 * @param jdbcType the {@link java.sql.Types} code ({@code DATA_TYPE})
 * @param typeName the database's type name ({@code TYPE_NAME}), e.g. {@code int4}, {@code INT UNSIGNED}
 * @param size the column size ({@code COLUMN_SIZE}): precision of numbers, length of text and bits
 * @param decimalDigits the scale of numbers ({@code DECIMAL_DIGITS}), 0 when absent
 * @param nullable whether the column may hold NULL (unknown counts as nullable)
 */
public record SourceColumn(String name, int jdbcType, String typeName, int size, int decimalDigits,
                           boolean nullable) {
    public SourceColumn {
        Objects.requireNonNull(name, "name");
        typeName = typeName == null ? "" : typeName;
    }
}
