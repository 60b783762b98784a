package io.cdcflow.writer.app;

import static io.cdcflow.writer.app.WriterFixture.change;
import static io.cdcflow.writer.app.WriterFixture.done;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.embedded.EmbeddedObjectStore;
import io.cdcflow.testkit.OpsClient;
import io.cdcflow.testkit.TestObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's /health, /ready and /metrics over HTTP: a real run, then its object store going down. */
class WriterOpsIT {
    private static final String RUN = "run-ops";
    private static final long START = WriterFixture.startMs("2024-12-15T14:30:22Z");

    @TempDir
    Path dataDir;

    @Test
    void readyWhileTheStoreAnswersAndMetricsCountTheFiles() throws Exception {
        EmbeddedObjectStore store = EmbeddedObjectStore.start(dataDir.resolve("objects"), TestObjectStore.accessKey(),
                TestObjectStore.secretKey());
        try (OpsServer ops = OpsServer.start(0, Metrics.prometheus());
             WriterFixture fixture = new WriterFixture(dataDir.resolve("writer"),
                     "{\"format\": \"json\", \"compress_files\": false}", store.endpoint())) {
            OpsClient http = new OpsClient(ops);
            assertThat(http.get("/ready").statusCode()).as("before the writer started").isEqualTo(503);
            fixture.startWriter(ops.registry());
            fixture.writer().addReadinessChecks(ops);
            JsonNode ready = http.awaitReady(200, Duration.ofMinutes(2));
            assertThat(ready.at("/checks/kafka/status").asText()).isEqualTo("UP");
            assertThat(ready.at("/checks/writer/status").asText()).isEqualTo("UP");
            assertThat(ready.at("/checks/object store/status").asText()).isEqualTo("UP");

            fixture.send(change(RUN, START, "c", null, "{\"id\":1,\"name\":\"Ann\",\"balance\":10.50}", "{\"id\":1}"),
                    change(RUN, START, "c", null, "{\"id\":2,\"name\":\"Bob\",\"balance\":1.00}", "{\"id\":2}"),
                    change(RUN, START, "d", "{\"id\":3,\"name\":\"Cy\",\"balance\":0.00}", null, "{\"id\":3}"),
                    done(RUN, START, 0, FeedMessage.COMPLETE, new Counts(5, 2, 0, 1, 2)),
                    done(RUN, START, 1, FeedMessage.COMPLETE, Counts.ZERO),
                    done(RUN, START, 2, FeedMessage.COMPLETE, Counts.ZERO));
            fixture.awaitEvent(RUN, RunEvent.State.WRITTEN);

            String metrics = http.get("/metrics").body();
            assertThat(metrics)
                    .contains("cdc_writer_files_written_total{datasource=\"crm\",table=\"users\"} 4.0")
                    .contains("cdc_writer_rows_written_total{datasource=\"crm\",op=\"added\",table=\"users\"} 2.0")
                    .contains("cdc_writer_rows_written_total{datasource=\"crm\",op=\"modified\",table=\"users\"} 0.0")
                    .contains("cdc_writer_rows_written_total{datasource=\"crm\",op=\"deleted\",table=\"users\"} 1.0")
                    .contains("cdc_writer_runs_seconds_count{datasource=\"crm\",outcome=\"written\","
                            + "table=\"users\"} 1")
                    .contains("kafka_consumer_fetch_manager_records_lag");
            assertThat(fixture.objects()).hasSize(4);
            long bytes = fixture.objects().stream().mapToLong(fixture::size).sum();
            Matcher written = Pattern.compile("cdc_writer_bytes_written_total\\{datasource=\"crm\",table=\"users\"} "
                    + "([0-9.E]+)").matcher(metrics);
            assertThat(written.find()).as(metrics).isTrue();
            assertThat((long) Double.parseDouble(written.group(1))).isEqualTo(bytes);

            store.close();
            JsonNode down = http.awaitReady(503, Duration.ofMinutes(2));
            assertThat(down.at("/checks/object store/status").asText()).isEqualTo("DOWN");
            assertThat(down.at("/checks/kafka/status").asText()).isEqualTo("UP");
            assertThat(down.at("/checks/writer/status").asText()).isEqualTo("UP");
        } finally {
            store.close();
        }
    }
}
