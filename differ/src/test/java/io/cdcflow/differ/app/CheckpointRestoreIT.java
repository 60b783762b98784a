package io.cdcflow.differ.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.differ.core.CheckpointManifest;
import io.cdcflow.differ.core.RowState;
import io.cdcflow.differ.io.StateCheckpointer;
import io.cdcflow.differ.io.StateRestorer;
import io.cdcflow.testkit.AccountRuns;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run, the checkpoint it triggers (exact objects), retention, then the changelog is lost and the
 * state is restored from the checkpoint: the next run reports only the real change.
 */
class CheckpointRestoreIT {
    private static final int PARTITIONS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Map<String, Object> FAST = Map.of("commit.interval.ms", 100);

    @TempDir
    Path dir;

    @Test
    void checkpointAfterRunThenRestoreAfterTheChangelogIsLost() throws Exception {
        String prefix = "ckpt-" + UUID.randomUUID().toString().substring(0, 8);
        String bucket = prefix + "-bucket";
        TopicNames names = new TopicNames(prefix);
        AccountRuns.createTopics(names, PARTITIONS);
        TestObjectStore.createBucket(bucket);
        CdcConfig config = config(prefix, bucket);
        Map<Long, Long> table = new TreeMap<>();
        for (long id = 1; id <= 6; id++) {
            table.put(id, id * 10);
        }
        try (AccountRuns runs = new AccountRuns(names, PARTITIONS)) {
            KafkaProducer<String, byte[]> producer = runs.producer();
            DifferService differ = DifferService.start(config, TestKafka.bootstrapServers(), FAST);
            try {
                runs.run("run-1", table);
                assertThat(sum(runs.awaitPartitionsDone("run-1", TIMEOUT))).isEqualTo(new Counts(6, 6, 0, 0, 0));
                Instant at = Instant.parse("2024-01-02T03:04:05Z");
                diffed(producer, names, "run-1", at);
                String dirPrefix = "bank/accounts/hash_state/20240102_030405/";
                awaitObject(bucket, dirPrefix + "manifest.json");

                assertThat(TestObjectStore.list(bucket, dirPrefix)).containsExactlyInAnyOrder(
                        dirPrefix + "manifest.json", dirPrefix + "part-00000.jsonl.gz", dirPrefix + "part-00001.jsonl.gz");
                CheckpointManifest manifest = CheckpointManifest.parse(TestObjectStore.get(bucket,
                        dirPrefix + "manifest.json"));
                String fingerprint = TableAvroSchemas.fingerprint(runs.codec().schema());
                assertThat(manifest.runId()).isEqualTo("run-1");
                assertThat(manifest.id()).isEqualTo("20240102_030405");
                assertThat(manifest.partitions()).isEqualTo(PARTITIONS);
                assertThat(manifest.entries()).isEqualTo(6);
                assertThat(manifest.schemas()).containsExactly(Map.entry(fingerprint, runs.codec().schema().toString()));
                for (int p = 0; p < PARTITIONS; p++) {
                    List<String> expected = new ArrayList<>();
                    for (Map.Entry<Long, Long> row : table.entrySet()) {
                        if (runs.partitionOf(row.getKey()) == p) {
                            expected.add(line(runs, row.getKey(), row.getValue(), "run-1"));
                        }
                    }
                    String part = String.format(Locale.ROOT, "%spart-%05d.jsonl.gz", dirPrefix, p);
                    assertThat(lines(TestObjectStore.get(bucket, part))).containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(manifest.parts().get(p).entries()).isEqualTo(expected.size());
                }

                assertThatThrownBy(() -> DifferState.restore(config, "bank", "accounts", null))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("the differ is running (consumer group " + prefix + "-differ has ")
                        .hasMessageContaining("member(s)")
                        .hasMessageEndingWith("stop every differ instance first");

                // retention: three more checkpoints leave the newest three
                for (int i = 1; i <= 3; i++) {
                    Instant later = at.plusSeconds(60L * i);
                    diffed(producer, names, "run-1-again-" + i, later);
                    awaitObject(bucket, "bank/accounts/hash_state/20240102_030" + (4 + i) + "05/manifest.json");
                }
                awaitGone(bucket, dirPrefix);
                assertThat(TestObjectStore.list(bucket, "bank/accounts/hash_state/").stream()
                        .filter(key -> key.endsWith("manifest.json")).toList()).containsExactly(
                        "bank/accounts/hash_state/20240102_030505/manifest.json",
                        "bank/accounts/hash_state/20240102_030605/manifest.json",
                        "bank/accounts/hash_state/20240102_030705/manifest.json");
            } finally {
                differ.close();
            }

            // the cluster loses the changelog; a stray key of the table appears in the new one
            String changelog = StateCheckpointer.rowStateChangelog(names);
            try (Admin admin = TestKafka.admin()) {
                admin.deleteTopics(List.of(changelog)).all().get();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (admin.listTopics().names().get().contains(changelog)) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            TestKafka.createCompactedTopics(PARTITIONS, changelog);
            producer.send(new ProducerRecord<>(changelog, runs.partitionOf(99L), AccountRuns.key(99L),
                    new RowState(runs.hash(99L, 1L), "run-0", null).toBytes())).get();

            StateRestorer.Result result = DifferState.restore(config, "bank", "accounts", null);
            assertThat(result).isEqualTo(new StateRestorer.Result("20240102_030705", "run-1-again-3", 6, 1));

            table.put(1L, 11L);
            DifferService restarted = DifferService.start(config, TestKafka.bootstrapServers(), FAST);
            try {
                assertThat(restarted.awaitRunning(TIMEOUT)).isTrue();
                runs.run("run-2", table);
                assertThat(sum(runs.awaitPartitionsDone("run-2", TIMEOUT))).isEqualTo(new Counts(6, 0, 1, 0, 5));
                List<String> changes = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(names.changes("bank", "accounts"),
                        Duration.ofSeconds(10))) {
                    ChangeEvent change = ChangeEvent.parse(record.value());
                    if ("run-2".equals(change.source().runId())) {
                        changes.add(change.op() + " " + change.before() + " " + change.after());
                    }
                }
                assertThat(changes).containsExactly("u {\"id\":1,\"balance\":10} {\"id\":1,\"balance\":11}");
                // closing right after the event (as `cdc run` does) still checkpoints the run
                diffed(producer, names, "run-2", Instant.parse("2024-01-03T00:00:00Z"));
            } finally {
                restarted.close();
            }
            String last = "bank/accounts/hash_state/20240103_000000/";
            assertThat(TestObjectStore.list(bucket, last)).contains(last + "manifest.json");
            List<String> lines = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                lines.addAll(lines(TestObjectStore.get(bucket, String.format(Locale.ROOT, "%spart-%05d.jsonl.gz", last, p))));
            }
            List<String> expected = new ArrayList<>();
            table.forEach((id, balance) -> expected.add(line(runs, id, balance, "run-2")));
            assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String line(AccountRuns runs, long id, long balance, String runId) {
        byte[] hash = runs.hash(id, balance);
        byte[] state = new RowState(hash, runId, runs.codec().encode(new Object[] {id, balance}), RowEvent.NO_CHUNK,
                RowState.attemptTag(AccountRuns.attemptOf(runId))).toBytes();
        return "{\"key\":\"[" + id + "]\",\"hash\":\"" + HexFormat.of().formatHex(hash) + "\",\"last_run_id\":\""
                + runId + "\",\"image\":{\"id\":" + id + ",\"balance\":" + balance + "},\"state\":\""
                + Base64.getEncoder().encodeToString(state) + "\"}";
    }

    private static List<String> lines(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).endsWith("\n");
            return List.of(text.split("\n"));
        }
    }

    private static void diffed(KafkaProducer<String, byte[]> producer, TopicNames names, String runId, Instant at)
            throws Exception {
        RunEvent event = RunEvent.of(runId, "bank", "accounts", RunEvent.State.DIFFED, at, "hash");
        producer.send(new ProducerRecord<>(names.runEvents(), AccountRuns.ACCOUNTS.tableId(), event.toJson())).get();
    }

    private static void awaitObject(String bucket, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!TestObjectStore.list(bucket, key).contains(key)) {
            assertThat(System.nanoTime()).as("%s appears", key).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitGone(String bucket, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!TestObjectStore.list(bucket, prefix).isEmpty()) {
            assertThat(System.nanoTime()).as("%s is deleted", prefix).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static Counts sum(List<FeedMessage> done) {
        return done.stream().map(FeedMessage::counts).reduce(Counts.ZERO, Counts::plus);
    }

    private CdcConfig config(String prefix, String bucket) {
        return CdcConfig.parse("""
            {"datasources": {"bank": {"url": "jdbc:postgresql://unused:5432/bank"}},
             "tables": {"accounts": {"datasource": "bank", "method": "hash"}},
             "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s",
                         "data_dir": "%s"},
             "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": %d, "replication_factor": 1,
                       "state_dir": "%s"}}
            """.formatted(TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(),
                bucket, dir, TestKafka.bootstrapServers(), prefix, PARTITIONS, dir.resolve("streams")), name -> null);
    }

}
