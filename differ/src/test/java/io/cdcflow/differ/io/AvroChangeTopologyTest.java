package io.cdcflow.differ.io;

import static io.cdcflow.testkit.AvroChangeReader.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.config.SchemaRegistrySettings;
import io.cdcflow.common.core.AvroChanges;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import io.cdcflow.testkit.AvroChangeReader;
import io.cdcflow.testkit.TestSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differ topology with {@code change_format: avro} against the in-process Confluent-compatible
 * registry: every change record is decoded with plain Avro and the writer schema fetched by the id
 * in its header, as Confluent's deserializer does.
 */
class AvroChangeTopologyTest {
    private static final TopicNames NAMES = new TopicNames("cdc");
    private static final String TOPIC = NAMES.changes("shop", "events");
    private static final List<Column> COLUMNS = List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("region", ColumnType.STRING, false),
            Column.decimal("amount", 10, 2, true),
            Column.of("day", ColumnType.DATE, true),
            Column.of("at", ColumnType.TIMESTAMP_TZ, true),
            Column.of("local at", ColumnType.TIMESTAMP, true),
            Column.of("clock", ColumnType.TIME, true),
            Column.of("ref", ColumnType.UUID, true),
            Column.of("payload", ColumnType.BYTES, true),
            Column.of("ok", ColumnType.BOOLEAN, true),
            Column.of("score", ColumnType.DOUBLE, true));
    private static final TableSchema EVENTS = new TableSchema("shop", "events", COLUMNS, List.of("id", "region"));
    private static final TableSchema WIDER = new TableSchema("shop", "events", concat(COLUMNS,
            Column.of("channel", ColumnType.STRING, true)), List.of("id", "region"));
    private static final TableSchema STRICTER = new TableSchema("shop", "events", concat(COLUMNS,
            Column.of("channel", ColumnType.STRING, false)), List.of("id", "region"));

    @TempDir
    Path stateDir;

    private TestSchemaRegistry registry;
    private SchemaRegistryClient client;
    private TopologyTestDriver driver;
    private TestInputTopic<String, RowEvent> rows;
    private TestOutputTopic<byte[], byte[]> changes;
    private TestOutputTopic<String, String> feed;

    @BeforeEach
    void start() {
        registry = TestSchemaRegistry.open();
        client = new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()),
                new Backoff(1, Duration.ZERO, Duration.ZERO));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "differ-avro-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DifferTopology.build(NAMES,
                DifferTopology.Options.DEFAULTS.withAvroChanges(client)), props);
        rows = driver.createInputTopic(NAMES.rows(), Serdes.String().serializer(), Topics.ROW_EVENTS.serializer());
        changes = driver.createOutputTopic(TOPIC, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        feed = driver.createOutputTopic(NAMES.writerFeed(), Serdes.String().deserializer(),
                Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void addsModifiesAndDeletesAsAvroRecordsWithLogicalTypes() {
        Run first = new Run("run-1", EVENTS);
        first.start();
        first.row(1L, "eu", new BigDecimal("10.50"), LocalDate.of(2024, 2, 29),
                Instant.parse("2024-12-15T14:30:22.123456Z"), LocalDateTime.of(2024, 12, 15, 14, 30, 22, 123_456_000),
                LocalTime.of(23, 59, 59, 999_999_000), "123e4567-e89b-12d3-a456-426614174000",
                new byte[] {0, 1, (byte) 0xFF}, true, 0.5);
        first.row(2L, "us", null, null, null, null, null, null, null, null, null);
        first.end(2);

        List<KeyValue<byte[], byte[]>> out = changes.readKeyValuesToList();
        assertThat(out).hasSize(2);
        assertThat(decode(out.get(0).key).toString()).isEqualTo("{\"id\": 1, \"region\": \"eu\"}");
        GenericRecord added = decode(out.get(0).value);
        assertThat(added.get("op")).hasToString("c");
        assertThat(added.get("before")).isNull();
        GenericRecord after = (GenericRecord) added.get("after");
        assertThat(fields(after)).containsExactly(1L, "eu", new BigDecimal("10.50"), LocalDate.of(2024, 2, 29),
                Instant.parse("2024-12-15T14:30:22.123456Z"), LocalDateTime.of(2024, 12, 15, 14, 30, 22, 123_456_000),
                LocalTime.of(23, 59, 59, 999_999_000), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xFF}), true, 0.5);
        assertThat(after.getSchema().getField("local_at").getProp("cdc.column")).isEqualTo("local at");
        assertThat(added.get("source").toString()).isEqualTo("{\"datasource\": \"shop\", \"table\": \"events\","
                + " \"run_id\": \"run-1\", \"ts_ms\": " + first.startedMs + "}");
        GenericRecord nulls = decode(out.get(1).value);
        assertThat(fields((GenericRecord) nulls.get("after")))
                .containsExactly(2L, "us", null, null, null, null, null, null, null, null, null);

        Run second = new Run("run-2", EVENTS);
        second.start();
        second.row(1L, "eu", new BigDecimal("11.00"), LocalDate.of(2024, 2, 29),
                Instant.parse("2024-12-15T14:30:22.123456Z"), LocalDateTime.of(2024, 12, 15, 14, 30, 22, 123_456_000),
                LocalTime.of(23, 59, 59, 999_999_000), "123e4567-e89b-12d3-a456-426614174000",
                new byte[] {0, 1, (byte) 0xFF}, false, 0.5);
        second.end(1);

        out = changes.readKeyValuesToList();
        assertThat(out).hasSize(3);
        GenericRecord modified = decode(out.get(0).value);
        assertThat(modified.get("op")).hasToString("u");
        assertThat(((GenericRecord) modified.get("before")).get("amount")).isEqualTo(new BigDecimal("10.50"));
        assertThat(((GenericRecord) modified.get("before")).get("ok")).isEqualTo(true);
        assertThat(((GenericRecord) modified.get("after")).get("amount")).isEqualTo(new BigDecimal("11.00"));
        assertThat(((GenericRecord) modified.get("after")).get("ok")).isEqualTo(false);
        assertThat(decode(out.get(1).key).toString()).isEqualTo("{\"id\": 2, \"region\": \"us\"}");
        GenericRecord deleted = decode(out.get(1).value);
        assertThat(deleted.get("op")).hasToString("d");
        assertThat(deleted.get("after")).isNull();
        assertThat(fields((GenericRecord) deleted.get("before")))
                .containsExactly(2L, "us", null, null, null, null, null, null, null, null, null);
        assertThat(out.get(2).key).as("the tombstone has the delete's key").isEqualTo(out.get(1).key);
        assertThat(out.get(2).value).as("tombstone").isNull();

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key", TOPIC + "-value");
        assertThat(registry.versions(TOPIC + "-key")).containsExactly(1);
        assertThat(registry.versions(TOPIC + "-value")).containsExactly(2);
        assertThat(registry.requests()).filteredOn(request -> request.startsWith("POST"))
                .as("registered once, then cached").containsExactly(
                        "POST /subjects/" + TOPIC + "-key/versions", "POST /subjects/" + TOPIC + "-value/versions");
        Schema value = registry.schema(2);
        assertThat(value.getFullName()).isEqualTo("io.cdcflow.changes.shop.events.Envelope");
        assertThat(value.getField("after").schema().getTypes().get(1).getField("amount").schema().getTypes().get(1)
                .getLogicalType().getName()).isEqualTo("decimal");
        assertThat(feed.readValuesToList()).as("the writer feed stays JSON").allMatch(v -> v.startsWith("{"));
    }

    @Test
    void anAddedColumnRegistersANewVersionAndOldImagesTakeTheNewShape() {
        Run first = new Run("run-1", EVENTS);
        first.start();
        first.row(1L, "eu", new BigDecimal("1.00"), null, null, null, null, null, null, null, null);
        first.end(1);
        int firstValueId = AvroChanges.schemaId(changes.readKeyValuesToList().get(0).value);

        Run second = new Run("run-2", WIDER);
        second.start();
        second.row(1L, "eu", new BigDecimal("1.00"), null, null, null, null, null, null, null, null, "web");
        second.end(1);

        List<KeyValue<byte[], byte[]>> out = changes.readKeyValuesToList();
        assertThat(out).hasSize(1);
        int secondValueId = AvroChanges.schemaId(out.get(0).value);
        assertThat(registry.versions(TOPIC + "-value")).containsExactly(firstValueId, secondValueId);
        assertThat(secondValueId).isNotEqualTo(firstValueId);
        assertThat(registry.versions(TOPIC + "-key")).as("the key schema did not change").hasSize(1);
        GenericRecord modified = decode(out.get(0).value);
        assertThat(modified.get("op")).hasToString("u");
        assertThat(fields((GenericRecord) modified.get("before")))
                .containsExactly(1L, "eu", new BigDecimal("1.00"), null, null, null, null, null, null, null, null, null);
        assertThat(fields((GenericRecord) modified.get("after")))
                .containsExactly(1L, "eu", new BigDecimal("1.00"), null, null, null, null, null, null, null, null,
                        "web");
    }

    @Test
    void aSchemaTheRegistryRefusesFailsTheTaskWithTheRegistrysReason() {
        Run first = new Run("run-1", EVENTS);
        first.start();
        first.row(1L, "eu", null, null, null, null, null, null, null, null, null);
        first.end(1);
        changes.readKeyValuesToList();

        // a NOT NULL column without default is not BACKWARD compatible (the registry's default level)
        Run second = new Run("run-2", STRICTER);
        second.start();
        assertThatThrownBy(() -> second.row(1L, "eu", null, null, null, null, null, null, null, null, null, "web"))
                .hasRootCauseInstanceOf(SchemaRegistryException.class)
                .hasStackTraceContaining("schema registry at " + registry.url()
                        + ": registering a schema under subject " + TOPIC + "-value failed: HTTP 409, error_code 409:"
                        + " Schema being registered is incompatible with an earlier schema for subject");
        assertThat(client.lastFailure()).startsWith("schema registry at " + registry.url());
        assertThat(registry.versions(TOPIC + "-value")).hasSize(1);
    }

    @Test
    void aNotNullColumnAddedSinceTheBeforeImageLeavesBeforeNull() {
        Run first = new Run("run-1", EVENTS);
        first.start();
        first.row(1L, "eu", null, null, null, null, null, null, null, null, null);
        first.end(1);
        changes.readKeyValuesToList();
        setCompatibility("NONE");

        Run second = new Run("run-2", STRICTER);
        second.start();
        second.row(1L, "eu", null, null, null, null, null, null, null, null, null, "web");
        second.end(1);

        GenericRecord modified = decode(changes.readKeyValuesToList().get(0).value);
        assertThat(modified.get("op")).hasToString("u");
        assertThat(modified.get("before")).as("the old image has no value for NOT NULL channel").isNull();
        assertThat(((GenericRecord) modified.get("after")).get("channel")).hasToString("web");
    }

    private void setCompatibility(String level) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(registry.url() + "/config/" + TOPIC + "-value"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("{\"compatibility\":\"" + level + "\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a record in the Confluent wire format with the writer schema the registry has under its id. */
    private GenericRecord decode(byte[] framed) {
        return new AvroChangeReader(client::schema).decode(framed);
    }

    private static List<Column> concat(List<Column> columns, Column extra) {
        List<Column> all = new ArrayList<>(columns);
        all.add(extra);
        return all;
    }

    private final class Run {
        final RowEvent.RunAttempt attempt;
        final long startedMs;
        private final TableSchema table;
        private final RowCodec codec;
        private final RowHasher hasher;

        Run(String runId, TableSchema table) {
            this.table = table;
            this.codec = new RowCodec(table);
            this.hasher = new RowHasher(table.indexesOf(List.of("*")));
            this.startedMs = 1_700_000_000_000L + runId.hashCode();
            this.attempt = new RowEvent.RunAttempt("shop", "events", runId, UUID.randomUUID().toString(), startedMs,
                    "hash");
        }

        void start() {
            rows.pipeInput(table.tableId(), attempt.start(codec.schema().toString(), 1));
        }

        void row(Object... values) {
            Object[] row = Arrays.copyOf(values, values.length);
            rows.pipeInput(RowKeys.of(table, table.primaryKeyIndexes(), row),
                    attempt.row(hasher.hash(row), codec.encode(row), RowEvent.NO_CHUNK));
        }

        void end(long count) {
            rows.pipeInput(table.tableId(), attempt.end(1, count, RowEvent.STATUS_OK, List.of()));
        }
    }
}
