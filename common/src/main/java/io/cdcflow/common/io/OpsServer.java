package io.cdcflow.common.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdcflow.common.core.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of a service, on the JDK's {@code com.sun.net.httpserver}:
 *
 * <ul>
 *   <li>{@code GET /health}: liveness, 200 while the process serves HTTP;</li>
 *   <li>{@code GET /ready}: readiness, 200 when every registered {@link Check} passes within
 *       {@link #CHECK_TIMEOUT}, else 503; also 503 while no check is registered yet (the service is
 *       still starting). The body names each check with {@code UP} or {@code DOWN} and the reason;</li>
 *   <li>{@code GET /metrics}: the registry in the Prometheus text format.</li>
 * </ul>
 *
 * Checks run on a pool of their own with a timeout, so a hanging database or broker makes the
 * service not ready instead of hanging the probe. Checks that are {@link AutoCloseable} are closed
 * with the server.
 */
public final class OpsServer implements AutoCloseable {
    /** Environment variable with the port: a number ({@code 0} = any free port), or {@code off}. */
    public static final String PORT_ENV = "CDC_HTTP_PORT";
    /** The port of the services when {@value #PORT_ENV} is not set. */
    public static final int DEFAULT_PORT = 8080;
    /** How long a readiness check may take before it counts as failed. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final String JSON = "application/json";

    /** One readiness condition; throws (with the reason as message) when it does not hold. */
    @FunctionalInterface
    public interface Check {
        void check() throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ExecutorService checkThreads;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Check> checks = new LinkedHashMap<>();

    private OpsServer(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
        this.httpThreads = Executors.newFixedThreadPool(2, daemon("cdc-http"));
        this.checkThreads = Executors.newCachedThreadPool(daemon("cdc-ready-check"));
    }

    /**
     * Starts serving on all interfaces.
     *
     * @param port the port, {@code 0} for any free one (see {@link #port()})
     * @param registry the registry {@code /metrics} shows
     * @throws IOException if the port cannot be bound
     */
    public static OpsServer start(int port, PrometheusMeterRegistry registry) throws IOException {
        Objects.requireNonNull(registry, "registry");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        OpsServer ops = new OpsServer(server, registry);
        server.setExecutor(ops.httpThreads);
        server.createContext("/health", exchange -> ops.respond(exchange, 200, JSON, "{\"status\":\"UP\"}"));
        server.createContext("/ready", ops::ready);
        server.createContext("/metrics", exchange -> ops.respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.start();
        LOG.info("HTTP endpoints /health, /ready, /metrics on port {}", ops.port());
        return ops;
    }

    /**
     * Starts the server on the port from {@value #PORT_ENV} (default {@value #DEFAULT_PORT}), unless
     * it says {@code off}.
     *
     * @throws IllegalArgumentException if the variable holds no port
     * @throws IOException if the port cannot be bound
     */
    public static Optional<OpsServer> fromEnvironment(PrometheusMeterRegistry registry) throws IOException {
        OptionalInt port = port(System.getenv(PORT_ENV), DEFAULT_PORT);
        return port.isPresent() ? Optional.of(start(port.getAsInt(), registry)) : Optional.empty();
    }

    /**
     * The port from {@value #PORT_ENV}: empty for {@code off}, {@code defaultPort} when unset.
     *
     * @param value the variable's value, null when unset
     * @param defaultPort the port when unset; negative for "off by default"
     * @throws IllegalArgumentException if the value is neither a port nor {@code off}
     */
    public static OptionalInt port(String value, int defaultPort) {
        if (value == null || value.isBlank()) {
            return defaultPort < 0 ? OptionalInt.empty() : OptionalInt.of(defaultPort);
        }
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("off")) {
            return OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(trimmed);
            if (port >= 0 && port <= 65535) {
                return OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(PORT_ENV + " must be a port number (0 for any free port) or off, not '"
                + value + "'");
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry {@code /metrics} shows. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Adds a readiness check (or replaces the one of that name). An {@link AutoCloseable} check is
     * closed with the server.
     *
     * @return this server
     */
    public OpsServer check(String name, Check check) {
        synchronized (checks) {
            checks.put(name, check);
        }
        return this;
    }

    private void ready(HttpExchange exchange) throws IOException {
        Map<String, Check> current;
        synchronized (checks) {
            current = new LinkedHashMap<>(checks);
        }
        Map<String, Future<?>> running = new LinkedHashMap<>();
        current.forEach((name, check) -> running.put(name, checkThreads.submit(() -> {
            check.check();
            return null;
        })));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode results = Json.MAPPER.createObjectNode();
        boolean up = !current.isEmpty();
        long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
        for (Map.Entry<String, Future<?>> entry : running.entrySet()) {
            ObjectNode result = results.putObject(entry.getKey());
            String failure = outcome(entry.getValue(), deadline);
            result.put("status", failure == null ? "UP" : "DOWN");
            if (failure != null) {
                result.put("error", failure);
                up = false;
            }
        }
        body.put("status", up ? "UP" : current.isEmpty() ? "STARTING" : "DOWN");
        body.set("checks", results);
        respond(exchange, up ? 200 : 503, JSON, body.toString());
    }

    private static String outcome(Future<?> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause.getMessage() != null ? cause.getMessage() : cause.toString();
        } catch (TimeoutException e) {
            future.cancel(true);
            return "no answer within " + CHECK_TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving (at once), closes the closeable checks. */
    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        checkThreads.shutdownNow();
        List<Check> closing;
        synchronized (checks) {
            closing = new ArrayList<>(checks.values());
            checks.clear();
        }
        for (Check check : closing) {
            if (check instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Closing a readiness check failed: {}", e.toString());
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
