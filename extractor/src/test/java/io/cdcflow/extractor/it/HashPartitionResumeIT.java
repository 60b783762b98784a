package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.extractor.core.Chunk;
import io.cdcflow.extractor.core.ChunkLayout;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hash-partition run stopped in the middle (the extractor shuts down: its open transaction is
 * aborted and the command stays uncommitted) resumes when the command is executed again: the new
 * attempt skips every chunk the progress record lists as done and publishes exactly the others.
 */
class HashPartitionResumeIT {
    private static final int ROWS = 150_000;
    private static final String LAYOUT_KEY = "shop.items#chunks";

    @BeforeEach
    void recordProgressAfterEveryChunk() {
        System.setProperty("cdc.chunk.progress.seconds", "0");
    }

    @AfterEach
    void restoreProgressInterval() {
        System.clearProperty("cdc.chunk.progress.seconds");
    }

    @Test
    void reExecutedRunSkipsTheChunksItCommitted() {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_resume");
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO items SELECT g, 'item ' || g, g * 0.5 FROM generate_series(1, " + ROWS + ") g");
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .batchSize(500)
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("items", "shop", Map.of("table", "items", "method", "hash-partition", "partition_size", 1000))
                .build();
        fixture.createTopics(config);
        String watermarks = fixture.topics().names().watermarks();

        ChunkLayout progress;
        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            fixture.sendCommand("shop.items", RunCommand.extract("shop", "items", "run-1",
                    Instant.parse("2024-06-01T08:00:00Z"), "test"));
            progress = awaitLayout(watermarks, layout -> !layout.complete()
                    && layout.chunks().stream().filter(Chunk::done).count() >= 10);
            assertThat(service.failure()).isEmpty();
        }
        assertThat(fixture.runEvents()).extracting(RunEvent::state).as("stopped before it finished")
                .doesNotContain(RunEvent.State.EXTRACTED);
        ChunkLayout stopped = latestLayout(watermarks).orElseThrow();
        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.runId()).isEqualTo("run-1");
        List<Chunk> done = stopped.chunks().stream().filter(Chunk::done).toList();
        assertThat((long) done.size()).isGreaterThanOrEqualTo(progress.chunks().stream().filter(Chunk::done).count());
        long doneRows = done.stream().mapToLong(Chunk::rows).sum();
        assertThat(doneRows).isLessThan(ROWS);

        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            RunEvent extracted = fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
            assertThat(extracted.runId()).isEqualTo("run-1");
            assertThat(extracted.counts().rows()).as("only the chunks not yet done").isEqualTo(ROWS - doneRows);
            assertThat(service.failure()).isEmpty();
        }

        List<ConsumerRecord<byte[], byte[]>> records = fixture.rowRecords();
        String lastAttempt = records.stream().map(PipelineFixture::rowEvent)
                .filter(e -> e.kind() == RowEvent.Kind.END && e.ok()).findFirst().orElseThrow().attempt();
        Set<Long> resumedIds = new HashSet<>();
        Set<Long> allIds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            RowEvent event = PipelineFixture.rowEvent(record);
            if (event.kind() != RowEvent.Kind.ROW) {
                continue;
            }
            String pk = RowKeys.primaryKeyOf(new String(record.key(), StandardCharsets.UTF_8));
            long id = Long.parseLong(pk.substring(1, pk.length() - 1));
            allIds.add(id);
            if (event.attempt().equals(lastAttempt)) {
                assertThat(resumedIds.add(id)).as("id %d published once by the resumed attempt", id).isTrue();
            }
        }
        assertThat(allIds).as("every row was committed by one attempt or the other").hasSize(ROWS);
        long lastDoneUpper = done.get(done.size() - 1).upper().get(0).asLong();
        assertThat(resumedIds).hasSize((int) (ROWS - doneRows)).allSatisfy(id -> assertThat(id).isGreaterThan(
                lastDoneUpper));

        ChunkLayout finished = latestLayout(watermarks).orElseThrow();
        assertThat(finished.complete()).isTrue();
        assertThat(finished.chunks().stream().mapToLong(Chunk::rows).sum()).isEqualTo(ROWS);
        assertThat(finished.chunks()).allSatisfy(c -> assertThat(c.digest()).isNotNull());
    }

    private static ChunkLayout awaitLayout(String topic, Predicate<ChunkLayout> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ChunkLayout> layout = latestLayout(topic);
            if (layout.isPresent() && wanted.test(layout.get())) {
                return layout.get();
            }
            PipelineFixture.sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("no matching chunk layout within 60 s: " + latestLayout(topic));
    }

    private static Optional<ChunkLayout> latestLayout(String topic) {
        ChunkLayout latest = null;
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topic, Duration.ofSeconds(10))) {
            if (LAYOUT_KEY.equals(new String(record.key(), StandardCharsets.UTF_8)) && record.value() != null) {
                latest = ChunkLayout.parse(record.value());
            }
        }
        return Optional.ofNullable(latest);
    }
}
