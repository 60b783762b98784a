package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RowJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each column type from its JSON rendering (through the spill's text, as the writer reads it) to the
 * Avro value parquet-avro and Avro's writer expect, and the values that must be refused.
 */
class JsonAvroValuesTest {

    private static final Column DECIMAL = Column.decimal("amount", 12, 2, true);

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(column(ColumnType.INT), Integer.MIN_VALUE, Integer.MIN_VALUE),
                Arguments.of(column(ColumnType.LONG), Long.MAX_VALUE, Long.MAX_VALUE),
                Arguments.of(DECIMAL, new BigDecimal("-1234567890.12"),
                        ByteBuffer.wrap(new BigInteger("-123456789012").toByteArray())),
                Arguments.of(DECIMAL, new BigDecimal("0.05"), ByteBuffer.wrap(new byte[] {5})),
                Arguments.of(Column.decimal("qty", 20, 0, true), new BigDecimal("12345678901234567890"),
                        ByteBuffer.wrap(new BigInteger("12345678901234567890").toByteArray())),
                Arguments.of(column(ColumnType.FLOAT), 0.1f, 0.1f),
                Arguments.of(column(ColumnType.FLOAT), Float.MIN_VALUE, Float.MIN_VALUE),
                Arguments.of(column(ColumnType.FLOAT), Float.NaN, Float.NaN),
                Arguments.of(column(ColumnType.FLOAT), Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY),
                Arguments.of(column(ColumnType.DOUBLE), 0.1, 0.1),
                Arguments.of(column(ColumnType.DOUBLE), Double.MAX_VALUE, Double.MAX_VALUE),
                Arguments.of(column(ColumnType.DOUBLE), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                Arguments.of(column(ColumnType.BOOLEAN), false, false),
                Arguments.of(column(ColumnType.STRING), "", ""),
                Arguments.of(column(ColumnType.STRING), "\u00fc \u2713 \"q\"\n", "\u00fc \u2713 \"q\"\n"),
                Arguments.of(column(ColumnType.JSON), "{\"a\": 1.50}", "{\"a\": 1.50}"),
                Arguments.of(column(ColumnType.UUID), "123e4567-e89b-12d3-a456-426614174000",
                        "123e4567-e89b-12d3-a456-426614174000"),
                Arguments.of(column(ColumnType.BYTES), new byte[] {0, (byte) 0xFF, 'A'},
                        ByteBuffer.wrap(new byte[] {0, (byte) 0xFF, 'A'})),
                Arguments.of(column(ColumnType.BYTES), new byte[0], ByteBuffer.wrap(new byte[0])),
                Arguments.of(column(ColumnType.DATE), LocalDate.of(1969, 12, 31), -1),
                Arguments.of(column(ColumnType.DATE), LocalDate.of(2024, 2, 29), 19_782),
                Arguments.of(column(ColumnType.TIME), LocalTime.MIDNIGHT, 0L),
                Arguments.of(column(ColumnType.TIME), LocalTime.of(23, 59, 59, 999_999_000), 86_399_999_999L),
                Arguments.of(column(ColumnType.TIMESTAMP), LocalDateTime.of(2024, 12, 15, 14, 30, 22, 123_456_000),
                        1_734_273_022_123_456L),
                Arguments.of(column(ColumnType.TIMESTAMP), LocalDateTime.of(1900, 1, 1, 0, 0), -2_208_988_800_000_000L),
                Arguments.of(column(ColumnType.TIMESTAMP_TZ), Instant.parse("1969-12-31T23:59:59.999999Z"), -1L),
                Arguments.of(column(ColumnType.TIMESTAMP_TZ), Instant.parse("2024-12-15T14:30:22Z"),
                        1_734_273_022_000_000L));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("values")
    void aValueAsTheDifferRendersItBecomesItsAvroValue(Column column, Object value, Object expected) {
        assertThat(JsonAvroValues.toAvro(column, spilled(RowJson.toJson(column, value)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ColumnType.class)
    void nullAndMissingAreNullInEveryType(ColumnType type) {
        Column column = type == ColumnType.DECIMAL ? DECIMAL : column(type);

        assertThat(JsonAvroValues.toAvro(column, spilled(RowJson.toJson(column, null)))).isNull();
        assertThat(JsonAvroValues.toAvro(column, null)).isNull();
    }

    @Test
    void decimalsTakeTheColumnsScaleFromAnyExactNumber() {
        assertThat(JsonAvroValues.toAvro(DECIMAL, json("10.5"))).isEqualTo(ByteBuffer.wrap(new byte[] {0x04, 0x1A}));
        assertThat(JsonAvroValues.toAvro(DECIMAL, json("3"))).isEqualTo(ByteBuffer.wrap(new byte[] {0x01, 0x2C}));
        assertThat(JsonAvroValues.toAvro(DECIMAL, json("-0.00"))).isEqualTo(ByteBuffer.wrap(new byte[] {0}));
    }

    @Test
    void timestampsWithAnOffsetAreInstants() {
        assertThat(JsonAvroValues.toAvro(column(ColumnType.TIMESTAMP_TZ), json("\"1970-01-01T01:00:00.000001+01:00\"")))
                .isEqualTo(1L);
    }

    static Stream<Arguments> unwritable() {
        return Stream.of(
                Arguments.of(column(ColumnType.INT), "2147483648"),
                Arguments.of(column(ColumnType.INT), "1.5"),
                Arguments.of(column(ColumnType.LONG), "\"1\""),
                Arguments.of(DECIMAL, "1.005"),
                Arguments.of(DECIMAL, "12345678901.00"),
                Arguments.of(DECIMAL, "\"1.00\""),
                Arguments.of(column(ColumnType.DOUBLE), "\"one\""),
                Arguments.of(column(ColumnType.BOOLEAN), "1"),
                Arguments.of(column(ColumnType.STRING), "1"),
                Arguments.of(column(ColumnType.BYTES), "\"not base64!\""),
                Arguments.of(column(ColumnType.DATE), "\"2024-02-30\""),
                Arguments.of(column(ColumnType.TIME), "\"10:15:30.0000001\""),
                Arguments.of(column(ColumnType.TIMESTAMP), "\"2024-12-15 14:30:22\""),
                Arguments.of(column(ColumnType.TIMESTAMP_TZ), "\"2024-12-15T14:30:22\""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unwritable")
    void aValueThatDoesNotFitIsRefusedWithTheColumnsName(Column column, String value) {
        assertThatThrownBy(() -> JsonAvroValues.toAvro(column, json(value)))
                .isInstanceOf(UnwritableDataException.class)
                .hasMessageStartingWith("column " + column.name() + ": " + value + " is not a ");
    }

    private static Column column(ColumnType type) {
        return Column.of(type.name().toLowerCase(Locale.ROOT), type, true);
    }

    /** The value after a round trip through the spill's JSON text, read with the pipeline's mapper. */
    private static JsonNode spilled(JsonNode value) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
