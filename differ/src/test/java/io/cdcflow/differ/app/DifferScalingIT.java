package io.cdcflow.differ.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.TopicAdmin;
import io.cdcflow.common.io.Topics;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two differ instances share the rows topic; one joins and the other leaves in the middle of a run.
 * Every change of the run must appear exactly once on the change topic and the writer feed must
 * report every partition complete with the right counts.
 */
class DifferScalingIT {
    private static final int PARTITIONS = 4;
    private static final int ROWS = 2_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final TableSchema ACCOUNTS = new TableSchema("bank", "accounts", List.of(
            Column.of("id", ColumnType.LONG, false), Column.of("balance", ColumnType.LONG, false)), List.of("id"));
    private static final Map<String, Object> FAST_REBALANCE = Map.of(
            "session.timeout.ms", 6000, "heartbeat.interval.ms", 1000, "commit.interval.ms", 100);

    @TempDir
    Path dir;

    @Test
    void instancesJoiningAndLeavingMidRunLoseAndDuplicateNothing() throws Exception {
        String prefix = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames names = new TopicNames(prefix);
        try (Admin admin = TestKafka.admin()) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, PARTITIONS, Optional.of((short) 1));
            topicAdmin.ensure(topicAdmin.pipelineTopics(names, List.of(Map.entry("bank", "accounts"))));
        }
        RowProducer rows = new RowProducer(names);
        DifferService first = DifferService.start(config(prefix, "a"), TestKafka.bootstrapServers(), FAST_REBALANCE);
        DifferService second = null;
        try {
            Map<Long, Long> table = new HashMap<>();
            for (long id = 1; id <= ROWS; id++) {
                table.put(id, id * 10);
            }
            rows.run("run-1", table, () -> { });
            awaitPartitionsDone(names, "run-1");

            Map<Long, Long> next = new HashMap<>(table);
            Set<String> modified = new TreeSet<>();
            Set<String> deleted = new TreeSet<>();
            Set<String> added = new TreeSet<>();
            for (long id = 1; id <= ROWS; id++) {
                if (id % 4 == 0) {
                    next.put(id, id * 10 + 1);
                    modified.add(Long.toString(id));
                } else if (id % 10 == 1) {
                    next.remove(id);
                    deleted.add(Long.toString(id));
                }
            }
            for (long id = ROWS + 1; id <= ROWS + 300; id++) {
                next.put(id, 0L);
                added.add(Long.toString(id));
            }
            DifferService[] joined = new DifferService[1];
            rows.run("run-2", next, () -> {
                joined[0] = DifferService.start(config(prefix, "b"), TestKafka.bootstrapServers(), FAST_REBALANCE);
                first.close();
            });
            second = joined[0];
            List<FeedMessage> done = awaitPartitionsDone(names, "run-2");

            Counts total = done.stream().map(FeedMessage::counts).reduce(Counts.ZERO, Counts::plus);
            assertThat(total).isEqualTo(new Counts(next.size(), added.size(), modified.size(), deleted.size(),
                    next.size() - added.size() - modified.size()));
            Map<String, List<String>> ops = changesOf(names.changes("bank", "accounts"), "run-2");
            assertThat(keysWith(ops, "c")).isEqualTo(added);
            assertThat(keysWith(ops, "u")).isEqualTo(modified);
            assertThat(keysWith(ops, "d")).isEqualTo(deleted);
            assertThat(ops.values()).as("each key changes once").allMatch(list -> list.size() == 1);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            rows.close();
        }
    }

    private CdcConfig config(String prefix, String instance) {
        return CdcConfig.parse("""
            {"datasources": {"bank": {"url": "jdbc:postgresql://unused:5432/bank"}},
             "tables": {"accounts": {"datasource": "bank", "method": "hash"}},
             "storage": {"data_dir": "%s"},
             "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": %d, "replication_factor": 1,
                       "state_dir": "%s"}}
            """.formatted(dir.resolve(instance), TestKafka.bootstrapServers(), prefix, PARTITIONS,
                dir.resolve(instance).resolve("streams")), name -> null);
    }

    private static List<FeedMessage> awaitPartitionsDone(TopicNames names, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<FeedMessage> done = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(names.writerFeed(), Duration.ofSeconds(10))) {
                FeedMessage message = FeedMessage.parse(record.value());
                if (!message.isChange() && runId.equals(message.runId())) {
                    done.add(message);
                }
            }
            if (done.size() >= PARTITIONS) {
                assertThat(done).hasSize(PARTITIONS).allMatch(m -> FeedMessage.COMPLETE.equals(m.status()));
                return done;
            }
            assertThat(System.nanoTime()).as("all partitions of %s report done", runId).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Map<String, List<String>> changesOf(String topic, String runId) throws Exception {
        Map<String, List<String>> ops = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topic, Duration.ofSeconds(10))) {
            if (record.value() == null) {
                continue;
            }
            ChangeEvent change = ChangeEvent.parse(record.value());
            if (runId.equals(change.source().runId())) {
                String id = Json.MAPPER.readTree(new String(record.key(), StandardCharsets.UTF_8)).get("id").asText();
                ops.computeIfAbsent(id, k -> new ArrayList<>()).add(change.op());
            }
        }
        return ops;
    }

    private static Set<String> keysWith(Map<String, List<String>> ops, String op) {
        Set<String> keys = new TreeSet<>();
        ops.forEach((key, list) -> {
            if (list.contains(op)) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** Publishes runs the way the extractor does (markers on every partition, explicit partitions). */
    private static final class RowProducer implements AutoCloseable {
        private final Topics topics;
        private final KafkaProducer<String, byte[]> producer;
        private final RowCodec codec = new RowCodec(ACCOUNTS);
        private final RowHasher hasher = new RowHasher(new int[] {0, 1});

        RowProducer(TopicNames names) {
            this.topics = new Topics(names);
            this.producer = new KafkaProducer<>(TestKafka.producerProps(), new StringSerializer(),
                    new ByteArraySerializer());
        }

        /** Sends a run; {@code midway} runs after half of the rows were sent. */
        void run(String runId, Map<Long, Long> table, Runnable midway) throws Exception {
            RowEvent.RunAttempt attempt = new RowEvent.RunAttempt("bank", "accounts", runId,
                    UUID.randomUUID().toString(), 1_700_000_000_000L, "hash");
            String rowsTopic = topics.rows().name();
            for (int p = 0; p < PARTITIONS; p++) {
                send(rowsTopic, p, ACCOUNTS.tableId(), attempt.start(codec.schema().toString(), PARTITIONS));
            }
            long[] counts = new long[PARTITIONS];
            int sent = 0;
            for (Map.Entry<Long, Long> entry : new java.util.TreeMap<>(table).entrySet()) {
                Object[] row = {entry.getKey(), entry.getValue()};
                String key = RowKeys.of(ACCOUNTS, ACCOUNTS.primaryKeyIndexes(), row);
                int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
                send(rowsTopic, partition, key, attempt.row(hasher.hash(row), codec.encode(row)));
                counts[partition]++;
                if (++sent == table.size() / 2) {
                    producer.flush();
                    midway.run();
                }
            }
            for (int p = 0; p < PARTITIONS; p++) {
                send(rowsTopic, p, ACCOUNTS.tableId(), attempt.end(PARTITIONS, counts[p], RowEvent.STATUS_OK));
            }
            producer.flush();
        }

        private void send(String topic, int partition, String key, RowEvent event) {
            producer.send(new ProducerRecord<>(topic, partition, key, topics.rows().value(event)));
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
