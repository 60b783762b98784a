package io.cdcflow.differ.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.SchemaRegistrySettings;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Avro schemas in a Confluent-compatible schema registry over its REST API
 * ({@code POST /subjects/{subject}/versions}), which Confluent Schema Registry, Karapace, Redpanda
 * and Apicurio's {@code /apis/ccompat/v7} all serve. Ids are cached per (subject, schema), so each
 * schema costs one request per process; registering a schema the subject already has returns its
 * existing id. Failures that may pass are retried with bounded backoff (WARN per retry, ERROR once
 * when giving up), then thrown as {@link SchemaRegistryException}. Thread-safe.
 */
public final class SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    /** Four retries after 0.5, 1, 2 and 4 s: a registry restart is ridden out, an outage fails the task. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(4, Duration.ofMillis(500), Duration.ofSeconds(4));

    private final String baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final Backoff backoff;
    private final HttpClient http;
    private final Map<String, Map<String, Integer>> ids = new ConcurrentHashMap<>();
    private volatile String lastFailure;

    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this(settings, DEFAULT_BACKOFF);
    }

    public SchemaRegistryClient(SchemaRegistrySettings settings, Backoff backoff) {
        this.baseUrl = settings.url();
        this.authorization = settings.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password().reveal()).getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofSeconds(settings.timeoutSeconds());
        this.backoff = backoff;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The registry's base URL (it holds no credentials: the config refuses them there). */
    public String url() {
        return baseUrl;
    }

    /**
     * The id of {@code schema} under {@code subject}, registering it as the subject's new version if
     * the subject does not have it yet.
     *
     * @throws SchemaRegistryException when the registry refuses the schema, or stays unreachable
     *     through the retries
     */
    public int register(String subject, Schema schema) {
        String schemaJson = schema.toString();
        Integer cached = ids.getOrDefault(subject, Map.of()).get(schemaJson);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("schema", schemaJson);
        body.put("schemaType", "AVRO");
        JsonNode response = withRetries("registering a schema under subject " + subject,
                () -> send(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .header("Content-Type", CONTENT_TYPE)));
        JsonNode id = response.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("the schema registry at " + baseUrl + " answered the registration under "
                    + subject + " without an id", false, 200, -1, null);
        }
        ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schemaJson, id.intValue());
        LOG.info("Schema registry {}: subject {} has schema id {}", baseUrl, subject, id.intValue());
        return id.intValue();
    }

    /**
     * The schema with a given id ({@code GET /schemas/ids/{id}}), as a consumer resolves it.
     *
     * @throws SchemaRegistryException when there is no such schema, or the registry stays unreachable
     */
    public Schema schema(int id) {
        JsonNode response = withRetries("reading schema " + id,
                () -> send(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET()));
        return new Schema.Parser().parse(response.get("schema").asText());
    }

    /** Why the last request failed for good, or null if the last one succeeded: for readiness checks. */
    public String lastFailure() {
        return lastFailure;
    }

    private interface Request {
        JsonNode send() throws SchemaRegistryException;
    }

    private JsonNode withRetries(String what, Request request) {
        int retries = 0;
        while (true) {
            try {
                JsonNode response = request.send();
                lastFailure = null;
                return response;
            } catch (SchemaRegistryException e) {
                if (!e.retriable() || !backoff.allowsRetry(retries)) {
                    String reason = "schema registry at " + baseUrl + ": " + what + " failed"
                            + (e.retriable() ? " after " + retries + " retries" : "") + ": " + e.getMessage();
                    lastFailure = reason;
                    LOG.error("{}", reason);
                    throw new SchemaRegistryException(reason, e.retriable(), e.status(), e.errorCode(), e);
                }
                retries++;
                Duration delay = backoff.delayBefore(retries);
                LOG.warn("Schema registry at {}: {} failed ({}); retry {} of {} in {} ms", baseUrl, what,
                        e.getMessage(), retries, backoff.maxRetries(), delay.toMillis());
                sleep(delay);
            }
        }
    }

    private JsonNode send(HttpRequest.Builder builder) {
        builder.timeout(timeout).header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException("no response (" + e + ")", true, -1, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted", false, -1, -1, e);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status / 100 == 2 && body != null) {
            return body;
        }
        int errorCode = body != null && body.path("error_code").canConvertToInt() ? body.get("error_code").intValue() : -1;
        String message = body != null && body.hasNonNull("message") ? body.get("message").asText() : "no error message";
        boolean retriable = status >= 500 || status == 408 || status == 429 || status / 100 == 2;
        return throwFor(status, errorCode, message, retriable);
    }

    private static JsonNode throwFor(int status, int errorCode, String message, boolean retriable) {
        throw new SchemaRegistryException("HTTP " + status + (errorCode >= 0 ? ", error_code " + errorCode : "")
                + ": " + message, retriable, status, errorCode, null);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry", false, -1, -1, e);
        }
    }
}
