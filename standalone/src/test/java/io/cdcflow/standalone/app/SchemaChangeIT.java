package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.SchemaChange;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code ALTER TABLE ... ADD COLUMN} on PostgreSQL between two hash runs: the run proceeds,
 * its diffed and written events report the schema change (the fingerprints of both runs' schemas),
 * and with the hash over all columns every row counts as modified; the next run is quiet again.
 */
class SchemaChangeIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dataDir;

    @Test
    void anAddedColumnIsReportedAndModifiesEveryRow() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("schema_change_it");
        db.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(20))",
                "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        String bucket = ItConfigs.uniqueName("bucket");
        CdcConfig config = ItConfigs.config(ItConfigs.json(db, "items", "[\"id\"]", ItConfigs.uniqueName("it"),
                bucket, dataDir, 100));
        try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
            CycleRunner cycle = new CycleRunner(pipeline, QUIET);
            RunResult first = single(cycle.run(List.of("items"), TIMEOUT));
            assertThat(first.changes()).containsExactly(Map.entry("added", 2L), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));

            db.execute("ALTER TABLE items ADD COLUMN note varchar(10)");
            RunResult second = single(cycle.run(List.of("items"), TIMEOUT));
            assertThat(second.success()).as(String.valueOf(second)).isTrue();
            assertThat(second.changes()).containsExactly(Map.entry("added", 0L), Map.entry("modified", 2L),
                    Map.entry("deleted", 0L));
            assertThat(PipelineIT.rows(bucket, second, "modified")).containsExactly(
                    "{\"id\":1,\"name\":\"a\",\"note\":null,\"_cdc_operation\":\"modified\",\"_cdc_table\":\"items\","
                            + "\"_cdc_datasource\":\"it\"}",
                    "{\"id\":2,\"name\":\"b\",\"note\":null,\"_cdc_operation\":\"modified\",\"_cdc_table\":\"items\","
                            + "\"_cdc_datasource\":\"it\"}");

            RunResult third = single(cycle.run(List.of("items"), TIMEOUT));
            assertThat(third.changes()).containsExactly(Map.entry("added", 0L), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));

            SchemaChange expected = new SchemaChange(fingerprint(bucket, first), fingerprint(bucket, second));
            assertThat(expected.previous()).isNotEqualTo(expected.current());
            List<String> events = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(pipeline.topics().names().runEvents(),
                    Duration.ofSeconds(10))) {
                RunEvent event = RunEvent.parse(record.value());
                if (event.state() == RunEvent.State.DIFFED || event.state() == RunEvent.State.WRITTEN) {
                    String run = event.runId().equals(first.runId()) ? "first"
                            : event.runId().equals(second.runId()) ? "second" : "third";
                    events.add(run + " " + event.state().json() + " " + event.schemaChange());
                }
            }
            assertThat(events).containsExactly(
                    "first diffed null", "first written null",
                    "second diffed " + expected, "second written " + expected,
                    "third diffed null", "third written null");
        }
    }

    private static String fingerprint(String bucket, RunResult result) throws Exception {
        return PipelineIT.summary(bucket, result).get("schema_fingerprint").asText();
    }

    private static RunResult single(List<RunResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }
}
