package io.cdcflow.writer.app;

import static io.cdcflow.writer.app.WriterFixture.change;
import static io.cdcflow.writer.app.WriterFixture.done;
import static io.cdcflow.writer.app.WriterFixture.startMs;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.Secret;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.SchemaChange;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.embedded.EmbeddedObjectStore;
import io.cdcflow.testkit.TestObjectStore;
import io.cdcflow.writer.core.RunSummary;
import io.cdcflow.writer.core.SummaryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The writer service on the embedded broker and object store, fed hand-built feed messages: the exact
 * objects it writes, their rows read back with independent readers, its summaries and run events,
 * and the same objects again after restarts at the awkward moments.
 */
class WriterServiceIT {

    private static final String R0 = "run-0";
    private static final long R0_START = startMs("2024-12-15T14:30:22.250Z");
    private static final String R1 = "run-1";
    private static final long R1_START = startMs("2024-12-15T14:30:32Z");
    private static final String DIR = "snapshots/crm/users/";

    private static final String ANN = "{\"id\":1,\"name\":\"Ann\",\"balance\":10.50}";
    private static final String BOB_BEFORE = "{\"id\":2,\"name\":\"Bob\",\"balance\":1.00}";
    private static final String BOB_AFTER = "{\"id\":2,\"name\":\"\",\"balance\":null}";
    private static final String CARL = "{\"id\":3,\"name\":\"Carl, \\\"the\\\" 3rd\\nline two\",\"balance\":-3.25}";
    private static final String EVE = "{\"id\":5,\"name\":\"Eve\",\"balance\":0.00}";
    private static final String ANN_AFTER = "{\"id\":1,\"name\":\"Ann B\",\"balance\":11.00}";

    /** Run 0's messages up to (not including) its last partition report. */
    private static final FeedMessage[] R0_HEAD = {
        change(R0, R0_START, "c", null, ANN, "{\"id\":1}"),
        done(R0, R0_START, 0, FeedMessage.COMPLETE, new Counts(4, 1, 0, 0, 3)),
    };
    private static final FeedMessage[] R1_HEAD = {change(R1, R1_START, "c", null, CARL, "{\"id\":3}")};
    private static final FeedMessage[] INTERLEAVED = {
        change(R0, R0_START, "u", BOB_BEFORE, BOB_AFTER, "{\"id\":2}"),
        done(R0, R0_START, 1, FeedMessage.COMPLETE, new Counts(3, 0, 1, 0, 2)),
        change(R1, R1_START, "d", null, null, "{\"id\":4}"),
        done(R1, R1_START, 0, FeedMessage.COMPLETE, new Counts(2, 1, 0, 1, 0)),
        done(R0, R0_START, 2, FeedMessage.COMPLETE, new Counts(2, 0, 0, 0, 2)),
    };
    private static final FeedMessage[] R1_TAIL = {
        change(R1, R1_START, "d", EVE, null, "{\"id\":5}"),
        change(R1, R1_START, "u", "{\"id\":1}", ANN_AFTER, "{\"id\":1}"),
        done(R1, R1_START, 2, FeedMessage.COMPLETE, Counts.ZERO),
        done(R1, R1_START, 1, FeedMessage.COMPLETE, new Counts(2, 0, 1, 1, 0)),
    };

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}, gzip {1}")
    @CsvSource({"json, false", "jsonl, false", "csv, false", "csv, true"})
    void writesInterleavedRunsSpanningThreePartitions(String format, boolean gzip) throws Exception {
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot(format, gzip))) {
            fixture.startWriter();
            sendBothRuns(fixture);

            fixture.awaitEvent(R1, RunEvent.State.WRITTEN);
            String ext = format + (gzip ? ".gz" : "");
            assertThat(fixture.objects()).containsExactly(
                    DIR + "20241215_143022_added." + ext, DIR + "20241215_143022_deleted." + ext,
                    DIR + "20241215_143022_modified." + ext, DIR + "20241215_143022_summary.json",
                    DIR + "20241215_143032_added." + ext, DIR + "20241215_143032_deleted." + ext,
                    DIR + "20241215_143032_modified." + ext, DIR + "20241215_143032_summary.json");

            String r0Time = "2024-12-15T14:30:22.250Z";
            String r1Time = "2024-12-15T14:30:32Z";
            assertRows(fixture, format, gzip, DIR + "20241215_143022_added." + ext, row(ANN, "added", r0Time));
            assertRows(fixture, format, gzip, DIR + "20241215_143022_modified." + ext, row(BOB_AFTER, "modified", r0Time));
            assertRows(fixture, format, gzip, DIR + "20241215_143022_deleted." + ext);
            assertRows(fixture, format, gzip, DIR + "20241215_143032_added." + ext, row(CARL, "added", r1Time));
            assertRows(fixture, format, gzip, DIR + "20241215_143032_modified." + ext, row(ANN_AFTER, "modified", r1Time));
            assertRows(fixture, format, gzip, DIR + "20241215_143032_deleted." + ext,
                    row("{\"id\":4}", "deleted", r1Time), row(EVE, "deleted", r1Time));

            RunSummary summary = RunSummary.parse(fixture.object(DIR + "20241215_143032_summary.json"));
            List<SummaryFile> files = new ArrayList<>();
            long[] rows = {1, 1, 2};
            String[] operations = {"added", "modified", "deleted"};
            for (int i = 0; i < 3; i++) {
                String path = DIR + "20241215_143032_" + operations[i] + "." + ext;
                files.add(new SummaryFile(path, operations[i], rows[i], fixture.object(path).length));
            }
            assertThat(summary).isEqualTo(new RunSummary(R1, "crm", "users", "hash", "20241215_143032",
                    Instant.ofEpochMilli(R1_START), RunSummary.COMPLETE, null, new RunSummary.Changes(1, 1, 2), 4, 0,
                    format, gzip ? "gzip" : null, files,
                    TableAvroSchemas.fingerprint(TableAvroSchemas.toAvro(WriterFixture.USERS))));

            List<RunEvent> r0Events = fixture.events(R0);
            assertThat(r0Events).extracting(RunEvent::state)
                    .containsExactly(RunEvent.State.DIFFED, RunEvent.State.WRITTEN);
            assertThat(r0Events).extracting(RunEvent::counts).containsOnly(new Counts(9, 1, 1, 0, 7));
            assertThat(r0Events.get(1).files()).containsExactly(DIR + "20241215_143022_added." + ext,
                    DIR + "20241215_143022_modified." + ext, DIR + "20241215_143022_deleted." + ext,
                    DIR + "20241215_143022_summary.json");
            assertThat(fixture.events(R1)).extracting(RunEvent::state)
                    .containsExactly(RunEvent.State.DIFFED, RunEvent.State.WRITTEN);
            try (Stream<Path> spilled = Files.walk(dataDir.resolve("writer-spill"))) {
                assertThat(spilled.filter(Files::isRegularFile)).as("spill files of written runs").isEmpty();
            }
        }
    }

    @Test
    void aSecondRunStartingInTheSameSecondTakesTheNextSecond() throws Exception {
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot("jsonl", false))) {
            fixture.startWriter();
            long sameSecond = R0_START + 500;
            fixture.send(R0_HEAD);
            fixture.send(done(R0, R0_START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(R0, R0_START, 2, FeedMessage.COMPLETE, Counts.ZERO));
            fixture.send(change("run-same", sameSecond, "c", null, EVE, "{\"id\":5}"),
                    done("run-same", sameSecond, 0, FeedMessage.COMPLETE, new Counts(1, 1, 0, 0, 0)),
                    done("run-same", sameSecond, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done("run-same", sameSecond, 2, FeedMessage.COMPLETE, Counts.ZERO));

            fixture.awaitEvent("run-same", RunEvent.State.WRITTEN);
            assertThat(fixture.objects()).containsExactly(
                    DIR + "20241215_143022_added.jsonl", DIR + "20241215_143022_deleted.jsonl",
                    DIR + "20241215_143022_modified.jsonl", DIR + "20241215_143022_summary.json",
                    DIR + "20241215_143023_added.jsonl", DIR + "20241215_143023_deleted.jsonl",
                    DIR + "20241215_143023_modified.jsonl", DIR + "20241215_143023_summary.json");
            assertThat(RunSummary.parse(fixture.object(DIR + "20241215_143022_summary.json")).runId()).isEqualTo(R0);
            RunSummary second = RunSummary.parse(fixture.object(DIR + "20241215_143023_summary.json"));
            assertThat(second.runId()).isEqualTo("run-same");
            assertThat(second.timestamp()).isEqualTo("20241215_143023");
            assertThat(second.runStarted()).isEqualTo(Instant.ofEpochMilli(sameSecond));
            assertRows(fixture, "jsonl", false, DIR + "20241215_143023_added.jsonl",
                    row(EVE, "added", "2024-12-15T14:30:22.750Z"));
        }
    }

    @Test
    void aSchemaChangeReportedByTheDifferIsOnTheDiffedAndWrittenEvents() throws Exception {
        SchemaChange change = new SchemaChange("00000000000000aa", "00000000000000bb");
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot("jsonl", false))) {
            fixture.startWriter();
            fixture.send(change(R0, R0_START, "u", ANN, ANN_AFTER, "{\"id\":1}"),
                    withChange(done(R0, R0_START, 0, FeedMessage.COMPLETE, new Counts(1, 0, 1, 0, 0)), change),
                    withChange(done(R0, R0_START, 1, FeedMessage.COMPLETE, Counts.ZERO), change),
                    withChange(done(R0, R0_START, 2, FeedMessage.COMPLETE, Counts.ZERO), change));
            fixture.awaitEvent(R0, RunEvent.State.WRITTEN);

            assertThat(fixture.events(R0)).extracting(RunEvent::state, RunEvent::schemaChange).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(RunEvent.State.DIFFED, change),
                    org.assertj.core.groups.Tuple.tuple(RunEvent.State.WRITTEN, change));
        }
    }

    private static FeedMessage withChange(FeedMessage done, SchemaChange change) {
        return new FeedMessage(done.type(), done.datasource(), done.table(), done.runId(), done.runStartedMs(),
                done.method(), done.key(), done.change(), done.partition(), done.partitions(), done.status(),
                done.counts(), done.schemaJson(), change);
    }

    @Test
    void aRestartInTheMiddleOfARunRebuildsItAndLeavesFinishedRunsAlone() throws Exception {
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot("json", false))) {
            fixture.startWriter();
            fixture.send(R0_HEAD);
            fixture.send(R1_HEAD);
            fixture.send(INTERLEAVED);
            fixture.awaitEvent(R0, RunEvent.State.WRITTEN);
            Map<String, String> afterRun0 = fixture.allObjects();
            assertThat(afterRun0).hasSize(4);

            // Run 1 is half received; the committed offset stays at its first message, inside run 0.
            fixture.stopWriter();
            fixture.startWriter();
            fixture.send(R1_TAIL);
            fixture.awaitEvent(R1, RunEvent.State.WRITTEN);

            Map<String, String> all = fixture.allObjects();
            assertThat(all).hasSize(8).containsAllEntriesOf(afterRun0);
            assertRows(fixture, "json", false, DIR + "20241215_143032_added.json",
                    row(CARL, "added", "2024-12-15T14:30:32Z"));
            assertRows(fixture, "json", false, DIR + "20241215_143032_deleted.json",
                    row("{\"id\":4}", "deleted", "2024-12-15T14:30:32Z"), row(EVE, "deleted", "2024-12-15T14:30:32Z"));
            assertThat(fixture.events(R0)).extracting(RunEvent::state)
                    .as("the re-read tail of run 0 repeats its final event only")
                    .containsExactly(RunEvent.State.DIFFED, RunEvent.State.WRITTEN, RunEvent.State.WRITTEN);
            assertThat(fixture.events(R0).get(2).files()).isEqualTo(fixture.events(R0).get(1).files());
        }
    }

    @ParameterizedTest(name = "{0}, gzip {1}")
    @CsvSource({"csv, true", "parquet, false", "avro, false"})
    void reReadingTheWholeFeedAfterACrashProducesTheSameObjectsOnce(String format, boolean gzip) throws Exception {
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot(format, gzip))) {
            fixture.startWriter();
            sendBothRuns(fixture);
            fixture.awaitEvent(R1, RunEvent.State.WRITTEN);
            Map<String, String> undisturbed = fixture.allObjects();
            fixture.stopWriter();

            // A crash after run 1's data files but before its summary, and before any offset commit.
            fixture.deleteObject(DIR + "20241215_143032_summary.json");
            fixture.forgetCommittedOffsets();
            fixture.startWriter();
            WriterFixture.await(() -> fixture.events(R1).stream().filter(e -> e.state() == RunEvent.State.WRITTEN).count() == 2,
                    "run 1 written again");

            assertThat(fixture.allObjects()).containsExactlyEntriesOf(undisturbed);
            assertThat(fixture.events(R0)).extracting(RunEvent::state).containsExactly(
                    RunEvent.State.DIFFED, RunEvent.State.WRITTEN, RunEvent.State.WRITTEN);
        }
    }

    @Test
    void anIncompleteRunWritesWhatWasObservedAndFails() throws Exception {
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot("jsonl", false))) {
            fixture.startWriter();
            fixture.send(R0_HEAD);
            fixture.send(done(R0, R0_START, 1, "expected 5 rows, received 4", new Counts(4, 0, 0, 0, 4)),
                    done(R0, R0_START, 2, FeedMessage.COMPLETE, Counts.ZERO));

            RunEvent failed = fixture.awaitEvent(R0, RunEvent.State.FAILED);
            assertThat(failed.error()).isEqualTo("incomplete run: partition 1: expected 5 rows, received 4");
            assertThat(failed.files()).containsExactly(DIR + "20241215_143022_added.jsonl",
                    DIR + "20241215_143022_modified.jsonl", DIR + "20241215_143022_deleted.jsonl",
                    DIR + "20241215_143022_summary.json");
            assertThat(fixture.events(R0)).extracting(RunEvent::state).containsExactly(RunEvent.State.FAILED);
            assertRows(fixture, "jsonl", false, DIR + "20241215_143022_added.jsonl",
                    row(ANN, "added", "2024-12-15T14:30:22.250Z"));
            RunSummary summary = RunSummary.parse(fixture.object(DIR + "20241215_143022_summary.json"));
            assertThat(summary.status()).isEqualTo(RunSummary.INCOMPLETE);
            assertThat(summary.incompleteReason()).isEqualTo("partition 1: expected 5 rows, received 4");
            assertThat(summary.changes()).isEqualTo(new RunSummary.Changes(1, 0, 0));
        }
    }

    @Test
    void aValueATypedFormatCannotHoldFailsTheRunAndTheWriterGoesOn() {
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot("parquet", false))) {
            fixture.startWriter();
            fixture.send(change(R0, R0_START, "c", null, "{\"id\":1,\"name\":\"Ann\",\"balance\":10.505}", "{\"id\":1}"),
                    done(R0, R0_START, 0, FeedMessage.COMPLETE, new Counts(1, 1, 0, 0, 0)),
                    done(R0, R0_START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(R0, R0_START, 2, FeedMessage.COMPLETE, Counts.ZERO));

            RunEvent failed = fixture.awaitEvent(R0, RunEvent.State.FAILED);
            assertThat(failed.error()).startsWith("cannot write parquet files: column balance: 10.505 is not a decimal(10,2)");
            assertThat(fixture.events(R0)).extracting(RunEvent::state)
                    .containsExactly(RunEvent.State.DIFFED, RunEvent.State.FAILED);
            assertThat(fixture.objects()).isEmpty();

            fixture.send(R1_HEAD);
            fixture.send(done(R1, R1_START, 0, FeedMessage.COMPLETE, new Counts(1, 1, 0, 0, 0)),
                    done(R1, R1_START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(R1, R1_START, 2, FeedMessage.COMPLETE, Counts.ZERO));
            fixture.awaitEvent(R1, RunEvent.State.WRITTEN);
            assertThat(fixture.objects()).hasSize(4);
            assertThat(fixture.writer().isRunning()).isTrue();
        }
    }

    @Test
    void aRunTheStoreRefusesForGoodFailsAndIsWrittenAfterARestartWithTheRightCredentials() throws Exception {
        String wrongSecret = "not-the-secret-" + System.nanoTime();
        try (WriterFixture fixture = new WriterFixture(dataDir, snapshot("json", false))) {
            fixture.makeBucket();
            ObjectStoreSettings right = ObjectStoreSettings.of(fixture.config.storage());
            fixture.startWriter(new ObjectStoreSettings(right.endpoint(), right.accessKey(), Secret.of(wrongSecret),
                    right.bucket(), right.region()));
            sendBothRuns(fixture);

            RunEvent failed = fixture.awaitEvent(R0, RunEvent.State.FAILED);
            assertThat(failed.error()).startsWith("object store refused the run: ").contains("HTTP 403")
                    .doesNotContain(wrongSecret).doesNotContain(TestObjectStore.secretKey());
            assertThat(fixture.events(R0)).extracting(RunEvent::state)
                    .containsExactly(RunEvent.State.DIFFED, RunEvent.State.FAILED);
            // the writer goes on with the next run (which fails the same way), and commits nothing past run 0
            fixture.awaitEvent(R1, RunEvent.State.FAILED);
            assertThat(fixture.writer().isRunning()).isTrue();
            assertThat(fixture.objects()).noneMatch(key -> key.endsWith("_summary.json")).isEmpty();
            assertThat(fixture.committedOffset()).isLessThanOrEqualTo(0);

            fixture.stopWriter();
            fixture.startWriter();
            fixture.awaitEvent(R0, RunEvent.State.WRITTEN);
            fixture.awaitEvent(R1, RunEvent.State.WRITTEN);
            assertThat(fixture.objects()).hasSize(8);
        }
    }

    @Test
    void whileTheObjectStoreIsDownTheRunWaitsAndNoOffsetPassesIt() throws Exception {
        Path storeDir = dataDir.resolve("object-store");
        EmbeddedObjectStore store = EmbeddedObjectStore.start(storeDir, TestObjectStore.accessKey(),
                TestObjectStore.secretKey());
        int port = store.port();
        try (WriterFixture fixture = new WriterFixture(dataDir.resolve("writer"), snapshot("json", false),
                store.endpoint())) {
            fixture.startWriter();
            fixture.send(R0_HEAD);
            fixture.send(done(R0, R0_START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(R0, R0_START, 2, FeedMessage.COMPLETE, Counts.ZERO));
            fixture.awaitEvent(R0, RunEvent.State.WRITTEN);
            long run1FirstOffset = WriterFixture.await(() -> fixture.committedOffset() == 4 ? 4L : null,
                    "offsets committed past run 0");

            store.close();
            fixture.send(R1_HEAD);
            fixture.send(change(R1, R1_START, "d", null, null, "{\"id\":4}"));
            fixture.send(done(R1, R1_START, 0, FeedMessage.COMPLETE, new Counts(2, 1, 0, 1, 0)),
                    done(R1, R1_START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(R1, R1_START, 2, FeedMessage.COMPLETE, Counts.ZERO));
            Thread.sleep(3000);
            assertThat(fixture.events(R1)).isEmpty();
            assertThat(fixture.committedOffset()).isEqualTo(run1FirstOffset);

            store = EmbeddedObjectStore.start(storeDir, TestObjectStore.accessKey(), TestObjectStore.secretKey(), port);
            fixture.awaitEvent(R1, RunEvent.State.WRITTEN);
            assertThat(fixture.objects()).hasSize(8);
            assertRows(fixture, "json", false, DIR + "20241215_143032_deleted.json",
                    row("{\"id\":4}", "deleted", "2024-12-15T14:30:32Z"));
            assertThat(fixture.writer().isRunning()).isTrue();
        } finally {
            store.close();
        }
    }

    @Test
    void withSnapshotsDisabledOnlyTheRunEventsArePublished() {
        try (WriterFixture fixture = new WriterFixture(dataDir, "{\"enabled\": false}")) {
            fixture.startWriter();
            fixture.send(R0_HEAD);
            fixture.send(done(R0, R0_START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(R0, R0_START, 2, FeedMessage.COMPLETE, Counts.ZERO));

            RunEvent written = fixture.awaitEvent(R0, RunEvent.State.WRITTEN);
            assertThat(written.files()).isEmpty();
            assertThat(written.counts()).isEqualTo(new Counts(4, 1, 0, 0, 3));
            assertThat(fixture.objects()).isEmpty();
        }
    }

    private static void sendBothRuns(WriterFixture fixture) {
        fixture.send(R0_HEAD);
        fixture.send(R1_HEAD);
        fixture.send(INTERLEAVED);
        fixture.send(R1_TAIL);
    }

    private static void assertRows(WriterFixture fixture, String format, boolean gzip, String key, String... expected)
            throws IOException {
        byte[] content = fixture.object(key);
        List<String> actual = SnapshotFiles.rows(format, gzip, content);
        if (format.equals("csv")) {
            List<String> header = SnapshotFiles.csvHeader(gzip, content);
            assertThat(header).containsExactly("id", "name", "balance",
                    "_cdc_operation", "_cdc_timestamp", "_cdc_table", "_cdc_datasource");
            assertThat(actual).as(key).containsExactly(
                    Arrays.stream(expected).map(row -> SnapshotFiles.asCsvRow(row, header)).toArray(String[]::new));
        } else {
            assertThat(actual).as(key).containsExactly(expected);
        }
    }

    /** A table row as the files carry it: the image's columns, then the _cdc columns. */
    private static String row(String image, String operation, String runStarted) {
        String columns = image.substring(1, image.length() - 1);
        return "{" + columns + ",\"_cdc_operation\":\"" + operation + "\",\"_cdc_timestamp\":\"" + runStarted
                + "\",\"_cdc_table\":\"users\",\"_cdc_datasource\":\"crm\"}";
    }

    private static String snapshot(String format, boolean gzip) {
        return "{\"format\": \"" + format + "\", \"compress_files\": " + gzip + "}";
    }
}
