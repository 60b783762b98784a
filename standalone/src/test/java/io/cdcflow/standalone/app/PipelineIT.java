package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two (three) hash runs of a composite-key table through all three services on a real broker, real
 * PostgreSQL / MariaDB and the S3 server, with inserts, updates and deletes in between: the exact
 * rows in the exact files, and the exact change events.
 */
class PipelineIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dataDir;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("postgresql"), Arguments.of("mariadb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void hashRunsProduceExactlyTheChangedRowsInFilesAndChangeTopics(String type) throws Exception {
        TestDatabase server = "postgresql".equals(type) ? TestDatabases.postgres() : TestDatabases.mariadb();
        TestDatabase db = server.createDatabase("pipeline_it");
        db.execute("""
                CREATE TABLE items (
                  id integer NOT NULL, code varchar(20) NOT NULL, name varchar(100), price decimal(10,2),
                  active boolean NOT NULL, updated date, PRIMARY KEY (id, code))""",
                "INSERT INTO items VALUES (1, 'a', 'Alpha', 10.00, true, '2024-01-01')",
                "INSERT INTO items VALUES (2, 'b', '', 0.50, false, NULL)",
                "INSERT INTO items VALUES (3, 'c', NULL, NULL, true, '2024-02-03')");
        String prefix = ItConfigs.uniqueName("it");
        String bucket = ItConfigs.uniqueName("bucket");
        CdcConfig config = ItConfigs.config(
                ItConfigs.json(db, "items", "[\"id\", \"code\"]", prefix, bucket, dataDir, 2));

        try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
            CycleRunner cycle = new CycleRunner(pipeline, QUIET);

            RunResult first = single(cycle.run(List.of("items"), TIMEOUT));
            assertThat(first.success()).as(String.valueOf(first)).isTrue();
            assertThat(first.changes()).containsExactly(Map.entry("added", 3L), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));
            assertThat(rows(bucket, first, "added")).containsExactly(
                    "{\"id\":1,\"code\":\"a\",\"name\":\"Alpha\",\"price\":10.00,\"active\":true,\"updated\":\"2024-01-01\","
                            + "\"_cdc_operation\":\"added\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}",
                    "{\"id\":2,\"code\":\"b\",\"name\":\"\",\"price\":0.50,\"active\":false,\"updated\":null,"
                            + "\"_cdc_operation\":\"added\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}",
                    "{\"id\":3,\"code\":\"c\",\"name\":null,\"price\":null,\"active\":true,\"updated\":\"2024-02-03\","
                            + "\"_cdc_operation\":\"added\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}");
            assertThat(rows(bucket, first, "modified")).isEmpty();
            assertThat(rows(bucket, first, "deleted")).isEmpty();
            assertThat(TestObjectStore.list(bucket, "snapshots/it/items/")).containsExactlyInAnyOrderElementsOf(
                    first.snapshot().filesSaved());

            db.execute("UPDATE items SET name = 'Beta' WHERE id = 2",
                    "UPDATE items SET price = 10.0 WHERE id = 1", // same value: no change
                    "DELETE FROM items WHERE id = 3",
                    "INSERT INTO items VALUES (4, 'd', 'Delta', 4.40, false, '2024-03-04')");
            RunResult second = single(cycle.run(List.of("items"), TIMEOUT));
            assertThat(second.success()).as(String.valueOf(second)).isTrue();
            assertThat(second.changes()).containsExactly(Map.entry("added", 1L), Map.entry("modified", 1L),
                    Map.entry("deleted", 1L));
            assertThat(rows(bucket, second, "added")).containsExactly(
                    "{\"id\":4,\"code\":\"d\",\"name\":\"Delta\",\"price\":4.40,\"active\":false,\"updated\":\"2024-03-04\","
                            + "\"_cdc_operation\":\"added\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}");
            assertThat(rows(bucket, second, "modified")).containsExactly(
                    "{\"id\":2,\"code\":\"b\",\"name\":\"Beta\",\"price\":0.50,\"active\":false,\"updated\":null,"
                            + "\"_cdc_operation\":\"modified\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}");
            assertThat(rows(bucket, second, "deleted")).containsExactly(
                    "{\"id\":3,\"code\":\"c\",\"name\":null,\"price\":null,\"active\":true,\"updated\":\"2024-02-03\","
                            + "\"_cdc_operation\":\"deleted\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}");
            JsonNode summary = summary(bucket, second);
            assertThat(summary.get("run_id").asText()).isEqualTo(second.runId());
            assertThat(summary.get("status").asText()).isEqualTo("complete");
            assertThat(summary.get("changes").toString()).isEqualTo("{\"added\":1,\"modified\":1,\"deleted\":1}");

            RunResult third = single(cycle.run(List.of("items"), TIMEOUT));
            assertThat(third.changes()).containsExactly(Map.entry("added", 0L), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));
            assertThat(third.snapshot().filesSaved()).doesNotContainAnyElementsOf(second.snapshot().filesSaved());

            assertThat(changeTopic(pipeline.topics().names().changes("it", "items"))).containsExactlyInAnyOrder(
                    "{\"id\":1,\"code\":\"a\"} c " + first.runId(),
                    "{\"id\":2,\"code\":\"b\"} c " + first.runId(),
                    "{\"id\":3,\"code\":\"c\"} c " + first.runId(),
                    "{\"id\":2,\"code\":\"b\"} u " + second.runId(),
                    "{\"id\":4,\"code\":\"d\"} c " + second.runId(),
                    "{\"id\":3,\"code\":\"c\"} d " + second.runId(),
                    "{\"id\":3,\"code\":\"c\"} tombstone");
        }
    }

    private static RunResult single(List<RunResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    /** Rows of one file of a run, sorted by id, without the run-dependent {@code _cdc_timestamp}. */
    static List<String> rows(String bucket, RunResult result, String category) throws Exception {
        String file = result.snapshot().filesSaved().stream().filter(f -> f.endsWith("_" + category + ".json"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + category + " file in " + result));
        JsonNode array = Json.MAPPER.readTree(TestObjectStore.get(bucket, file));
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        rows.sort(Comparator.comparingLong(row -> row.get("id").asLong()));
        List<String> rendered = new ArrayList<>();
        for (JsonNode row : rows) {
            assertThat(row.get("_cdc_timestamp").asText()).isNotBlank();
            ((ObjectNode) row).remove("_cdc_timestamp");
            rendered.add(row.toString());
        }
        return rendered;
    }

    static JsonNode summary(String bucket, RunResult result) throws Exception {
        String file = result.snapshot().filesSaved().stream().filter(f -> f.endsWith("_summary.json"))
                .findFirst().orElseThrow();
        return Json.MAPPER.readTree(TestObjectStore.get(bucket, file));
    }

    /** The change topic as "key op run" lines (or "key tombstone"). */
    static List<String> changeTopic(String topic) {
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topic, Duration.ofSeconds(10))) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                lines.add(key + " tombstone");
            } else {
                var change = io.cdcflow.common.core.ChangeEvent.parse(record.value());
                lines.add(key + " " + change.op() + " " + change.source().runId());
            }
        }
        return lines;
    }
}
