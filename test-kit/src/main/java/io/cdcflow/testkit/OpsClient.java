package io.cdcflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.io.OpsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a service's {@code /health}, {@code /ready} and {@code /metrics} over HTTP, as a probe would. */
public final class OpsClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final OpsServer server;

    public OpsClient(OpsServer server) {
        this.server = server;
    }

    /** A GET of {@code path} ({@code /ready}, ...). */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code /ready} until it answers {@code status}; fails the test after {@code timeout}. */
    public JsonNode awaitReady(int status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = get("/ready");
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = get("/ready");
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }
}
