package io.cdcflow.writer.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.RowJson;
import io.cdcflow.common.core.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

/**
 * A table with a column of every {@link ColumnType} (a NOT NULL non-key string, a name Avro must
 * sanitise) and rows in the pipeline's Java representation: full values at the types' edges, all
 * NULLs, and special values. Tests render them with {@link RowJson} exactly as the differ does.
 */
public final class TypedTable {
    public static final String DATASOURCE = "crm";
    public static final String TABLE = "users";
    public static final TableSchema SCHEMA = new TableSchema(DATASOURCE, TABLE, List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("name", ColumnType.STRING, false),
            Column.of("i", ColumnType.INT, true),
            Column.of("l", ColumnType.LONG, true),
            Column.decimal("amount", 12, 2, true),
            Column.decimal("qty", 20, 0, true),
            Column.of("f", ColumnType.FLOAT, true),
            Column.of("d", ColumnType.DOUBLE, true),
            Column.of("ok", ColumnType.BOOLEAN, true),
            Column.of("doc", ColumnType.JSON, true),
            Column.of("uid", ColumnType.UUID, true),
            Column.of("raw", ColumnType.BYTES, true),
            Column.of("day", ColumnType.DATE, true),
            Column.of("at", ColumnType.TIME, true),
            Column.of("local_ts", ColumnType.TIMESTAMP, true),
            Column.of("ts", ColumnType.TIMESTAMP_TZ, true),
            Column.of("order-no", ColumnType.INT, true)), List.of("id"));

    /** Every column with a value, several at the edge of their type. */
    public static final Object[] FULL = {
        1L, "Ann \u00fc \u2713", Integer.MIN_VALUE, Long.MAX_VALUE, new BigDecimal("-1234567890.12"),
        new BigDecimal("12345678901234567890"), 0.1f, 0.1, true, "{\"a\": [1, 2.50]}",
        "123e4567-e89b-12d3-a456-426614174000", new byte[] {0, 1, (byte) 0xFF, 'A'}, LocalDate.of(2024, 2, 29),
        LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(2024, 12, 15, 14, 30, 22, 123_456_000),
        Instant.parse("2024-12-15T14:30:22.123456Z"), 7,
    };
    /** Only the key and the NOT NULL column have values; the string is empty. */
    public static final Object[] NULLS = {
        2L, "", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
    };
    /** Non-finite floats, zeroes, instants before 1970, times whose text has no seconds, no bytes. */
    public static final Object[] SPECIAL = {
        3L, "x", 0, -1L, new BigDecimal("10.50"), BigDecimal.ZERO, Float.NaN, Double.NEGATIVE_INFINITY, false,
        "null", "00000000-0000-0000-0000-000000000000", new byte[0], LocalDate.of(1969, 12, 31),
        LocalTime.MIDNIGHT, LocalDateTime.of(1900, 1, 1, 0, 0), Instant.parse("1969-12-31T23:59:59.999999Z"),
        -1,
    };
    /** A key-only image, as a delete without a stored row image carries it. */
    public static final Object[] KEY_ONLY = {
        4L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
    };

    private TypedTable() {
    }

    /** The image of a row as the differ renders it. */
    public static ObjectNode image(Object[] row) {
        return RowJson.toJson(SCHEMA, row);
    }

    /** The image of {@link #KEY_ONLY}: only its key column. */
    public static ObjectNode keyOnlyImage() {
        return RowJson.toJson(new TableSchema(DATASOURCE, TABLE, List.of(SCHEMA.columns().get(0)), List.of("id")),
                new Object[] {KEY_ONLY[0]});
    }

    /** A row followed by the metadata values a file row carries. */
    public static Object[] withMetadata(Object[] row, String operation, Instant runStarted) {
        Object[] withMetadata = Arrays.copyOf(row, row.length + 4);
        withMetadata[row.length] = operation;
        withMetadata[row.length + 1] = runStarted;
        withMetadata[row.length + 2] = TABLE;
        withMetadata[row.length + 3] = DATASOURCE;
        return withMetadata;
    }
}
