package io.cdcflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * An in-process schema registry serving the subset of the Confluent Schema Registry REST API that
 * producers and consumers of Avro topics use, with the same responses and error bodies
 * ({@code {"error_code": ..., "message": ...}}):
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} {@code {"schema": "...", "schemaType": "AVRO"}} →
 *       {@code {"id": N}}; a schema the subject already has returns its id (no new version); a
 *       schema known under another subject keeps its global id; 409 (error code 409) when the
 *       subject's compatibility level rejects it; 422 (42201) for an invalid schema or a schema type
 *       other than AVRO.</li>
 *   <li>{@code GET /schemas/ids/{id}} → {@code {"schema": "..."}}; 404 (40403) when unknown.</li>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{subject}/versions},
 *       {@code GET /subjects/{subject}/versions/{version|latest}} → {@code {"subject", "id", "version",
 *       "schema"}}; 404 (40401 subject, 40402 version).</li>
 *   <li>{@code GET|PUT /config} and {@code /config/{subject}} {@code {"compatibility": "NONE"}}:
 *       BACKWARD (the default), FORWARD, FULL, NONE, checked against the latest version as Avro
 *       schema resolution does.</li>
 * </ul>
 *
 * <p>Tests make it fail: {@link #stop()} and {@link #start()} on the same port (connection refused
 * meanwhile), or {@link #failRequests} with an HTTP status. With credentials it demands HTTP basic
 * authentication (401, error code 401). Thread-safe; each test starts its own.
 */
public final class TestSchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
    private static final Pattern SUBJECT_CONFIG = Pattern.compile("/config/([^/]+)");

    private final String authorization;
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final Map<String, String> compatibility = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private String globalCompatibility = "BACKWARD";
    private int failuresLeft;
    private int failureStatus;
    private HttpServer server;
    private int port;

    private TestSchemaRegistry(String username, String password) {
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a registry without authentication on a free port of 127.0.0.1. */
    public static TestSchemaRegistry open() {
        TestSchemaRegistry registry = new TestSchemaRegistry(null, null);
        registry.start();
        return registry;
    }

    /** Starts a registry that demands HTTP basic authentication with these credentials. */
    public static TestSchemaRegistry withBasicAuth(String username, String password) {
        TestSchemaRegistry registry = new TestSchemaRegistry(username, password);
        registry.start();
        return registry;
    }

    /** Base URL, {@code http://127.0.0.1:PORT}. */
    public synchronized String url() {
        return "http://127.0.0.1:" + port;
    }

    /** (Re)starts serving, on the port of the first start; the registered schemas are kept. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test schema registry on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops serving: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Answers the next {@code count} requests with {@code status} and a Confluent error body. */
    public synchronized void failRequests(int count, int status) {
        failuresLeft = count;
        failureStatus = status;
    }

    /** Every request served so far, as {@code METHOD /path}, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** The schema with a global id, or null. */
    public synchronized Schema schema(int id) {
        return id >= 1 && id <= schemasById.size() ? schemasById.get(id - 1) : null;
    }

    /** The global ids of a subject's versions, oldest first (empty for an unknown subject). */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    /** The subjects, in the order they were first registered. */
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Response response;
            synchronized (this) {
                String path = exchange.getRequestURI().getRawPath();
                requests.add(exchange.getRequestMethod() + " " + path);
                response = route(exchange, path, body);
            }
            byte[] bytes = JSON.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private record Response(int status, JsonNode body) {
    }

    private Response route(HttpExchange exchange, String path, byte[] body) {
        if (failuresLeft > 0) {
            failuresLeft--;
            return error(failureStatus, failureStatus * 100 + 1, "Injected failure");
        }
        if (authorization != null && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, 401, "Unauthorized");
        }
        String method = exchange.getRequestMethod();
        try {
            Matcher matcher;
            if (method.equals("POST") && (matcher = VERSIONS.matcher(path)).matches()) {
                return register(decode(matcher.group(1)), JSON.readTree(body));
            }
            if (method.equals("GET") && (matcher = VERSIONS.matcher(path)).matches()) {
                String subject = decode(matcher.group(1));
                List<Integer> ids = subjects.get(subject);
                if (ids == null) {
                    return subjectNotFound(subject);
                }
                var versions = JSON.createArrayNode();
                for (int v = 1; v <= ids.size(); v++) {
                    versions.add(v);
                }
                return new Response(200, versions);
            }
            if (method.equals("GET") && (matcher = VERSION.matcher(path)).matches()) {
                return version(decode(matcher.group(1)), matcher.group(2));
            }
            if (method.equals("GET") && (matcher = SCHEMA_BY_ID.matcher(path)).matches()) {
                int id = Integer.parseInt(matcher.group(1));
                Schema schema = schema(id);
                if (schema == null) {
                    return error(404, 40403, "Schema " + id + " not found");
                }
                return new Response(200, JSON.createObjectNode().put("schema", schema.toString()));
            }
            if (method.equals("GET") && path.equals("/subjects")) {
                var names = JSON.createArrayNode();
                subjects.keySet().forEach(names::add);
                return new Response(200, names);
            }
            if (path.equals("/config")) {
                return config(method, null, body);
            }
            if ((matcher = SUBJECT_CONFIG.matcher(path)).matches()) {
                return config(method, decode(matcher.group(1)), body);
            }
            return error(404, 404, "HTTP 404 Not Found");
        } catch (IOException e) {
            return error(400, 400, "Unrecognized request body: " + e.getMessage());
        }
    }

    private Response register(String subject, JsonNode request) {
        String schemaType = request.path("schemaType").asText("AVRO");
        if (!schemaType.equals("AVRO")) {
            return error(422, 42201, "Invalid schema type " + schemaType + " (this registry serves AVRO only)");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(request.path("schema").asText());
        } catch (SchemaParseException e) {
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
        List<Integer> versions = subjects.getOrDefault(subject, List.of());
        for (int id : versions) {
            if (schemasById.get(id - 1).equals(schema)) {
                return new Response(200, JSON.createObjectNode().put("id", id));
            }
        }
        if (!versions.isEmpty()) {
            Schema latest = schemasById.get(versions.get(versions.size() - 1) - 1);
            String level = compatibility.getOrDefault(subject, globalCompatibility);
            if (!compatible(level, schema, latest)) {
                return error(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                        + subject + "\" (" + level + ")");
            }
        }
        int id = schemasById.indexOf(schema) + 1;
        if (id == 0) {
            schemasById.add(schema);
            id = schemasById.size();
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return new Response(200, JSON.createObjectNode().put("id", id));
    }

    private static boolean compatible(String level, Schema candidate, Schema latest) {
        boolean backward = SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        boolean forward = SchemaCompatibility.checkReaderWriterCompatibility(latest, candidate).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        return switch (level) {
            case "NONE" -> true;
            case "BACKWARD", "BACKWARD_TRANSITIVE" -> backward;
            case "FORWARD", "FORWARD_TRANSITIVE" -> forward;
            default -> backward && forward;
        };
    }

    private Response version(String subject, String version) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
            return subjectNotFound(subject);
        }
        int number;
        try {
            number = version.equals("latest") ? ids.size() : Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return error(422, 42202, "The specified version '" + version + "' is not a valid version id.");
        }
        if (number < 1 || number > ids.size()) {
            return error(404, 40402, "Version " + version + " not found.");
        }
        int id = ids.get(number - 1);
        ObjectNode body = JSON.createObjectNode().put("subject", subject).put("version", number).put("id", id)
                .put("schema", schemasById.get(id - 1).toString());
        return new Response(200, body);
    }

    private Response config(String method, String subject, byte[] body) throws IOException {
        if (method.equals("PUT")) {
            String level = JSON.readTree(body).path("compatibility").asText("").toUpperCase(Locale.ROOT);
            if (!List.of("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
                    "FULL_TRANSITIVE").contains(level)) {
                return error(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward,"
                        + " full, backward_transitive, forward_transitive, and full_transitive");
            }
            if (subject == null) {
                globalCompatibility = level;
            } else {
                compatibility.put(subject, level);
            }
            return new Response(200, JSON.createObjectNode().put("compatibility", level));
        }
        String level = subject == null ? globalCompatibility : compatibility.get(subject);
        if (level == null) {
            return error(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return new Response(200, JSON.createObjectNode().put("compatibilityLevel", level));
    }

    private static Response subjectNotFound(String subject) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static Response error(int status, int code, String message) {
        return new Response(status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }
}
