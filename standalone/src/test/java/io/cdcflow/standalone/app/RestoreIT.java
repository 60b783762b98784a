package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.StorageConfig;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.differ.core.CheckpointEntry;
import io.cdcflow.differ.core.CheckpointManifest;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded defaults end to end: a run writes a state checkpoint, the broker's data is lost,
 * {@code cdc restore} rebuilds the differ's state, and the next run reports only the real change.
 */
class RestoreIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dataDir;

    @Test
    void restoreAfterTheBrokerLostItsDataMakesTheNextRunReportOnlyRealChanges() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("restore_it");
        db.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(20))",
                "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        Path configFile = dataDir.resolve("config.json");
        Files.writeString(configFile, """
            {"datasources": {"it": {"url": "%s", "username": "%s", "password": "%s"}},
             "tables": {"items": {"datasource": "it", "method": "hash", "snapshot_format": "jsonl"}},
             "storage": {"data_dir": "%s"},
             "kafka": {"partitions": 2}}
            """.formatted(db.jdbcUrl(), db.user(), db.password(), dataDir.resolve("data").toAbsolutePath()));
        CdcConfig config = CdcConfig.load(configFile);

        String firstRun;
        String checkpointId;
        try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
            RunResult first = single(new CycleRunner(pipeline, QUIET).run(List.of("items"), TIMEOUT));
            assertThat(first.changes()).containsExactly(Map.entry("added", 3L), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));
            firstRun = first.runId();
            StorageConfig storage = pipeline.config().storage();
            try (ObjectStore store = ObjectStore.connect(ObjectStoreSettings.of(storage))) {
                String manifestKey = awaitManifest(store, "it/items/hash_state/");
                CheckpointManifest manifest = CheckpointManifest.parse(store.get(manifestKey).orElseThrow());
                checkpointId = manifest.id();
                assertThat(manifestKey).isEqualTo("it/items/hash_state/" + checkpointId + "/manifest.json");
                assertThat(manifest.runId()).isEqualTo(firstRun);
                assertThat(manifest.entries()).isEqualTo(3);
                assertThat(manifest.parts()).extracting(CheckpointManifest.Part::object).containsExactly(
                        "it/items/hash_state/" + checkpointId + "/part-00000.jsonl.gz",
                        "it/items/hash_state/" + checkpointId + "/part-00001.jsonl.gz");
                List<String> entries = new ArrayList<>();
                for (CheckpointManifest.Part part : manifest.parts()) {
                    for (CheckpointEntry entry : entries(store, part.object())) {
                        assertThat(entry.hashHex()).hasSize(32);
                        entries.add(entry.key() + " " + entry.lastRunId() + " " + entry.image());
                    }
                }
                assertThat(entries).containsExactlyInAnyOrder(
                        "[1] " + firstRun + " {\"id\":1,\"name\":\"a\"}",
                        "[2] " + firstRun + " {\"id\":2,\"name\":\"b\"}",
                        "[3] " + firstRun + " {\"id\":3,\"name\":null}");
            }
        }

        // the broker loses its data (a new cluster); the object store keeps the checkpoint
        deleteRecursively(dataDir.resolve("data").resolve("kafka"));

        Cli restore = Cli.run("restore", "--config", configFile.toString(), "--table", "items");
        assertThat(restore.err()).isEmpty();
        assertThat(restore.exitCode()).isZero();
        assertThat(restore.out()).isEqualTo("Restored checkpoint " + checkpointId + " of it.items (taken after run "
                + firstRun + "): 3 keys written, 0 keys not in the checkpoint removed.\n"
                + "The differ rebuilds its state from the changelog when it next starts.\n");

        db.execute("UPDATE items SET name = 'b2' WHERE id = 2");
        try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
            RunResult second = single(new CycleRunner(pipeline, QUIET).run(List.of("items"), TIMEOUT));
            assertThat(second.success()).as(String.valueOf(second)).isTrue();
            assertThat(second.changes()).containsExactly(Map.entry("added", 0L), Map.entry("modified", 1L),
                    Map.entry("deleted", 0L));
        }

        Cli missing = Cli.run("restore", "--config", configFile.toString(), "--table", "items",
                "--checkpoint", "20000101_000000");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("cdc: restore of it.items: no complete checkpoint 20000101_000000 under "
                + "cdc-state/it/items/hash_state/ (complete: " + checkpointId);
    }

    private static void deleteRecursively(Path directory) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static RunResult single(List<RunResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static String awaitManifest(ObjectStore store, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (String key : store.list(prefix)) {
                if (key.endsWith("/manifest.json")) {
                    return key;
                }
            }
            assertThat(System.nanoTime()).as("a checkpoint manifest under %s", prefix).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<CheckpointEntry> entries(ObjectStore store, String object) throws Exception {
        List<CheckpointEntry> entries = new ArrayList<>();
        try (InputStream in = store.open(object);
             BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                     StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                entries.add(CheckpointEntry.parse(line));
            }
        }
        return entries;
    }
}
