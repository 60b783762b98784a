package io.cdcflow.extractor.core;

import io.cdcflow.common.core.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Turns a value as fetched by its {@link ValueRead} into the one Java representation its
 * {@link ColumnType} documents. Temporal values are truncated to the microsecond here, before
 * hashing, so that the hashed value is exactly the value the row codec round-trips.
 */
public final class ValueNormalizer {
    /** Microseconds since 1970 in a long reach about year 294247; days in an int much further. */
    static final int MAX_YEAR = 290_000;
    private ValueNormalizer() {
    }

    /**
     * The canonical value.
     *
     * @param column the column's mapping
     * @param raw the value the result set returned for the column's {@link ValueRead}, or null
     * @return the canonical value, or null for SQL NULL
     * @throws IllegalArgumentException if a decimal has more fractional digits than its column's scale,
     *     or a date or timestamp lies outside years -290000..290000 (e.g. PostgreSQL's
     *     {@code infinity}), which Avro's int days and long microseconds cannot hold
     */
    public static Object normalize(MappedColumn column, Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (column.read()) {
            case DECIMAL -> scaled(column, (BigDecimal) raw);
            case DECIMAL_AS_PLAIN_STRING -> ((BigDecimal) raw).toPlainString();
            case STRING -> column.column().type() == ColumnType.UUID
                    ? ((String) raw).toLowerCase(Locale.ROOT) : raw;
            case LOCAL_TIME -> ((LocalTime) raw).truncatedTo(ChronoUnit.MICROS);
            case LOCAL_DATE_TIME -> inRange(column, ((LocalDateTime) raw).truncatedTo(ChronoUnit.MICROS));
            case OFFSET_DATE_TIME -> ((OffsetDateTime) raw).toInstant().truncatedTo(ChronoUnit.MICROS);
            case UTC_LOCAL_DATE_TIME -> ((LocalDateTime) raw).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            case LOCAL_DATE -> inRange(column, (LocalDate) raw);
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN, BYTES -> raw;
        };
    }

    private static LocalDate inRange(MappedColumn column, LocalDate date) {
        checkYear(column, date.getYear());
        return date;
    }

    private static LocalDateTime inRange(MappedColumn column, LocalDateTime dateTime) {
        checkYear(column, dateTime.getYear());
        return dateTime;
    }

    private static void checkYear(MappedColumn column, int year) {
        if (Math.abs(year) > MAX_YEAR) {
            throw new IllegalArgumentException("column " + column.column().name() + " holds a value in year " + year
                    + ", outside the supported years -" + MAX_YEAR + ".." + MAX_YEAR
                    + " (PostgreSQL infinity cannot be represented)");
        }
    }

    private static BigDecimal scaled(MappedColumn column, BigDecimal value) {
        try {
            return value.setScale(column.column().scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("column " + column.column().name() + " declares scale "
                    + column.column().scale() + " but returned a value with scale " + value.scale(), e);
        }
    }
}
