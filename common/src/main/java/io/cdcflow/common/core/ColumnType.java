package io.cdcflow.common.core;

/**
 * The logical type of a column, independent of the database it came from. Each type has exactly one
 * Java representation inside the pipeline, listed per constant; the extractor normalises driver
 * values to it, so hashing, encoding and file writing never see driver-specific classes.
 */
public enum ColumnType {
    /** {@link Integer}. */
    INT,
    /** {@link Long}. */
    LONG,
    /** {@link java.math.BigDecimal} with the column's scale. */
    DECIMAL,
    /** {@link Float}. */
    FLOAT,
    /** {@link Double}. */
    DOUBLE,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link String}. */
    STRING,
    /** {@link String} holding JSON text as the database returned it. */
    JSON,
    /** {@link String}, canonical lower-case form. */
    UUID,
    /** {@code byte[]}. */
    BYTES,
    /** {@link java.time.LocalDate}. */
    DATE,
    /** {@link java.time.LocalTime}, microsecond precision. */
    TIME,
    /** {@link java.time.LocalDateTime} (no zone), microsecond precision. */
    TIMESTAMP,
    /** {@link java.time.Instant} (a point in time), microsecond precision. */
    TIMESTAMP_TZ
}
