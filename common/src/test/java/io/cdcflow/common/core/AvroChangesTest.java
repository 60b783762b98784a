package io.cdcflow.common.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroChangesTest {
    private static final TableSchema ORDERS = new TableSchema("shop-eu", "order lines", List.of(
            Column.of("line", ColumnType.INT, false),
            Column.of("order id", ColumnType.LONG, false),
            Column.of("note", ColumnType.STRING, true)), List.of("order id", "line"));

    @Test
    void keyIsARecordOfThePrimaryKeyColumnsInKeyOrder() {
        AvroChanges.Schemas schemas = AvroChanges.schemas(ORDERS);

        assertThat(schemas.key().toString()).isEqualTo("{\"type\":\"record\",\"name\":\"Key\","
                + "\"namespace\":\"io.cdcflow.changes.shop_eu.order_lines\",\"fields\":["
                + "{\"name\":\"order_id\",\"type\":\"long\",\"cdc.column\":\"order id\",\"cdc.type\":\"LONG\","
                + "\"cdc.sourceType\":\"long\"},"
                + "{\"name\":\"line\",\"type\":\"int\",\"cdc.column\":\"line\",\"cdc.type\":\"INT\","
                + "\"cdc.sourceType\":\"int\"}]}");
        assertThat(AvroChanges.key(schemas, json("{\"order id\":7,\"line\":2}")).toString())
                .isEqualTo("{\"order_id\": 7, \"line\": 2}");
    }

    @Test
    void valueIsTheEnvelopeWithNullableRowsOfTheTableSchema() {
        AvroChanges.Schemas schemas = AvroChanges.schemas(ORDERS);
        String row = TableAvroSchemas.toAvro(ORDERS).toString();

        assertThat(schemas.value().toString()).isEqualTo("{\"type\":\"record\",\"name\":\"Envelope\","
                + "\"namespace\":\"io.cdcflow.changes.shop_eu.order_lines\",\"fields\":["
                + "{\"name\":\"op\",\"type\":\"string\"},"
                + "{\"name\":\"before\",\"type\":[\"null\"," + row + "],\"default\":null},"
                + "{\"name\":\"after\",\"type\":[\"null\",\"io.cdcflow.rows.shop_eu.order_lines\"],\"default\":null},"
                + "{\"name\":\"source\",\"type\":{\"type\":\"record\",\"name\":\"Source\",\"fields\":["
                + "{\"name\":\"datasource\",\"type\":\"string\"},{\"name\":\"table\",\"type\":\"string\"},"
                + "{\"name\":\"run_id\",\"type\":\"string\"},{\"name\":\"ts_ms\",\"type\":\"long\"}]}}]}");
    }

    @Test
    void framesTheAvroBinaryWithMagicByteAndBigEndianId() {
        AvroChanges.Schemas schemas = AvroChanges.schemas(ORDERS);
        GenericRecord key = AvroChanges.key(schemas, json("{\"order id\":7,\"line\":2}"));

        byte[] framed = AvroChanges.encode(0x01020304, new GenericDatumWriter<>(schemas.key()), key);

        // zig-zag varints: 7 -> 14, 2 -> 4
        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 14, 4);
        assertThat(AvroChanges.schemaId(framed)).isEqualTo(0x01020304);
        assertThatThrownBy(() -> AvroChanges.schemaId(new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not in the Confluent wire format (magic byte 0 and a 4-byte schema id)");
    }

    @Test
    void anOldImageKeepsItsColumnsByNameOrBecomesNull() {
        AvroChanges.Schemas schemas = AvroChanges.schemas(ORDERS);
        ChangeEvent.Source source = new ChangeEvent.Source("shop-eu", "order lines", "r", 1L);

        GenericRecord widened = AvroChanges.value(schemas, new ChangeEvent("u",
                json("{\"line\":2,\"order id\":7,\"dropped\":true}"), json("{\"line\":2,\"order id\":7,\"note\":\"n\"}"),
                source));
        GenericRecord unfit = AvroChanges.value(schemas, new ChangeEvent("d",
                json("{\"line\":\"two\",\"order id\":7,\"note\":\"n\"}"), null, source));

        assertThat(widened.get("before").toString()).isEqualTo("{\"line\": 2, \"order_id\": 7, \"note\": null}");
        assertThat(unfit.get("before")).as("a text line no longer fits the int column").isNull();
        assertThatThrownBy(() -> AvroChanges.value(schemas, new ChangeEvent("c", null,
                json("{\"line\":null,\"order id\":7}"), source)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NULL in NOT NULL column line");
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
