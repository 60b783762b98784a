package io.cdcflow.extractor.core;

/**
 * How a column's value is fetched from a JDBC result set, before it is normalised to the Java class
 * its {@link io.cdcflow.common.core.ColumnType} documents.
 */
public enum ValueRead {
    /** {@code getInt}. */
    INT,
    /** {@code getLong}. */
    LONG,
    /** {@code getBigDecimal}. */
    DECIMAL,
    /** {@code getBigDecimal}, kept as its plain string (no exponent). */
    DECIMAL_AS_PLAIN_STRING,
    /** {@code getFloat}. */
    FLOAT,
    /** {@code getDouble}. */
    DOUBLE,
    /** {@code getBoolean}. */
    BOOLEAN,
    /** {@code getString}. */
    STRING,
    /** {@code getBytes}. */
    BYTES,
    /** {@code getObject(i, LocalDate.class)}. */
    LOCAL_DATE,
    /** {@code getObject(i, LocalTime.class)}. */
    LOCAL_TIME,
    /** {@code getObject(i, LocalDateTime.class)}. */
    LOCAL_DATE_TIME,
    /** {@code getObject(i, OffsetDateTime.class)}, as an instant. */
    OFFSET_DATE_TIME,
    /**
     * {@code getObject(i, LocalDateTime.class)} read as UTC: for MySQL {@code TIMESTAMP} columns,
     * which the server renders in the session time zone, pinned to UTC by the connection settings.
     */
    UTC_LOCAL_DATE_TIME
}
