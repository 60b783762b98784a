package io.cdcflow.differ.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.SchemaRegistrySettings;
import io.cdcflow.common.core.AvroChanges;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.TableSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The registry client and the Avro rendering against a real Apicurio Registry through its
 * Confluent-compatible API ({@code /apis/ccompat/v7}). Needs Docker; skipped without it (as on the
 * build machine, where {@code TestSchemaRegistry} stands in).
 */
@Testcontainers(disabledWithoutDocker = true)
class ApicurioRegistryIT {
    private static final String CCOMPAT = "/apis/ccompat/v7";
    private static final TableSchema ITEMS = new TableSchema("shop", "items", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.decimal("price", 8, 2, true)), List.of("id"));
    private static final TableSchema WIDER = new TableSchema("shop", "items", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.decimal("price", 8, 2, true),
            Column.of("note", ColumnType.STRING, true)), List.of("id"));

    @Container
    private static final GenericContainer<?> APICURIO = new GenericContainer<>("apicurio/apicurio-registry:3.0.7")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp(CCOMPAT + "/subjects").forStatusCode(200));

    @Test
    void registersVersionsAndRendersRecordsApicurioServesBackById() throws IOException {
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of(
                "http://" + APICURIO.getHost() + ":" + APICURIO.getMappedPort(8080) + CCOMPAT));
        AvroChangeRenderer renderer = new AvroChangeRenderer(client);
        String topic = "cdc.changes.shop.items";
        JsonNode key = Json.MAPPER.readTree("{\"id\":7}");
        ChangeEvent added = new ChangeEvent("c", null, Json.MAPPER.readTree("{\"id\":7,\"price\":1.50}"),
                new ChangeEvent.Source("shop", "items", "run-1", 1_734_273_022_000L));

        ChangeRenderer.Rendered first = renderer.render(topic, ITEMS, key, added);
        int again = client.register(topic + "-value", AvroChanges.schemas(ITEMS).value());
        ChangeRenderer.Rendered wider = renderer.render(topic, WIDER, key, added);

        assertThat(again).as("re-registering returns the same id").isEqualTo(AvroChanges.schemaId(first.value()));
        assertThat(AvroChanges.schemaId(wider.value())).isNotEqualTo(AvroChanges.schemaId(first.value()));
        GenericRecord value = decode(client, first.value());
        assertThat(value.get("op")).hasToString("c");
        assertThat(value.get("before")).isNull();
        assertThat(((GenericRecord) value.get("after")).get("id")).isEqualTo(7L);
        assertThat(((GenericRecord) value.get("after")).get("price")).isEqualTo(new BigDecimal("1.50"));
        assertThat(value.get("source")).hasToString("{\"datasource\": \"shop\", \"table\": \"items\","
                + " \"run_id\": \"run-1\", \"ts_ms\": 1734273022000}");
        assertThat(decode(client, first.key()).toString()).isEqualTo("{\"id\": 7}");
        assertThat(((GenericRecord) decode(client, wider.value()).get("after")).get("note")).isNull();
    }

    private static GenericRecord decode(SchemaRegistryClient client, byte[] framed) throws IOException {
        Schema schema = client.schema(AvroChanges.schemaId(framed));
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        return new GenericDatumReader<GenericRecord>(schema, schema, data).read(null, DecoderFactory.get().binaryDecoder(framed,
                AvroChanges.HEADER_LENGTH, framed.length - AvroChanges.HEADER_LENGTH, null));
    }
}
