package io.cdcflow.writer.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.RowJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a value of a file row, JSON as {@link RowJson} rendered it, back into the Avro representation
 * of its column's type in {@link io.cdcflow.common.core.TableAvroSchemas}: decimals from exact JSON
 * numbers to two's complement bytes at the column's scale, dates to epoch days, times and timestamps
 * from ISO-8601 text to microseconds, bytes from base64. Strict: a value that does not fit, or would
 * lose digits, is an {@link UnwritableDataException} rather than a silently different value.
 */
public final class JsonAvroValues {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;

    private JsonAvroValues() {
    }

    /**
     * The Avro value of {@code value} in {@code column}: null for a missing or JSON null value,
     * otherwise an Integer, Long, Float, Double, Boolean, String or ByteBuffer.
     *
     * @throws UnwritableDataException if the value is not of the column's type or does not fit it
     */
    public static Object toAvro(Column column, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        try {
            return switch (column.type()) {
                case INT -> integral(value).intValueExact();
                case LONG -> integral(value).longValueExact();
                case DECIMAL -> decimal(column, value);
                case FLOAT -> value.isNumber() ? value.floatValue() : (float) nonFinite(value);
                case DOUBLE -> value.isNumber() ? value.doubleValue() : nonFinite(value);
                case BOOLEAN -> bool(value);
                case STRING, JSON, UUID -> text(value);
                case BYTES -> ByteBuffer.wrap(Base64.getDecoder().decode(text(value)));
                case DATE -> Math.toIntExact(LocalDate.parse(text(value)).toEpochDay());
                case TIME -> micros(LocalTime.parse(text(value)).toNanoOfDay());
                case TIMESTAMP -> micros(LocalDateTime.parse(text(value)).toInstant(ZoneOffset.UTC));
                case TIMESTAMP_TZ -> micros(Instant.parse(text(value)));
            };
        } catch (ArithmeticException | IllegalArgumentException | DateTimeException e) {
            throw new UnwritableDataException("column " + column.name() + ": " + describe(value)
                    + " is not a " + typeName(column) + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }

    private static BigInteger integral(JsonNode value) {
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("not an integer");
        }
        return value.bigIntegerValue();
    }

    private static ByteBuffer decimal(Column column, JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("not a number");
        }
        BigDecimal scaled = value.decimalValue().setScale(column.scale(), RoundingMode.UNNECESSARY);
        if (scaled.precision() > column.precision()) {
            throw new ArithmeticException("more than " + column.precision() + " digits");
        }
        return ByteBuffer.wrap(scaled.unscaledValue().toByteArray());
    }

    /** Jackson writes non-finite floats as the strings NaN, Infinity and -Infinity. */
    private static double nonFinite(JsonNode value) {
        return switch (text(value)) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a number");
        };
    }

    private static boolean bool(JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("not a boolean");
        }
        return value.booleanValue();
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("not a string");
        }
        return value.textValue();
    }

    private static long micros(long nanos) {
        if (nanos % NANOS_PER_MICRO != 0) {
            throw new ArithmeticException("finer than microseconds");
        }
        return nanos / NANOS_PER_MICRO;
    }

    private static long micros(Instant instant) {
        long nanos = instant.getNano();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), micros(nanos));
    }

    private static String typeName(Column column) {
        return switch (column.type()) {
            case DECIMAL -> "decimal(" + column.precision() + "," + column.scale() + ")";
            default -> column.type().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
