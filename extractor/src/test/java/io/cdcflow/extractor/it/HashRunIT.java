package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.extractor.io.RowPartitioner;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A full hash run against real PostgreSQL and MariaDB, checked record by record on the rows topic. */
class HashRunIT {
    private static final int ROWS = 40;
    private static final int BATCH = 7;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of(named("postgresql", (Supplier<TestDatabase>) TestDatabases::postgres)),
                Arguments.of(named("mariadb", (Supplier<TestDatabase>) TestDatabases::mariadb)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void publishesEveryRowBetweenStartAndEndMarkers(Supplier<TestDatabase> server) {
        TestDatabase db = server.get().createDatabase("extractor_hash_run");
        OrderLinesTable table = new OrderLinesTable(db).create(ROWS);
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .batchSize(BATCH)
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("lines", "shop", Map.of("table", OrderLinesTable.NAME))
                .build();
        fixture.createTopics(config);

        long started = System.nanoTime();
        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            Instant requestedAt = Instant.parse("2024-06-01T08:00:00.250Z");
            fixture.sendCommand("shop.lines", RunCommand.extract("shop", "lines", "run-1", requestedAt, "test"));

            RunEvent extracted = fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
            assertThat(extracted.runId()).isEqualTo("run-1");
            assertThat(extracted.counts().rows()).isEqualTo(ROWS);
            assertThat(service.failure()).isEmpty();
        }
        System.out.printf("hash run of %d rows took %d ms%n", ROWS, (System.nanoTime() - started) / 1_000_000);

        assertThat(fixture.runEvents()).extracting(RunEvent::state)
                .containsExactly(RunEvent.State.STARTED, RunEvent.State.EXTRACTED);
        assertThat(fixture.runEventRecords()).allSatisfy(r ->
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("shop.lines"));
        assertThat(fixture.committedCommands()).isEqualTo(1);

        List<ConsumerRecord<byte[], byte[]>> records = fixture.rowRecords();
        Map<Integer, List<RowEvent>> byPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(PipelineFixture.rowEvent(record));
        }
        assertThat(byPartition).hasSize(PipelineFixture.PARTITIONS);

        RowEvent firstStart = byPartition.get(0).get(0);
        Schema avro = new Schema.Parser().parse(firstStart.schemaJson());
        RowCodec codec = new RowCodec(avro);
        TableSchema schema = codec.table();
        assertThat(schema.columns()).extracting(Column::name).containsExactlyElementsOf(OrderLinesTable.COLUMNS);
        assertThat(schema.columns()).extracting(Column::type).containsExactlyElementsOf(table.expectedTypes());
        assertThat(schema.columns().get(2)).extracting(Column::precision, Column::scale).containsExactly(12, 2);
        assertThat(schema.primaryKey()).containsExactly("order_id", "line");
        assertThat(schemaTopic(fixture)).containsEntry(TableAvroSchemas.fingerprint(avro), firstStart.schemaJson());

        RowHasher hasher = new RowHasher(schema.indexesOf(List.of("*")));
        int[] keyIndexes = schema.primaryKeyIndexes();
        Map<String, Object[]> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            RowEvent event = PipelineFixture.rowEvent(record);
            assertThat(event.runId()).isEqualTo("run-1");
            assertThat(event.attempt()).isEqualTo(firstStart.attempt());
            assertThat(event.runStartedMs()).isEqualTo(Instant.parse("2024-06-01T08:00:00.250Z").toEpochMilli());
            assertThat(event.method()).isEqualTo("hash");
            assertThat(event.tableId()).isEqualTo("shop.lines");
            if (event.kind() != RowEvent.Kind.ROW) {
                continue;
            }
            Object[] row = codec.decode(event.row());
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertThat(key).isEqualTo(RowKeys.of(schema, keyIndexes, row));
            assertThat(record.partition()).isEqualTo(RowPartitioner.partition(record.key(), PipelineFixture.PARTITIONS));
            assertThat(event.hash()).isEqualTo(hasher.hash(row));
            assertThat(seen.put(key, row)).as("row %s published once", key).isNull();
        }

        for (Map.Entry<Integer, List<RowEvent>> partition : byPartition.entrySet()) {
            List<RowEvent> events = partition.getValue();
            assertThat(events.get(0).kind()).isEqualTo(RowEvent.Kind.START);
            assertThat(events.get(0).partitions()).isEqualTo(PipelineFixture.PARTITIONS);
            RowEvent end = events.get(events.size() - 1);
            assertThat(end.kind()).isEqualTo(RowEvent.Kind.END);
            assertThat(end.status()).isEqualTo(RowEvent.STATUS_OK);
            assertThat(end.partitions()).isEqualTo(PipelineFixture.PARTITIONS);
            assertThat(events).filteredOn(e -> e.kind() == RowEvent.Kind.START).hasSize(1);
            assertThat(events).filteredOn(e -> e.kind() == RowEvent.Kind.END).hasSize(1);
            assertThat(end.count()).isEqualTo(events.stream().filter(e -> e.kind() == RowEvent.Kind.ROW).count());
        }

        assertThat(seen).hasSize(ROWS);
        for (Object[] expected : table.expectedRows()) {
            String key = RowKeys.of(schema, keyIndexes, expected);
            assertThat(seen.get(key)).as("row %s", key).containsExactly(expected);
        }
    }

    private static Map<String, String> schemaTopic(PipelineFixture fixture) {
        Map<String, String> schemas = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(fixture.topics().schemas().name(),
                PipelineFixture.TIMEOUT)) {
            schemas.put(fixture.topics().schemas().key(record.key()), fixture.topics().schemas().value(record.value()));
        }
        return schemas;
    }
}
