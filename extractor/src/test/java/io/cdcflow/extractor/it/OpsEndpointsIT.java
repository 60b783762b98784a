package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.testkit.OpsClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extractor's /health, /ready and /metrics over HTTP, around a real run on PostgreSQL. */
class OpsEndpointsIT {
    private static final int ROWS = 25;

    @Test
    void readyWhenConsumingAndMetricsCountTheRun() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_ops");
        new OrderLinesTable(db).create(ROWS);
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("lines", "shop", Map.of("table", OrderLinesTable.NAME))
                .build();
        fixture.createTopics(config);
        PrometheusMeterRegistry registry = Metrics.prometheus();
        try (OpsServer ops = OpsServer.start(0, registry)) {
            OpsClient http = new OpsClient(ops);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(http.get("/ready").statusCode()).as("before the service started").isEqualTo(503);

            try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(),
                    "ops-it", registry)) {
                service.addReadinessChecks(ops);
                JsonNode ready = http.awaitReady(200, Duration.ofMinutes(2));
                assertThat(ready.at("/checks/kafka/status").asText()).isEqualTo("UP");
                assertThat(ready.at("/checks/extractor/status").asText()).isEqualTo("UP");
                assertThat(ready.at("/checks/datasource shop/status").asText()).isEqualTo("UP");

                fixture.sendCommand("shop.lines", RunCommand.extract("shop", "lines", "run-1",
                        Instant.parse("2024-06-01T08:00:00Z"), "test"));
                fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
                fixture.send("bogus", "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                fixture.awaitRunEvent(e -> e.state() == RunEvent.State.FAILED);

                String metrics = http.get("/metrics").body();
                assertThat(metrics)
                        .contains("cdc_extractor_rows_read_total{datasource=\"shop\",table=\"lines\"} " + ROWS + ".0")
                        .contains("cdc_extractor_runs_seconds_count{datasource=\"shop\",outcome=\"extracted\","
                                + "table=\"lines\"} 1")
                        .contains("cdc_extractor_commands_rejected_total 1.0")
                        .contains("kafka_consumer_");
            }
            JsonNode stopped = Json.MAPPER.readTree(http.get("/ready").body());
            assertThat(stopped.at("/checks/extractor/error").asText()).isEqualTo("stopped");
        }
    }

    @Test
    void notReadyWhileItsDatabaseIsDown() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .datasource("down", "jdbc:postgresql://127.0.0.1:" + deadPort + "/nothing", "nobody", "none")
                .table("lines", "down", Map.of("table", OrderLinesTable.NAME))
                .build();
        fixture.createTopics(config);
        try (OpsServer ops = OpsServer.start(0, Metrics.prometheus());
             ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(),
                     "ops-it-down", ops.registry())) {
            service.addReadinessChecks(ops);
            OpsClient http = new OpsClient(ops);
            JsonNode body = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = http.get("/ready");
                assertThat(response.statusCode()).isEqualTo(503);
                body = Json.MAPPER.readTree(response.body());
                if ("UP".equals(body.at("/checks/extractor/status").asText())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(body.at("/checks/extractor/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/kafka/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/datasource down/status").asText()).isEqualTo("DOWN");
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
        }
    }
}
