package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.testkit.OpsClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three services' endpoints in one process, over HTTP, around two real runs on PostgreSQL: ready
 * once started, and every service's metrics moved by exactly what the runs did.
 */
class PipelineOpsIT {
    private static final int ROWS = 30;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dataDir;

    @Test
    void readyAndMetricsOfAllThreeServicesAfterRealRuns() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("pipeline_ops_it");
        List<String> inserts = new ArrayList<>();
        inserts.add("CREATE TABLE items (id integer PRIMARY KEY, name varchar(20))");
        for (int i = 1; i <= ROWS; i++) {
            inserts.add("INSERT INTO items VALUES (" + i + ", 'item " + i + "')");
        }
        db.execute(inserts.toArray(String[]::new));
        CdcConfig config = ItConfigs.config(ItConfigs.json(db, "items", "[\"id\"]", ItConfigs.uniqueName("ops"),
                ItConfigs.uniqueName("bucket"), dataDir, 2));

        try (OpsServer ops = OpsServer.start(0, Metrics.prometheus())) {
            OpsClient http = new OpsClient(ops);
            assertThat(http.get("/ready").statusCode()).as("before the pipeline started").isEqualTo(503);
            try (Pipeline pipeline = Pipeline.start(config, Map.of(), ops.registry())) {
                pipeline.addReadinessChecks(ops);
                JsonNode ready = http.awaitReady(200, TIMEOUT);
                assertThat(ready.get("checks").fieldNames()).toIterable().containsExactly("kafka", "extractor",
                        "datasource it", "differ", "writer", "object store");

                CycleRunner cycle = new CycleRunner(pipeline, new PrintStream(OutputStream.nullOutputStream()));
                RunResult first = cycle.run(List.of("items"), TIMEOUT).get(0);
                assertThat(first.success()).as(String.valueOf(first)).isTrue();
                db.execute("UPDATE items SET name = 'changed' WHERE id = 1", "DELETE FROM items WHERE id = 2");
                RunResult second = cycle.run(List.of("items"), TIMEOUT).get(0);
                assertThat(second.success()).as(String.valueOf(second)).isTrue();

                String metrics = http.get("/metrics").body();
                String tags = "datasource=\"it\",table=\"items\"";
                assertThat(metrics)
                        .contains("cdc_extractor_rows_read_total{" + tags + "} " + (2 * ROWS - 1) + ".0")
                        .contains("cdc_extractor_runs_seconds_count{datasource=\"it\",outcome=\"extracted\","
                                + "table=\"items\"} 2")
                        .contains("cdc_differ_changes_total{datasource=\"it\",op=\"added\",table=\"items\"} "
                                + ROWS + ".0")
                        .contains("cdc_differ_changes_total{datasource=\"it\",op=\"modified\",table=\"items\"} 1.0")
                        .contains("cdc_differ_changes_total{datasource=\"it\",op=\"deleted\",table=\"items\"} 1.0")
                        .contains("cdc_differ_rows_total{datasource=\"it\",table=\"items\",verdict=\"unchanged\"} "
                                + (ROWS - 2) + ".0")
                        .contains("cdc_differ_partition_runs_total{datasource=\"it\",outcome=\"complete\","
                                + "table=\"items\"} 6.0")
                        .contains("cdc_writer_files_written_total{" + tags + "} 8.0")
                        .contains("cdc_writer_rows_written_total{datasource=\"it\",op=\"added\",table=\"items\"} "
                                + ROWS + ".0")
                        .contains("cdc_writer_runs_seconds_count{datasource=\"it\",outcome=\"written\","
                                + "table=\"items\"} 2")
                        .contains("kafka_consumer_fetch_manager_records_lag")
                        .contains("kafka_stream_");
            }
            JsonNode stopped = Json.MAPPER.readTree(http.get("/ready").body());
            assertThat(stopped.get("status").asText()).isEqualTo("DOWN");
            assertThat(stopped.at("/checks/writer/error").asText()).isEqualTo("stopped");
        }
    }
}
