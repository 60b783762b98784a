package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

/**
 * What an interrupted extraction leaves behind: rows of its open transaction never become visible
 * to read_committed readers, and the command is run again as a new attempt of the same run.
 */
class CrashRecoveryIT {
    private static final String INSTANCE = "0";

    @Test
    void aRestartedInstanceAbortsItsPredecessorsOpenTransaction() {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_crash_ghost");
        db.execute("CREATE TABLE items (id int PRIMARY KEY, v text)",
                "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 12) g");
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = config(fixture, db, "items", 5);
        fixture.createTopics(config);

        // The predecessor died mid-run: its transaction holds markers and rows and is still open.
        KafkaProducer<byte[], byte[]> predecessor = predecessorWithOpenTransaction(fixture);
        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(),
                INSTANCE)) {
            fixture.sendCommand("shop.items", RunCommand.extract("shop", "items", "run-7", null, "test"));
            fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
            assertThat(service.failure()).isEmpty();
        } finally {
            closeFenced(predecessor);
        }

        List<Published> published = published(fixture);
        assertThat(published).noneMatch(p -> p.event().attempt().equals("ghost"));
        assertComplete(published, 12);
    }

    @Test
    void aRunStoppedMidwayLeavesOnlyWholeBatchesAndRunsAgainAsANewAttempt() {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_crash_midway");
        int rows = 300;
        db.execute("CREATE TABLE items (id int PRIMARY KEY, v text)",
                "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, " + rows + ") g",
                // 10 ms per row keeps the run going long enough to stop it in the middle
                "CREATE FUNCTION slow_id(x int) RETURNS int LANGUAGE plpgsql VOLATILE AS"
                        + " $$ BEGIN PERFORM pg_sleep(0.01); RETURN x; END $$",
                "CREATE VIEW slow_items AS SELECT slow_id(id) AS id, v FROM items");
        PipelineFixture fixture = new PipelineFixture();
        int batch = 10;
        CdcConfig config = config(fixture, db, "slow_items", batch);
        fixture.createTopics(config);

        try (ExtractorService first = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(),
                INSTANCE)) {
            fixture.sendCommand("shop.items", RunCommand.extract(null, "items", null, null, "test"));
            awaitCommittedRows(fixture, 2 * batch);
            assertThat(first.failure()).isEmpty();
        }
        List<RowEvent> interrupted = fixture.rowRecords().stream().map(PipelineFixture::rowEvent).toList();
        long rowsOfFirstAttempt = interrupted.stream().filter(e -> e.kind() == RowEvent.Kind.ROW).count();
        assertThat(rowsOfFirstAttempt).isBetween((long) 2 * batch, (long) rows - 1);
        assertThat(rowsOfFirstAttempt % batch).as("only whole batches are committed").isZero();
        assertThat(interrupted).noneMatch(e -> e.kind() == RowEvent.Kind.END);
        assertThat(fixture.committedCommands()).isZero();
        assertThat(fixture.runEvents()).extracting(RunEvent::state).containsExactly(RunEvent.State.STARTED);

        try (ExtractorService second = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(),
                INSTANCE)) {
            RunEvent extracted = fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
            assertThat(extracted.counts().rows()).isEqualTo(rows);
            assertThat(second.failure()).isEmpty();
        }
        List<Published> published = published(fixture);
        List<RowEvent> events = published.stream().map(Published::event).toList();
        Set<String> attempts = attempts(events);
        assertThat(attempts).hasSize(2);
        assertThat(events).extracting(RowEvent::runId).containsOnly(interrupted.get(0).runId());
        assertThat(events).extracting(RowEvent::runStartedMs).containsOnly(interrupted.get(0).runStartedMs());
        assertThat(interrupted.get(0).runId()).matches("items-[0-2]-0");
        String secondAttempt = attempts.stream().filter(a -> !a.equals(interrupted.get(0).attempt())).findFirst()
                .orElseThrow();
        assertComplete(published.stream().filter(p -> p.event().attempt().equals(secondAttempt)).toList(), rows);
        assertThat(fixture.committedCommands()).isEqualTo(1);
    }

    private static CdcConfig config(PipelineFixture fixture, TestDatabase db, String table, int batch) {
        return TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .batchSize(batch)
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("items", "shop", Map.of("table", table, "primary_key", List.of("id")))
                .build();
    }

    private static KafkaProducer<byte[], byte[]> predecessorWithOpenTransaction(PipelineFixture fixture) {
        Map<String, Object> props = TestKafka.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, fixture.prefix() + "-extractor-" + INSTANCE);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        producer.beginTransaction();
        RowEvent.RunAttempt ghost = new RowEvent.RunAttempt("shop", "items", "run-7", "ghost", 0, "hash");
        String rows = fixture.topics().rows().name();
        byte[] key = fixture.topics().rows().key("shop.items");
        for (int partition = 0; partition < PipelineFixture.PARTITIONS; partition++) {
            producer.send(new ProducerRecord<>(rows, partition, key,
                    fixture.topics().rows().value(ghost.start("{}", PipelineFixture.PARTITIONS))));
            producer.send(new ProducerRecord<>(rows, partition, key,
                    fixture.topics().rows().value(ghost.row(new byte[16], new byte[] {1}))));
        }
        producer.flush();
        return producer;
    }

    private static void closeFenced(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.close(Duration.ZERO);
        } catch (KafkaException e) {
            // fenced by the extractor, as intended
        }
    }

    private static void awaitCommittedRows(PipelineFixture fixture, int atLeast) {
        long deadline = System.nanoTime() + PipelineFixture.TIMEOUT.toNanos();
        while (fixture.rowRecords().stream().map(PipelineFixture::rowEvent)
                .filter(e -> e.kind() == RowEvent.Kind.ROW).count() < atLeast) {
            assertThat(System.nanoTime()).as("%d rows committed in time", atLeast).isLessThan(deadline);
            PipelineFixture.sleep(Duration.ofMillis(50));
        }
    }

    private static Set<String> attempts(List<RowEvent> events) {
        return events.stream().map(RowEvent::attempt).collect(Collectors.toSet());
    }

    /** One START and one END per partition, END counts matching the rows, every key once. */
    private static void assertComplete(List<Published> published, int rows) {
        assertThat(attempts(published.stream().map(Published::event).toList())).hasSize(1);
        Map<Integer, List<Published>> byPartition = published.stream()
                .collect(Collectors.groupingBy(Published::partition));
        assertThat(byPartition).hasSize(PipelineFixture.PARTITIONS);
        byPartition.forEach((partition, records) -> {
            List<RowEvent> events = records.stream().map(Published::event).toList();
            assertThat(events.get(0).kind()).isEqualTo(RowEvent.Kind.START);
            RowEvent end = events.get(events.size() - 1);
            assertThat(end.kind()).isEqualTo(RowEvent.Kind.END);
            assertThat(end.status()).isEqualTo(RowEvent.STATUS_OK);
            assertThat(events).filteredOn(e -> e.kind() != RowEvent.Kind.ROW).hasSize(2);
            assertThat(end.count()).isEqualTo(events.size() - 2);
        });
        List<String> keys = published.stream().filter(p -> p.event().kind() == RowEvent.Kind.ROW)
                .map(Published::key).toList();
        assertThat(keys).hasSize(rows).doesNotHaveDuplicates();
    }

    private static List<Published> published(PipelineFixture fixture) {
        return fixture.rowRecords().stream().map(Published::of).toList();
    }

    /** A record of the rows topic. */
    private record Published(int partition, String key, RowEvent event) {
        static Published of(ConsumerRecord<byte[], byte[]> record) {
            return new Published(record.partition(), new String(record.key(), StandardCharsets.UTF_8),
                    PipelineFixture.rowEvent(record));
        }
    }
}
