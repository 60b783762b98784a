package io.cdcflow.common.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RowCodecTest {
    static final TableSchema EVERY_TYPE = new TableSchema("shop", "every type", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("small", ColumnType.INT, true),
            Column.decimal("price", 12, 2, true),
            Column.of("ratio", ColumnType.FLOAT, true),
            Column.of("score", ColumnType.DOUBLE, true),
            Column.of("flag", ColumnType.BOOLEAN, true),
            Column.of("first name", ColumnType.STRING, true),
            Column.of("doc", ColumnType.JSON, true),
            Column.of("uid", ColumnType.UUID, true),
            Column.of("blob", ColumnType.BYTES, true),
            Column.of("day", ColumnType.DATE, true),
            Column.of("at", ColumnType.TIME, true),
            Column.of("local", ColumnType.TIMESTAMP, true),
            Column.of("instant", ColumnType.TIMESTAMP_TZ, true),
            Column.of("1st", ColumnType.STRING, true)), List.of("id"));

    private final RowCodec codec = new RowCodec(EVERY_TYPE);

    @Test
    void roundTripsEveryTypeToTheMicrosecond() {
        Object[] row = {7L, 3, new BigDecimal("-12345.60"), 1.25f, 2.5d, true, "Zoë \"quoted\"", "{\"a\": [1, 2]}",
            "123e4567-e89b-12d3-a456-426614174000", new byte[] {0, -1, 7}, LocalDate.of(1969, 7, 20),
            LocalTime.of(23, 59, 59, 123_456_000), LocalDateTime.of(2024, 2, 29, 12, 0, 0, 999_999_000),
            Instant.parse("1900-01-01T00:00:00.000001Z"), ""};

        Object[] decoded = codec.decode(codec.encode(row));

        assertThat(decoded).containsExactly(row);
        RowHasher hasher = new RowHasher(EVERY_TYPE.indexesOf(List.of("*")));
        assertThat(hasher.hash(decoded)).as("hash survives the round trip").isEqualTo(hasher.hash(row));
    }

    @Test
    void roundTripsNulls() {
        Object[] row = new Object[EVERY_TYPE.columns().size()];
        row[0] = 1L;
        assertThat(codec.decode(codec.encode(row))).containsExactly(row);
    }

    @Test
    void refusesNullInNotNullColumn() {
        Object[] row = new Object[EVERY_TYPE.columns().size()];
        assertThatThrownBy(() -> codec.encode(row)).hasMessageContaining("NOT NULL column id");
    }

    @Test
    void avroSchemaKeepsOriginalNamesTypesAndKeyAndSurvivesTheSchemaTopic() {
        Schema schema = codec.schema();
        assertThat(schema.getName()).isEqualTo("every_type");
        assertThat(schema.getField("first_name").getProp("cdc.column")).isEqualTo("first name");
        assertThat(schema.getField("_1st").getProp("cdc.column")).isEqualTo("1st");
        Schema price = schema.getField("price").schema().getTypes().get(1);
        assertThat(price.getLogicalType()).isEqualTo(LogicalTypes.decimal(12, 2));
        assertThat(schema.getField("instant").schema().getTypes().get(1).getLogicalType())
                .isEqualTo(LogicalTypes.timestampMicros());
        assertThat(schema.getField("local").schema().getTypes().get(1).getLogicalType())
                .isEqualTo(LogicalTypes.localTimestampMicros());

        Schema reparsed = new Schema.Parser().parse(schema.toString());
        assertThat(TableAvroSchemas.fromAvro(reparsed)).isEqualTo(EVERY_TYPE);
        assertThat(TableAvroSchemas.fingerprint(reparsed)).isEqualTo(TableAvroSchemas.fingerprint(schema));
        RowCodec fromTopic = new RowCodec(reparsed);
        Object[] row = new Object[EVERY_TYPE.columns().size()];
        row[0] = 9L;
        assertThat(fromTopic.decode(codec.encode(row))).containsExactly(row);
    }

    @Test
    void rowKeysAreStableJsonAndPrefixedByTable() {
        TableSchema orders = new TableSchema("shop", "orders", List.of(
                Column.of("id", ColumnType.LONG, false), Column.of("region", ColumnType.STRING, false),
                Column.of("note", ColumnType.STRING, true)), List.of("region", "id"));
        Object[] row = {42L, "e\"u", "x"};
        String key = RowKeys.of(orders, orders.primaryKeyIndexes(), row);
        assertThat(key).isEqualTo("shop.orders\u0000[\"e\\\"u\",42]");
        assertThat(key).startsWith(RowKeys.prefix("shop.orders"));
        assertThat(RowKeys.primaryKeyObject(orders, key).toString()).isEqualTo("{\"region\":\"e\\\"u\",\"id\":42}");
    }

    @Test
    void directlyRenderedKeysEqualJacksonsRendering() {
        TableSchema table = new TableSchema("d", "t", List.of(Column.of("i", ColumnType.INT, false),
                Column.of("l", ColumnType.LONG, false), Column.of("s", ColumnType.STRING, false),
                Column.of("u", ColumnType.UUID, false)), List.of("i", "l", "s", "u"));
        int[] key = table.primaryKeyIndexes();
        for (String text : List.of("", "plain", "quote\" back\\ slash", "tab\t nl\n nul\u0000 bell\u0007",
                "unicode é 漢字 \uD83D\uDE00", "</script>")) {
            Object[] row = {-7, Long.MIN_VALUE, text, "0e4b9c5e-3f0e-4b6b-9f41-8c3a7f6e2b10"};
            var jackson = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < row.length; i++) {
                jackson.add(RowJson.toJson(table.columns().get(i), row[i]));
            }
            assertThat(RowKeys.primaryKeyJson(table, key, row)).isEqualTo(jackson.toString());
        }
    }

    @Test
    void rowEventsRoundTrip() {
        RowEvent.RunAttempt attempt = new RowEvent.RunAttempt("shop", "orders", "run-1", "a-1", 1_700_000_000_000L,
                "hash");
        for (RowEvent event : List.of(attempt.start("{}", 6), attempt.row(new byte[16], new byte[] {1, 2}),
                attempt.end(6, 10, RowEvent.STATUS_OK), attempt.row(new byte[16], new byte[] {3}, 7),
                attempt.end(6, 0, RowEvent.STATUS_OK, List.of(1L, 5L, 9_000_000_000L)))) {
            RowEvent decoded = RowEventCodec.decode(RowEventCodec.encode(event));
            assertThat(decoded).usingRecursiveComparison().isEqualTo(event);
        }
        RowEvent batch = RowEventCodec.decode(RowEventCodec.encode(attempt.batch(List.of(
                new RowEvent.BatchRow("shop.orders\u0000[1]", new byte[16], new byte[] {1}, RowEvent.NO_CHUNK),
                new RowEvent.BatchRow("shop.orders\u0000[2]", new byte[] {9}, new byte[] {2, 3}, 4)))));
        assertThat(batch.kind()).isEqualTo(RowEvent.Kind.BATCH);
        assertThat(batch.rowCount()).isEqualTo(2);
        assertThat(batch.rows(null)).extracting(RowEvent.BatchRow::key)
                .containsExactly("shop.orders\u0000[1]", "shop.orders\u0000[2]");
        RowEvent.BatchRow second = batch.rows(null).get(1);
        assertThat(second.hash()).containsExactly(9);
        assertThat(second.row()).containsExactly(2, 3);
        assertThat(second.chunk()).isEqualTo(4);
        assertThat(batch.runId()).isEqualTo("run-1");
        RowEvent.BatchRow single = attempt.row(new byte[] {7}, new byte[] {8}, 5).rows("shop.orders\u0000[3]").get(0);
        assertThat(single.key()).isEqualTo("shop.orders\u0000[3]");
        assertThat(single.hash()).containsExactly(7);
        assertThat(single.row()).containsExactly(8);
        assertThat(single.chunk()).isEqualTo(5);
        assertThat(attempt.end(6, 0, RowEvent.STATUS_OK).rows(null)).isEmpty();
        RowEvent spared = RowEventCodec.decode(RowEventCodec.encode(attempt.end(6, 0, RowEvent.STATUS_OK,
                List.of(2L, 3L))));
        assertThat(spared.sparedChunks()).containsExactly(2L, 3L);
        assertThat(RowEventCodec.decode(RowEventCodec.encode(attempt.row(new byte[16], new byte[0], 12))).chunk())
                .isEqualTo(12L);
        assertThat(RowEventCodec.decode(RowEventCodec.encode(attempt.row(new byte[16], new byte[0]))).chunk())
                .isEqualTo(RowEvent.NO_CHUNK);
    }
}
