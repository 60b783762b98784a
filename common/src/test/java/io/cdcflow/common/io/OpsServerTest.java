package io.cdcflow.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The endpoints over real HTTP on an ephemeral port. */
class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthReadinessAndMetrics() throws Exception {
        PrometheusMeterRegistry registry = Metrics.prometheus();
        registry.counter("cdc.test.rows.read", "table", "orders").increment(42);
        AtomicBoolean storeUp = new AtomicBoolean(false);
        AtomicBoolean closed = new AtomicBoolean(false);
        class Closeable implements OpsServer.Check, AutoCloseable {
            @Override
            public void check() {
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        try (OpsServer server = OpsServer.start(0, registry)) {
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);

            HttpResponse<String> starting = get(server, "/ready");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(starting.body()).get("status").asText()).isEqualTo("STARTING");

            server.check("kafka", new Closeable()).check("object store", () -> {
                if (!storeUp.get()) {
                    throw new IllegalStateException("connection refused");
                }
            });
            HttpResponse<String> down = get(server, "/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode body = Json.MAPPER.readTree(down.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/checks/kafka/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/object store/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/checks/object store/error").asText()).isEqualTo("connection refused");

            storeUp.set(true);
            HttpResponse<String> up = get(server, "/ready");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(up.body()).get("status").asText()).isEqualTo("UP");

            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body()).contains("# TYPE cdc_test_rows_read_total counter")
                    .contains("cdc_test_rows_read_total{table=\"orders\"} 42.0")
                    .contains("jvm_memory_used_bytes");
        }
        assertThat(closed).isTrue();
    }

    @Test
    void aCheckThatHangsMakesTheServiceNotReady() throws Exception {
        try (OpsServer server = OpsServer.start(0, Metrics.prometheus())) {
            server.check("database", () -> Thread.sleep(60_000));
            HttpResponse<String> response = get(server, "/ready");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(response.body()).at("/checks/database/error").asText())
                    .isEqualTo("no answer within 5 s");
        }
    }

    @Test
    void portFromTheEnvironment() {
        assertThat(OpsServer.port(null, 8080)).isEqualTo(OptionalInt.of(8080));
        assertThat(OpsServer.port(" ", -1)).isEmpty();
        assertThat(OpsServer.port("off", 8080)).isEmpty();
        assertThat(OpsServer.port("0", 8080)).isEqualTo(OptionalInt.of(0));
        assertThat(OpsServer.port("9100", 8080)).isEqualTo(OptionalInt.of(9100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.port("80a", 8080))
                .hasMessageContaining("CDC_HTTP_PORT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.port("70000", 8080))
                .hasMessageContaining("CDC_HTTP_PORT");
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
