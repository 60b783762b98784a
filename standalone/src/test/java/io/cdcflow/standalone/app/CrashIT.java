package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.common.io.Topics;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the differ and writer process (SIGKILL) in the middle of a run, restarts it, and checks
 * that the change topic and the run's files hold every change exactly once, against ground truth
 * computed from the database.
 */
class CrashIT {
    private static final int ROWS = 6_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path dataDir;

    @Test
    void killingDifferAndWriterMidRunLosesAndDuplicatesNothing() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("crash_it");
        db.execute("CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric(12,2))",
                "INSERT INTO accounts SELECT g, 'owner-' || g, g * 1.25 FROM generate_series(1, " + ROWS + ") g");
        String prefix = ItConfigs.uniqueName("crash");
        String bucket = ItConfigs.uniqueName("crash");
        String json = ItConfigs.json(db, "accounts", "\"id\"", prefix, bucket, dataDir, 200);
        Path configFile = dataDir.resolve("config.json");
        Files.writeString(configFile, json);
        CdcConfig config = ItConfigs.config(json);
        Topics topics = new Topics(new TopicNames(prefix));
        String changesTopic = topics.names().changes("it", "accounts");

        Pipeline.createTopics(config);
        Process child = startChild(configFile);
        ExtractorService extractor = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of());
        try (RunClient client = new RunClient(topics, TestKafka.bootstrapServers(), Map.of())) {
            String baseline = client.trigger("it", "accounts", "test");
            assertThat(client.await(List.of(baseline), TIMEOUT, e -> { }).get(baseline).state())
                    .isEqualTo(RunEvent.State.WRITTEN);
            int baselineChanges = TestKafka.readAll(changesTopic, Duration.ofSeconds(10)).size();
            assertThat(baselineChanges).isEqualTo(ROWS);

            // ground truth: 1/6 updated, 1/12 deleted, 1/6 new rows
            db.execute("UPDATE accounts SET balance = balance + 1 WHERE id % 6 = 0",
                    "DELETE FROM accounts WHERE id % 12 = 1",
                    "INSERT INTO accounts SELECT g, 'new-' || g, 0 FROM generate_series(" + (ROWS + 1) + ", "
                            + (ROWS + ROWS / 6) + ") g");
            Set<String> expectedModified = ids(db, "SELECT id FROM accounts WHERE id % 6 = 0 AND id <= " + ROWS);
            Set<String> expectedAdded = ids(db, "SELECT id FROM accounts WHERE id > " + ROWS);
            Set<String> expectedDeleted = new TreeSet<>();
            for (int id = 1; id <= ROWS; id++) {
                if (id % 12 == 1) {
                    expectedDeleted.add(String.valueOf(id));
                }
            }

            String runId = client.trigger("it", "accounts", "test");
            long seed = System.nanoTime();
            int killAfter = 1 + new Random(seed).nextInt(Math.max(1, expectedModified.size() / 2));
            waitForChanges(changesTopic, baselineChanges + killAfter);
            child.destroyForcibly().waitFor();
            child = startChild(configFile);

            RunEvent terminal = client.await(List.of(runId), TIMEOUT, e -> { }).get(runId);
            assertThat(terminal).as("terminal event of the run (kill seed %d)", seed).isNotNull();
            assertThat(terminal.state()).isEqualTo(RunEvent.State.WRITTEN);

            Map<String, List<String>> opsByKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(changesTopic, Duration.ofSeconds(10))) {
                if (record.value() == null) {
                    continue;
                }
                ChangeEvent change = ChangeEvent.parse(record.value());
                if (runId.equals(change.source().runId())) {
                    String id = Json.MAPPER.readTree(record.key()).get("id").asText();
                    opsByKey.computeIfAbsent(id, k -> new ArrayList<>()).add(change.op());
                }
            }
            assertThat(keysWith(opsByKey, "c")).isEqualTo(expectedAdded);
            assertThat(keysWith(opsByKey, "u")).isEqualTo(expectedModified);
            assertThat(keysWith(opsByKey, "d")).isEqualTo(expectedDeleted);
            assertThat(opsByKey.values()).as("each key changes once").allMatch(ops -> ops.size() == 1);

            assertThat(fileIds(bucket, terminal, "added")).isEqualTo(sorted(expectedAdded));
            assertThat(fileIds(bucket, terminal, "modified")).isEqualTo(sorted(expectedModified));
            assertThat(fileIds(bucket, terminal, "deleted")).isEqualTo(sorted(expectedDeleted));
            assertThat(TestObjectStore.list(bucket, "snapshots/it/accounts/"))
                    .as("two runs, four objects each").hasSize(8);
        } finally {
            extractor.close();
            child.destroyForcibly().waitFor();
        }
    }

    private Process startChild(Path configFile) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // logs to stderr (the file below): stdout is not read after READY, and a child writing
                // to a full pipe blocks
                "-Xmx512m", "-Dlogback.configurationFile=cdc-logback.xml", "-cp", System.getProperty("java.class.path"),
                DifferAndWriterProcess.class.getName(),
                configFile.toString())
                .redirectError(dataDir.resolve("child-" + System.nanoTime() + ".log").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if ("READY".equals(line)) {
                return process;
            }
        }
        throw new AssertionError("the differ/writer child exited before it was ready, see " + dataDir);
    }

    private static void waitForChanges(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (TestKafka.readAll(topic, Duration.ofSeconds(5)).size() < count) {
            assertThat(System.nanoTime()).as("changes appear").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Set<String> keysWith(Map<String, List<String>> opsByKey, String op) {
        Set<String> keys = new TreeSet<>();
        opsByKey.forEach((key, ops) -> {
            if (ops.contains(op)) {
                keys.add(key);
            }
        });
        return keys;
    }

    private static Set<String> ids(TestDatabase db, String sql) {
        Set<String> ids = new TreeSet<>();
        for (Map<String, Object> row : db.query(sql)) {
            ids.add(String.valueOf(row.get("id")));
        }
        return ids;
    }

    private static List<Long> sorted(Set<String> ids) {
        return ids.stream().map(Long::valueOf).sorted().toList();
    }

    /** Ids in one file of the run; a duplicate row would show as a repeated id. */
    private static List<Long> fileIds(String bucket, RunEvent written, String category) throws Exception {
        String file = written.files().stream().filter(f -> f.endsWith("_" + category + ".json")).findFirst()
                .orElseThrow();
        JsonNode rows = Json.MAPPER.readTree(TestObjectStore.get(bucket, file));
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get("id").asLong()));
        ids.sort(null);
        assertThat(new HashSet<>(ids)).as("no duplicate rows in " + file).hasSize(ids.size());
        return ids;
    }
}
