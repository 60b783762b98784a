package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.extractor.core.Watermark;
import io.cdcflow.extractor.core.WatermarkState;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** Timestamp runs on PostgreSQL: empty tables, date columns, back-to-back runs, interrupted runs, no topic. */
class TimestampEdgeCasesIT {

    @Test
    void anEmptyTableKeepsRunningFullUntilARowHasATimestampAndTheNextRunSeesTheLastOnesWatermarkAtOnce() {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_timestamp_edges");
        db.execute("CREATE TABLE days (id int PRIMARY KEY, d date)");
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = config(fixture, db, "days", "d", 1);
        fixture.createTopics(config);

        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            send(fixture, "run-1");
            fixture.awaitRunEvent(e -> e.runId().equals("run-1") && e.state() == RunEvent.State.EXTRACTED);
            assertThat(watermarks(fixture)).containsExactly(new WatermarkState("d", null, "run-1", 0));

            db.execute("INSERT INTO days VALUES (1, '2024-03-01'), (2, '2024-03-03'), (3, '2024-03-05'),"
                    + " (4, '2024-03-05'), (5, NULL), (6, '2024-03-04')");
            // two commands at once: run-3 starts right after run-2 committed and must use its watermark
            send(fixture, "run-2");
            send(fixture, "run-3");
            fixture.awaitRunEvent(e -> e.runId().equals("run-3") && e.state() == RunEvent.State.EXTRACTED);
            assertThat(service.failure()).isEmpty();
        }
        Watermark march5 = new Watermark(ColumnType.DATE, LocalDate.of(2024, 3, 5));
        assertThat(watermarks(fixture)).containsExactly(
                new WatermarkState("d", null, "run-1", 0),
                new WatermarkState("d", march5, "run-2", 0),
                new WatermarkState("d", march5, "run-3", 1));
        assertThat(methodOf(fixture, "run-1")).isEqualTo("hash");
        assertThat(methodOf(fixture, "run-2")).as("no row had a timestamp in run 1: full again").isEqualTo("hash");
        assertThat(ids(fixture, "run-2")).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(methodOf(fixture, "run-3")).isEqualTo("timestamp");
        // an overlap of one second reaches back to the previous day: the ties on March 5th and March 4th
        assertThat(ids(fixture, "run-3")).containsExactly(3, 4, 6);
    }

    @Test
    void anInterruptedRunStoresNoWatermarkAndRunsAgainInFull() {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_timestamp_crash");
        int rows = 300;
        db.execute("CREATE TABLE items (id int PRIMARY KEY, changed timestamptz)",
                "INSERT INTO items SELECT g, timestamptz '2024-01-01 00:00:00.000001+00' + g * interval '1 minute'"
                        + " FROM generate_series(1, " + rows + ") g",
                // 10 ms per row keeps the run going long enough to stop it in the middle
                "CREATE FUNCTION slow_id(x int) RETURNS int LANGUAGE plpgsql VOLATILE AS"
                        + " $$ BEGIN PERFORM pg_sleep(0.01); RETURN x; END $$",
                "CREATE VIEW slow_items AS SELECT slow_id(id) AS id, changed FROM items");
        PipelineFixture fixture = new PipelineFixture();
        Map<String, Object> settings = new HashMap<>(settings("changed", 0));
        settings.put("table", "slow_items");
        settings.put("primary_key", List.of("id"));
        CdcConfig config = TestConfigs.builder().topicPrefix(fixture.prefix()).batchSize(10)
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("items", "shop", settings).build();
        fixture.createTopics(config);

        try (ExtractorService first = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            send(fixture, "items", "run-1");
            long deadline = System.nanoTime() + PipelineFixture.TIMEOUT.toNanos();
            while (fixture.rowRecords().stream().map(PipelineFixture::rowEvent)
                    .filter(e -> e.kind() == RowEvent.Kind.ROW).count() < 20) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                PipelineFixture.sleep(Duration.ofMillis(50));
            }
            assertThat(first.failure()).isEmpty();
        }
        assertThat(watermarks(fixture)).as("nothing stored by the interrupted attempt").isEmpty();
        assertThat(fixture.committedCommands()).isZero();

        try (ExtractorService second = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            RunEvent extracted = fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
            assertThat(extracted.counts().rows()).isEqualTo(rows);
            assertThat(extracted.method()).isEqualTo("hash");
            assertThat(second.failure()).isEmpty();
        }
        assertThat(watermarks(fixture)).containsExactly(new WatermarkState("changed",
                new Watermark(ColumnType.TIMESTAMP_TZ, LocalDateTime.of(2024, 1, 1, 5, 0, 0, 1_000)
                        .toInstant(java.time.ZoneOffset.UTC)), "run-1", 0));
    }

    @Test
    void aMissingWatermarksTopicFailsTheRunWithAReason() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_timestamp_no_topic");
        db.execute("CREATE TABLE days (id int PRIMARY KEY, d date)");
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = config(fixture, db, "days", "d", 0);
        fixture.createTopics(config);
        String watermarks = fixture.topics().names().watermarks();
        try (Admin admin = TestKafka.admin()) {
            admin.deleteTopics(List.of(watermarks)).all().get();
            // a deletion reaches every metadata cache a little later; under load, later still
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.listTopics().names().get().contains(watermarks) && System.nanoTime() < deadline) {
                PipelineFixture.sleep(Duration.ofMillis(100));
            }
        }

        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            send(fixture, "run-1");
            RunEvent failed = fixture.awaitRunEvent(e -> e.state() == RunEvent.State.FAILED);
            assertThat(failed.error()).contains("the watermarks topic " + fixture.topics().names().watermarks()
                    + " does not exist");
            assertThat(failed.method()).isEqualTo("timestamp");
            assertThat(service.failure()).isEmpty();
        }
        assertThat(fixture.committedCommands()).isEqualTo(1);
    }

    private static Map<String, Object> settings(String column, int overlapSeconds) {
        return Map.of("method", "timestamp", "timestamp_column", column, "timestamp_overlap_seconds", overlapSeconds);
    }

    private static CdcConfig config(PipelineFixture fixture, TestDatabase db, String table, String column,
                                    int overlapSeconds) {
        return TestConfigs.builder().topicPrefix(fixture.prefix())
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table(table, "shop", settings(column, overlapSeconds)).build();
    }

    private static void send(PipelineFixture fixture, String runId) {
        send(fixture, "days", runId);
    }

    private static void send(PipelineFixture fixture, String table, String runId) {
        fixture.sendCommand("shop." + table, RunCommand.extract("shop", table, runId, null, "test"));
    }

    private static List<WatermarkState> watermarks(PipelineFixture fixture) {
        return TestKafka.readAll(fixture.topics().names().watermarks(), PipelineFixture.TIMEOUT).stream()
                .map(r -> WatermarkState.parse(r.value())).toList();
    }

    private static List<RowEvent> events(PipelineFixture fixture, String runId) {
        return fixture.rowRecords().stream().map(PipelineFixture::rowEvent).filter(e -> e.runId().equals(runId)).toList();
    }

    private static String methodOf(PipelineFixture fixture, String runId) {
        Set<String> methods = new TreeSet<>();
        events(fixture, runId).forEach(e -> methods.add(e.method()));
        fixture.runEvents().stream().filter(e -> e.runId().equals(runId)).forEach(e -> methods.add(e.method()));
        assertThat(methods).hasSize(1);
        return methods.iterator().next();
    }

    private static Set<Integer> ids(PipelineFixture fixture, String runId) {
        List<RowEvent> events = events(fixture, runId);
        RowEvent start = events.stream().filter(e -> e.kind() == RowEvent.Kind.START).findFirst().orElseThrow();
        RowCodec codec = new RowCodec(new Schema.Parser().parse(start.schemaJson()));
        Set<Integer> ids = new TreeSet<>();
        events.stream().filter(e -> e.kind() == RowEvent.Kind.ROW)
                .forEach(e -> assertThat(ids.add((Integer) codec.decode(e.row())[0])).isTrue());
        return ids;
    }
}
