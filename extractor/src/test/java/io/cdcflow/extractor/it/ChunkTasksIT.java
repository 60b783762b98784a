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
import io.cdcflow.extractor.core.ChunkTaskResult;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

/**
 * {@code parallel_chunks}: a hash-partition run's chunks are read as tasks by the chunk workers of
 * every extractor instance, and the run publishes exactly what one instance reading every chunk
 * would: the rows of the changed chunks, each once, with END markers counting them.
 */
class ChunkTasksIT {
    private static final int ROWS = 60_000;
    private static final String LAYOUT_KEY = "shop.items#chunks";

    private TestDatabase db;
    private PipelineFixture fixture;
    private CdcConfig config;

    private void setUp(String database) {
        db = TestDatabases.postgres().createDatabase(database);
        db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text, amount numeric(12,2))",
                "INSERT INTO items SELECT g, 'item ' || g, g * 0.5 FROM generate_series(1, " + ROWS + ") g");
        fixture = new PipelineFixture();
        config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .batchSize(500)
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("items", "shop", Map.of("table", "items", "method", "hash-partition", "partition_size", 1000,
                        "parallel_chunks", true))
                .build();
        fixture.createTopics(config);
    }

    @Test
    void twoInstancesShareTheChunksOfARunAndPublishExactlyTheChangedChunks() {
        setUp("extractor_chunk_tasks");
        try (ExtractorService a = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(), "a");
             ExtractorService b = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(), "b")) {
            run("run-1", 1);
            awaitChunkWorkersHoldingTasks(2);
            ChunkLayout first = latestLayout();
            assertThat(first.chunks()).hasSize(ROWS / 1000);

            // changes in three key ranges, and growth at the end
            db.execute("UPDATE items SET name = 'renamed' WHERE id BETWEEN 5001 AND 5010",
                    "DELETE FROM items WHERE id BETWEEN 30001 AND 30020",
                    "INSERT INTO items SELECT g, 'new ' || g, 1 FROM generate_series(" + (ROWS + 1) + ", "
                            + (ROWS + 2500) + ") g");
            RunEvent extracted = run("run-2", 2);
            ChunkLayout second = latestLayout();
            assertThat(second.complete()).isTrue();
            assertThat(second.chunks().stream().mapToLong(Chunk::rows).sum()).isEqualTo(ROWS - 20 + 2500);
            assertThat(second.chunks().stream().map(Chunk::id).distinct().count()).isEqualTo(second.chunks().size());
            assertThat(second.chunks()).allSatisfy(c -> assertThat(c.digest()).isNotNull());

            // exactly the rows of the changed chunks: (5000, 6000], (30000, 31000] and the grown last chunk
            Set<Long> expected = new TreeSet<>();
            for (long id = 5001; id <= 6000; id++) {
                expected.add(id);
            }
            for (long id = 30021; id <= 31000; id++) {
                expected.add(id);
            }
            for (long id = ROWS - 999; id <= ROWS + 2500; id++) {
                expected.add(id);
            }
            Attempt published = rowsOf("run-2");
            assertThat(published.ids).containsExactlyElementsOf(expected);
            assertThat(published.duplicates).isZero();
            assertThat(extracted.counts().rows()).isEqualTo(expected.size());
            assertThat(published.endCounts).as("END markers count the rows of each partition")
                    .isEqualTo(published.rowsPerPartition);
            assertThat(published.spared).hasSize(ROWS / 1000 - 3);

            List<ChunkTaskResult> results = results("run-2");
            assertThat(results).hasSizeGreaterThan(2);
            assertThat(results).extracting(ChunkTaskResult::worker).as("both instances did tasks")
                    .anyMatch(w -> w.endsWith("-a-chunks-0")).anyMatch(w -> w.endsWith("-b-chunks-0"));
            assertThat(results.stream().mapToLong(r -> r.layout().chunks().size()).sum())
                    .isEqualTo(second.chunks().size());

            RunEvent unchanged = run("run-3", 3);
            assertThat(unchanged.counts().rows()).isZero();
            assertThat(rowsOf("run-3").ids).isEmpty();
            assertThat(a.failure()).isEmpty();
            assertThat(b.failure()).isEmpty();
        }
    }

    @Test
    void anInstanceStoppedDuringTheRunLeavesItsTasksToTheOtherAndNothingIsLostOrDuplicated() {
        setUp("extractor_chunk_tasks_stop");
        try (ExtractorService a = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(), "a")) {
            ExtractorService b = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(), "b");
            try {
                run("run-1", 1);
                awaitChunkWorkersHoldingTasks(2);
                db.execute("UPDATE items SET amount = amount + 1");
                fixture.sendCommand("shop.items", RunCommand.extract("shop", "items", "run-2",
                        Instant.parse("2024-06-01T09:00:00Z"), "test"));
                awaitResultFrom("run-2", "-b-chunks-0");
            } finally {
                b.close();
            }
            RunEvent extracted = fixture.awaitRunEvents(e -> e.state() == RunEvent.State.EXTRACTED, 2).get(1);
            assertThat(extracted.runId()).isEqualTo("run-2");
            assertThat(extracted.counts().rows()).isEqualTo(ROWS);
            Attempt published = rowsOf("run-2");
            assertThat(published.ids).hasSize(ROWS);
            assertThat(published.duplicates).isZero();
            assertThat(published.endCounts).isEqualTo(published.rowsPerPartition);
            assertThat(results("run-2")).extracting(ChunkTaskResult::worker)
                    .anyMatch(w -> w.endsWith("-a-chunks-0"));
            assertThat(a.failure()).isEmpty();
        }
    }

    private RunEvent run(String runId, int nth) {
        fixture.sendCommand("shop.items", RunCommand.extract("shop", "items", runId,
                Instant.parse("2024-06-01T08:00:00Z").plusSeconds(nth * 3600L), "test"));
        RunEvent extracted = fixture.awaitRunEvents(e -> e.state() == RunEvent.State.EXTRACTED, nth).get(nth - 1);
        assertThat(extracted.runId()).isEqualTo(runId);
        return extracted;
    }

    /** What the successful attempt of a run committed to the rows topic. */
    private static final class Attempt {
        final Set<Long> ids = new TreeSet<>();
        int duplicates;
        final Map<Integer, Long> rowsPerPartition = new HashMap<>();
        final Map<Integer, Long> endCounts = new HashMap<>();
        final Set<Long> spared = new HashSet<>();
    }

    private Attempt rowsOf(String runId) {
        List<ConsumerRecord<byte[], byte[]>> records = fixture.rowRecords();
        String attemptId = records.stream().map(PipelineFixture::rowEvent)
                .filter(e -> e.kind() == RowEvent.Kind.END && e.ok() && e.runId().equals(runId))
                .findFirst().orElseThrow().attempt();
        Attempt attempt = new Attempt();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            RowEvent event = PipelineFixture.rowEvent(record);
            if (!event.runId().equals(runId) || !event.attempt().equals(attemptId)) {
                continue;
            }
            if (event.kind() == RowEvent.Kind.END) {
                attempt.endCounts.put(record.partition(), event.count());
                attempt.spared.addAll(event.sparedChunks());
            } else if (event.kind() == RowEvent.Kind.ROW) {
                String pk = RowKeys.primaryKeyOf(new String(record.key(), StandardCharsets.UTF_8));
                if (!attempt.ids.add(Long.parseLong(pk.substring(1, pk.length() - 1)))) {
                    attempt.duplicates++;
                }
                attempt.rowsPerPartition.merge(record.partition(), 1L, Long::sum);
            }
        }
        for (Integer partition : attempt.endCounts.keySet()) {
            attempt.rowsPerPartition.putIfAbsent(partition, 0L);
        }
        return attempt;
    }

    private List<ChunkTaskResult> results(String runId) {
        List<ChunkTaskResult> results = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(fixture.topics().names().chunkResults(),
                Duration.ofSeconds(10))) {
            ChunkTaskResult result = ChunkTaskResult.parse(record.value());
            if (result.runId().equals(runId) && !result.failed()) {
                results.add(result);
            }
        }
        return results;
    }

    /** Both instances' workers must hold task partitions before a run, or one may do every task. */
    private void awaitChunkWorkersHoldingTasks(int workers) {
        String group = fixture.prefix() + "-extractor-chunks";
        long deadline = System.nanoTime() + PipelineFixture.TIMEOUT.toNanos();
        try (Admin admin = TestKafka.admin()) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                if (description.groupState() == GroupState.STABLE
                        && description.members().size() == workers
                        && description.members().stream().map(MemberDescription::assignment)
                        .allMatch(a -> !a.topicPartitions().isEmpty())) {
                    return;
                }
                PipelineFixture.sleep(Duration.ofMillis(50));
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot describe the consumer group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError(workers + " chunk workers never held task partitions of " + group);
    }

    private void awaitResultFrom(String runId, String workerSuffix) {
        long deadline = System.nanoTime() + PipelineFixture.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (results(runId).stream().anyMatch(r -> r.worker().endsWith(workerSuffix))) {
                return;
            }
            PipelineFixture.sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("no result of " + runId + " from a worker ending " + workerSuffix);
    }

    private ChunkLayout latestLayout() {
        ChunkLayout latest = null;
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(fixture.topics().names().watermarks(),
                Duration.ofSeconds(10))) {
            if (LAYOUT_KEY.equals(new String(record.key(), StandardCharsets.UTF_8)) && record.value() != null) {
                latest = ChunkLayout.parse(record.value());
            }
        }
        return latest;
    }
}
