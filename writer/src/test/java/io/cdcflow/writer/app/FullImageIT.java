package io.cdcflow.writer.app;

import static io.cdcflow.writer.app.WriterFixture.change;
import static io.cdcflow.writer.app.WriterFixture.done;
import static io.cdcflow.writer.app.WriterFixture.startMs;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.writer.core.RunSummary;
import io.cdcflow.writer.core.SummaryFile;
import io.cdcflow.writer.io.TypedFiles;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code full_image: true} through the writer service: three runs (inserts; an update, a delete and an
 * insert; no change) each get a {@code _full} file holding exactly the table's rows after the run, listed
 * in the summary; re-reading the feed after a crash before the last summary rewrites the same objects,
 * state included.
 */
class FullImageIT {
    private static final String DIR = "snapshots/crm/users/";
    private static final String T1 = "2024-12-15T14:30:22.250Z";
    private static final String T2 = "2024-12-15T15:30:00Z";
    private static final String T3 = "2024-12-15T16:30:00Z";

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"json", "parquet"})
    void threeRunsGiveThreeFullImagesWithExactlyTheTablesRows(String format) throws Exception {
        try (WriterFixture fixture = WriterFixture.withTableOptions(dataDir, "{\"format\": \"" + format + "\"}",
                "\"full_image\": true")) {
            fixture.startWriter();
            long s1 = startMs(T1);
            fixture.send(
                    change("run-1", s1, "c", null, "{\"id\":1,\"name\":\"Ann\",\"balance\":10.50}", "{\"id\":1}"),
                    change("run-1", s1, "c", null, "{\"id\":2,\"name\":\"Bob\",\"balance\":null}", "{\"id\":2}"),
                    done("run-1", s1, 0, FeedMessage.COMPLETE, new Counts(2, 2, 0, 0, 0)),
                    change("run-1", s1, "c", null, "{\"id\":3,\"name\":\"Cy\",\"balance\":0.01}", "{\"id\":3}"),
                    done("run-1", s1, 1, FeedMessage.COMPLETE, new Counts(1, 1, 0, 0, 0)),
                    done("run-1", s1, 2, FeedMessage.COMPLETE, new Counts(0, 0, 0, 0, 0)));
            RunEvent written1 = fixture.awaitEvent("run-1", RunEvent.State.WRITTEN);
            assertThat(written1.files()).containsExactly(DIR + "20241215_143022_added." + format,
                    DIR + "20241215_143022_modified." + format, DIR + "20241215_143022_deleted." + format,
                    DIR + "20241215_143022_full." + format, DIR + "20241215_143022_summary.json");
            assertThat(full(fixture, format, "20241215_143022")).containsExactly(
                    row(1, "Ann", "10.50", "added", T1), row(2, "Bob", null, "added", T1),
                    row(3, "Cy", "0.01", "added", T1));

            long s2 = startMs(T2);
            fixture.send(
                    change("run-2", s2, "u", "{\"id\":2,\"name\":\"Bob\",\"balance\":null}",
                            "{\"id\":2,\"name\":\"Bobby\",\"balance\":5.00}", "{\"id\":2}"),
                    done("run-2", s2, 0, FeedMessage.COMPLETE, new Counts(2, 0, 1, 0, 1)),
                    change("run-2", s2, "d", "{\"id\":3,\"name\":\"Cy\",\"balance\":0.01}", null, "{\"id\":3}"),
                    change("run-2", s2, "c", null, "{\"id\":4,\"name\":\"Dee\",\"balance\":1.00}", "{\"id\":4}"),
                    done("run-2", s2, 1, FeedMessage.COMPLETE, new Counts(1, 1, 0, 1, 0)),
                    done("run-2", s2, 2, FeedMessage.COMPLETE, new Counts(0, 0, 0, 0, 0)));
            fixture.awaitEvent("run-2", RunEvent.State.WRITTEN);
            List<String> afterRun2 = List.of(row(1, "Ann", "10.50", "added", T1), row(2, "Bobby", "5.00", "modified", T2),
                    row(4, "Dee", "1.00", "added", T2));
            assertThat(full(fixture, format, "20241215_153000")).containsExactlyElementsOf(afterRun2);

            long s3 = startMs(T3);
            fixture.send(
                    done("run-3", s3, 0, FeedMessage.COMPLETE, new Counts(2, 0, 0, 0, 2)),
                    done("run-3", s3, 1, FeedMessage.COMPLETE, new Counts(1, 0, 0, 0, 1)),
                    done("run-3", s3, 2, FeedMessage.COMPLETE, new Counts(0, 0, 0, 0, 0)));
            fixture.awaitEvent("run-3", RunEvent.State.WRITTEN);
            assertThat(full(fixture, format, "20241215_163000")).containsExactlyElementsOf(afterRun2);
            RunSummary summary = RunSummary.parse(fixture.object(DIR + "20241215_163000_summary.json"));
            assertThat(summary.changes()).isEqualTo(new RunSummary.Changes(0, 0, 0));
            assertThat(summary.files()).extracting(SummaryFile::operation)
                    .containsExactly("added", "modified", "deleted", "full");
            assertThat(summary.files().get(3).rows()).isEqualTo(3);
            assertThat(fixture.objects("writer-state/")).as("states older than the last run's base are removed")
                    .containsExactly("writer-state/full-image/crm/users/20241215_153000.jsonl.gz",
                            "writer-state/full-image/crm/users/20241215_163000.jsonl.gz",
                            "writer-state/full-image/crm/users/current.json");

            // a crash after run 3's state and pointer but before its summary: the whole feed is read again
            Map<String, String> undisturbed = fixture.allObjects("");
            fixture.stopWriter();
            fixture.deleteObject(DIR + "20241215_163000_summary.json");
            fixture.forgetCommittedOffsets();
            fixture.startWriter();
            WriterFixture.await(() -> fixture.objects().contains(DIR + "20241215_163000_summary.json"),
                    "run 3 written again");
            assertThat(fixture.allObjects("")).containsExactlyEntriesOf(undisturbed);
        }
    }

    /** A full image row as compact JSON of the JSON files' columns; decimals as text. */
    private static String row(long id, String name, String balance, String operation, String observed) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"balance\":" + (balance == null ? "null" : balance)
                + ",\"_cdc_operation\":\"" + operation + "\",\"_cdc_timestamp\":\"" + Instant.parse(observed)
                + "\",\"_cdc_table\":\"users\",\"_cdc_datasource\":\"crm\"}";
    }

    private List<String> full(WriterFixture fixture, String format, String timestamp) throws Exception {
        byte[] content = fixture.object(DIR + timestamp + "_full." + format);
        if (format.equals("json")) {
            return SnapshotFiles.rows("json", false, content);
        }
        Path file = Files.createTempFile(dataDir, "full", ".parquet");
        Files.write(file, content);
        List<String> rows = new ArrayList<>();
        for (Object[] values : TypedFiles.read(file).rows()) {
            // id, name, balance, _cdc_operation, _cdc_timestamp, _cdc_table, _cdc_datasource
            BigDecimal balance = (BigDecimal) values[2];
            rows.add(row((Long) values[0], (String) values[1], balance == null ? null : balance.toPlainString(),
                    (String) values[3], values[4].toString()));
            assertThat(Arrays.asList(values).subList(5, 7)).containsExactly("users", "crm");
        }
        return rows;
    }
}
