package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timestamp runs against real PostgreSQL and MariaDB, for each kind of timestamp column: the first
 * run reads everything, the next ones exactly the rows at or after the watermark minus the overlap
 * (ties and late commits included), a failed run leaves the watermark alone, and every third run is
 * a full reconcile published as method {@code hash}. The watermark topic holds the largest
 * timestamp the last completed run read.
 */
class TimestampRunIT {
    private static final String TABLE_ID = "shop.events";
    private static final int OVERLAP_SECONDS = 60;
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 3, 31, 1, 30, 0, 1_000);
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    static Stream<Arguments> columns() {
        return Stream.of(
                Arguments.of(named("postgresql timestamp", new Kind(TestDatabases::postgres, "timestamp(6)", false))),
                Arguments.of(named("postgresql timestamptz", new Kind(TestDatabases::postgres, "timestamptz(6)", true))),
                Arguments.of(named("mariadb DATETIME(6)", new Kind(TestDatabases::mariadb, "DATETIME(6)", false))),
                Arguments.of(named("mariadb TIMESTAMP(6)", new Kind(TestDatabases::mariadb, "TIMESTAMP(6)", true))));
    }

    /** A database and the type of the timestamp column; {@code instant}: a type with time zone. */
    record Kind(Supplier<TestDatabase> server, String type, boolean instant) {
    }

    @ParameterizedTest
    @MethodSource("columns")
    void readsFromTheWatermarkMinusTheOverlapAndReconcilesEveryThirdRun(Kind kind) {
        TestDatabase server = kind.server().get();
        boolean postgres = TestDatabase.POSTGRESQL.equals(server.type());
        Events table = new Events(server.createDatabase("extractor_timestamp_run"), postgres, kind);
        table.create();
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .batchSize(3)
                .datasource("shop", table.db.jdbcUrl(), table.db.user(), table.db.password())
                .table("events", "shop", Map.of("method", "timestamp", "timestamp_column", "changed at",
                        "timestamp_overlap_seconds", OVERLAP_SECONDS, "reconcile_every_n_runs", 3))
                .build();
        fixture.createTopics(config);
        assertWatermarkTopicIsCompactedWithOnePartition(fixture);

        // rows 1..10 ten minutes apart (with distinct microseconds), row 11 without a timestamp
        for (int id = 1; id <= 10; id++) {
            table.insert(id, "v" + id, T0.plusMinutes(10L * id).plusNanos(1_000L * id));
        }
        table.insert(11, "v11", null);
        LocalDateTime w1 = T0.plusMinutes(100).plusNanos(10_000);
        LocalDateTime bound = w1.minusSeconds(OVERLAP_SECONDS);
        LocalDateTime w2 = w1.plusMinutes(10).plusNanos(1_000);

        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            // run 1: no watermark yet, so the whole table, NULL timestamps included, as a full run
            Run run1 = run(fixture, "run-1");
            assertThat(run1.ok()).isTrue();
            assertThat(run1.method()).isEqualTo("hash");
            assertThat(run1.rows().keySet()).containsExactlyElementsOf(range(1, 11));
            assertThat(run1.rows().get(11).get("changed at")).isNull();
            assertThat(run1.rows().get(7).get("changed at")).isEqualTo(table.expected(T0.plusMinutes(70).plusNanos(7_000)));
            assertThat(latestWatermark(fixture)).isEqualTo(new WatermarkState("changed at", table.watermark(w1), "run-1", 0));

            // updates with new timestamps, an insert, a tie, late commits inside and outside the
            // overlap (the bound itself and one microsecond before it), a NULL-timestamp update, a delete
            table.update(2, "v2'", w1.plusMinutes(5));
            table.update(3, "v3'", w1.plusMinutes(5));
            table.insert(12, "v12", w2);
            table.insert(13, "tie", w1);
            table.insert(14, "late", w1.minusSeconds(30));
            table.insert(15, "too late", w1.minusSeconds(2L * OVERLAP_SECONDS));
            table.insert(16, "at the bound", bound);
            table.insert(17, "just before the bound", bound.minusNanos(1_000));
            table.db.execute("UPDATE events SET v = 'v11''' WHERE id = 11", "DELETE FROM events WHERE id = 5");

            // run 2: exactly the rows at or after watermark - overlap; row 10 is the tie with the watermark
            Run run2 = run(fixture, "run-2");
            assertThat(run2.ok()).isTrue();
            assertThat(run2.method()).isEqualTo("timestamp");
            assertThat(run2.rows().keySet()).containsExactly(2, 3, 10, 12, 13, 14, 16);
            assertThat(run2.rows().keySet()).isEqualTo(table.idsFrom(bound));
            assertThat(run2.rows().get(2).get("v")).isEqualTo("v2'");
            assertThat(latestWatermark(fixture)).isEqualTo(new WatermarkState("changed at", table.watermark(w2), "run-2", 1));
            assertThat(service.failure()).isEmpty();
        }

        // a new instance: the watermark comes from the topic
        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            // run 3 fails after reading rows newer than the watermark: a row too large for Kafka
            LocalDateTime w4 = w2.plusMinutes(1);
            table.db.execute("INSERT INTO events VALUES (20, " + (postgres ? "repeat" : "REPEAT") + "('x', 1100000), NULL)");
            table.update(20, null, w4);
            Run run3 = run(fixture, "run-3");
            assertThat(run3.ok()).isFalse();
            assertThat(run3.error()).contains("maximum record size");
            assertThat(run3.ends()).allSatisfy(end -> assertThat(end.status()).startsWith("failed: "));
            assertThat(watermarks(fixture)).extracting(WatermarkState::runId).containsExactly("run-1", "run-2");

            // run 4: incremental from the same bound as run 3
            table.db.execute("UPDATE events SET v = 'small' WHERE id = 20");
            Run run4 = run(fixture, "run-4");
            assertThat(run4.method()).isEqualTo("timestamp");
            assertThat(run4.rows().keySet()).containsExactly(12, 20);
            assertThat(run4.rows().keySet()).isEqualTo(table.idsFrom(w2.minusSeconds(OVERLAP_SECONDS)));
            assertThat(latestWatermark(fixture)).isEqualTo(new WatermarkState("changed at", table.watermark(w4), "run-4", 2));

            // run 5: the third run since the last full one is a reconcile: the whole table, as hash,
            // including what timestamps could not show (the NULL-timestamp update, the too-late rows)
            Run run5 = run(fixture, "run-5");
            assertThat(run5.ok()).isTrue();
            assertThat(run5.method()).isEqualTo("hash");
            assertThat(run5.rows().keySet()).isEqualTo(table.idsFrom(null))
                    .containsExactly(1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20);
            assertThat(run5.rows().get(11).get("v")).isEqualTo("v11'");
            assertThat(latestWatermark(fixture)).isEqualTo(new WatermarkState("changed at", table.watermark(w4), "run-5", 0));
            assertThat(service.failure()).isEmpty();
        }
        assertThat(fixture.committedCommands()).isEqualTo(5);
        assertThat(watermarks(fixture)).extracting(WatermarkState::runId)
                .containsExactly("run-1", "run-2", "run-4", "run-5");
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    /** What a run published and how it ended. */
    private record Run(String method, Map<Integer, Map<String, Object>> rows, List<RowEvent> ends, RunEvent last) {
        boolean ok() {
            return last.state() == RunEvent.State.EXTRACTED && ends.stream().allMatch(RowEvent::ok);
        }

        String error() {
            return last.error();
        }
    }

    /** Sends a command, waits for its run to end, and collects what it published. */
    private static Run run(PipelineFixture fixture, String runId) {
        fixture.sendCommand(TABLE_ID, RunCommand.extract("shop", "events", runId, null, "test"));
        RunEvent last = fixture.awaitRunEvent(e -> e.runId().equals(runId)
                && (e.state() == RunEvent.State.EXTRACTED || e.state() == RunEvent.State.FAILED));
        List<RowEvent> events = fixture.rowRecords().stream().map(PipelineFixture::rowEvent)
                .filter(e -> e.runId().equals(runId)).toList();
        Set<String> methods = events.stream().map(RowEvent::method).collect(Collectors.toSet());
        assertThat(methods).as("one method for the whole run").hasSize(1);
        RowEvent start = events.stream().filter(e -> e.kind() == RowEvent.Kind.START).findFirst().orElseThrow();
        RowCodec codec = new RowCodec(new Schema.Parser().parse(start.schemaJson()));
        List<String> names = codec.table().columns().stream().map(c -> c.name()).toList();
        Map<Integer, Map<String, Object>> rows = new TreeMap<>();
        for (RowEvent event : events) {
            if (event.kind() == RowEvent.Kind.ROW) {
                Object[] values = codec.decode(event.row());
                Map<String, Object> row = new HashMap<>();
                for (int i = 0; i < values.length; i++) {
                    row.put(names.get(i), values[i]);
                }
                assertThat(rows.put((Integer) row.get("id"), row)).as("row %s published once", row.get("id")).isNull();
            }
        }
        List<RowEvent> ends = events.stream().filter(e -> e.kind() == RowEvent.Kind.END).toList();
        assertThat(ends).hasSize(PipelineFixture.PARTITIONS);
        assertThat(last.method()).isEqualTo(events.get(0).method());
        return new Run(events.get(0).method(), rows, ends, last);
    }

    private static List<WatermarkState> watermarks(PipelineFixture fixture) {
        List<WatermarkState> states = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(fixture.topics().names().watermarks(),
                PipelineFixture.TIMEOUT)) {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(TABLE_ID);
            states.add(WatermarkState.parse(record.value()));
        }
        return states;
    }

    private static WatermarkState latestWatermark(PipelineFixture fixture) {
        List<WatermarkState> states = watermarks(fixture);
        assertThat(states).isNotEmpty();
        return states.get(states.size() - 1);
    }

    private static void assertWatermarkTopicIsCompactedWithOnePartition(PipelineFixture fixture) {
        String topic = fixture.topics().names().watermarks();
        try (Admin admin = TestKafka.admin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The table {@code events (id, v, "changed at")}. Timestamps are given as UTC wall-clock times;
     * every statement runs in a session whose time zone is +05:45, so columns with a time zone are
     * written as local times of that zone (and must come out as the same instants), while
     * wall-clock columns must ignore the zone.
     */
    private static final class Events {
        private final TestDatabase db;
        private final boolean postgres;
        private final Kind kind;

        Events(TestDatabase db, boolean postgres, Kind kind) {
            this.db = db;
            this.postgres = postgres;
            this.kind = kind;
        }

        void create() {
            db.execute(postgres
                    ? "CREATE TABLE events (id int PRIMARY KEY, v text, \"changed at\" " + kind.type() + ")"
                    : "CREATE TABLE events (id INT PRIMARY KEY, v MEDIUMTEXT, `changed at` " + kind.type() + " NULL)");
        }

        void insert(int id, String v, LocalDateTime utc) {
            db.execute(zone(), "INSERT INTO events VALUES (" + id + ", '" + v.replace("'", "''") + "', " + literal(utc)
                    + ")");
        }

        void update(int id, String v, LocalDateTime utc) {
            db.execute(zone(), "UPDATE events SET " + (v == null ? "" : "v = '" + v.replace("'", "''") + "', ")
                    + column() + " = " + literal(utc) + " WHERE id = " + id);
        }

        /** Ids of rows whose timestamp is at least {@code utc} (every row when null), asked of the database. */
        Set<Integer> idsFrom(LocalDateTime utc) {
            Set<Integer> ids = new TreeSet<>();
            try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                statement.execute(zone());
                try (ResultSet rs = statement.executeQuery("SELECT id FROM events"
                        + (utc == null ? "" : " WHERE " + column() + " >= " + literal(utc)))) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return ids;
        }

        /** The canonical value the extractor publishes for a UTC wall-clock time. */
        Object expected(LocalDateTime utc) {
            return kind.instant() ? utc.toInstant(ZoneOffset.UTC) : utc;
        }

        Watermark watermark(LocalDateTime utc) {
            return new Watermark(kind.instant() ? ColumnType.TIMESTAMP_TZ : ColumnType.TIMESTAMP, expected(utc));
        }

        private String column() {
            return postgres ? "\"changed at\"" : "`changed at`";
        }

        private String zone() {
            return postgres ? "SET TIME ZONE 'Asia/Kathmandu'" : "SET time_zone = '+05:45'";
        }

        private String literal(LocalDateTime utc) {
            if (utc == null) {
                return "NULL";
            }
            LocalDateTime written = kind.instant() ? utc.plusHours(5).plusMinutes(45) : utc;
            return "'" + LITERAL.format(written) + "'";
        }
    }
}
