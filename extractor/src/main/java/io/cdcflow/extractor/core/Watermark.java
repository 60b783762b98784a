package io.cdcflow.extractor.core;

import io.cdcflow.common.core.ColumnType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * A value of a timestamp column, as the timestamp method compares and stores it: the column's
 * logical type and its canonical Java value ({@link ColumnType#TIMESTAMP}: {@link LocalDateTime},
 * {@link ColumnType#TIMESTAMP_TZ}: {@link Instant}, {@link ColumnType#DATE}: {@link LocalDate}),
 * truncated to microseconds like every temporal value of the pipeline.
 *
 * <p>Its text form is ISO-8601 with exactly six fraction digits, {@code Z} for instants:
 * {@code 2024-03-31T01:30:00.000001}, {@code 2024-03-31T01:30:00.000001Z}, {@code 2024-03-31}.
 *
 * @param type the column's logical type
 * @param value the value, of the type's Java class
 */
public record Watermark(ColumnType type, Object value) implements Comparable<Watermark> {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .toFormatter(Locale.ROOT);

    public Watermark {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        value = switch (type) {
            case TIMESTAMP -> ((LocalDateTime) checked(type, value, LocalDateTime.class)).truncatedTo(ChronoUnit.MICROS);
            case TIMESTAMP_TZ -> ((Instant) checked(type, value, Instant.class)).truncatedTo(ChronoUnit.MICROS);
            case DATE -> checked(type, value, LocalDate.class);
            default -> throw new IllegalArgumentException(unsupported(type));
        };
    }

    /** Whether a column of this type can be a timestamp column. */
    public static boolean supports(ColumnType type) {
        return type == ColumnType.TIMESTAMP || type == ColumnType.TIMESTAMP_TZ || type == ColumnType.DATE;
    }

    /** The type's name in the text form: {@code timestamp}, {@code timestamp_tz} or {@code date}. */
    public String typeName() {
        return typeNameOf(type);
    }

    /** The text form's name of a supported type. */
    public static String typeNameOf(ColumnType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value {@code overlap} earlier. A date moves back by whole days: the day holding the
     * instant {@code overlap} before its start (so any overlap above zero reaches the previous day).
     */
    public Watermark minus(Duration overlap) {
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative");
        }
        return switch (type) {
            case TIMESTAMP -> new Watermark(type, ((LocalDateTime) value).minus(overlap));
            case TIMESTAMP_TZ -> new Watermark(type, ((Instant) value).minus(overlap));
            default -> overlap.isZero() ? this
                    : new Watermark(type, ((LocalDate) value).atStartOfDay().minus(overlap).toLocalDate());
        };
    }

    /** ISO-8601 text, microsecond precision. */
    public String iso() {
        return switch (type) {
            case TIMESTAMP -> LOCAL.format((LocalDateTime) value);
            case TIMESTAMP_TZ -> LOCAL.format(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC)) + "Z";
            default -> DateTimeFormatter.ISO_LOCAL_DATE.format((LocalDate) value);
        };
    }

    /**
     * Parses the text form.
     *
     * @param typeName {@code timestamp}, {@code timestamp_tz} or {@code date}
     * @param iso the value as {@link #iso()} writes it (fewer fraction digits are accepted)
     * @throws IllegalArgumentException if the type is unknown or the value does not parse
     */
    public static Watermark parse(String typeName, String iso) {
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(iso, "iso");
        ColumnType type = switch (typeName) {
            case "timestamp" -> ColumnType.TIMESTAMP;
            case "timestamp_tz" -> ColumnType.TIMESTAMP_TZ;
            case "date" -> ColumnType.DATE;
            default -> throw new IllegalArgumentException("unknown watermark type \"" + typeName
                    + "\" (expected timestamp, timestamp_tz or date)");
        };
        try {
            return new Watermark(type, switch (type) {
                case TIMESTAMP -> LocalDateTime.parse(iso);
                case TIMESTAMP_TZ -> Instant.parse(iso);
                default -> LocalDate.parse(iso);
            });
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("watermark value \"" + iso + "\" is not an ISO-8601 " + typeName, e);
        }
    }

    /**
     * Orders two watermarks of the same type.
     *
     * @throws IllegalArgumentException if their types differ
     */
    @Override
    public int compareTo(Watermark other) {
        if (other.type != type) {
            throw new IllegalArgumentException("cannot compare a " + typeName() + " watermark with a "
                    + other.typeName() + " one");
        }
        return compareValues(value, other.value);
    }

    /** Orders two canonical values of one supported type. */
    static int compareValues(Object a, Object b) {
        if (a instanceof LocalDateTime x) {
            return x.compareTo((LocalDateTime) b);
        }
        if (a instanceof Instant x) {
            return x.compareTo((Instant) b);
        }
        return ((LocalDate) a).compareTo((LocalDate) b);
    }

    /** {@code timestamp_tz 2024-03-31T01:30:00.000001Z}. */
    @Override
    public String toString() {
        return typeName() + " " + iso();
    }

    static String unsupported(ColumnType type) {
        return "a timestamp column must be a timestamp, a timestamp with time zone or a date, not "
                + type.name().toLowerCase(Locale.ROOT);
    }

    private static Object checked(ColumnType type, Object value, Class<?> expected) {
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("a " + type.name().toLowerCase(Locale.ROOT) + " watermark holds a "
                    + expected.getSimpleName() + ", not a " + value.getClass().getSimpleName());
        }
        return value;
    }
}
