package io.cdcflow.writer.app;

import io.cdcflow.common.io.Logging;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.common.io.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer service's entry point: {@code java -jar cdc-writer.jar --config config.json}, or with the
 * configuration file in {@code CDC_CONFIG}. Runs until SIGTERM (or Ctrl-C), then stops gracefully and the
 * JVM exits with 143 (130 for Ctrl-C). Other exit codes: 1 if the writer failed or could not start, 2 for
 * a usage or configuration error (printed to stderr). Serves {@code /health}, {@code /ready} and
 * {@code /metrics} on {@value OpsServer#PORT_ENV} (default {@value OpsServer#DEFAULT_PORT}, {@code off}
 * for none).
 */
public final class WriterMain {
    /** Environment variable naming the configuration file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "CDC_CONFIG";

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(WriterMain.class);
    private static final String USAGE = "usage: java -jar cdc-writer.jar --config <config.json>  (or set "
            + CONFIG_ENV + ")";

    private WriterMain() {
    }

    public static void main(String[] args) {
        Logging.configure("INFO", "WARN");
        System.exit(run(args, System.getenv(), System.err));
    }

    /** Runs the writer until it is stopped; returns the exit code. */
    static int run(String[] args, Map<String, String> environment, PrintStream err) {
        Launch launch;
        try {
            launch = launch(args, environment);
        } catch (UsageException | ConfigException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        }
        PrometheusMeterRegistry registry = Metrics.prometheus();
        Optional<OpsServer> ops;
        try {
            OptionalInt port = OpsServer.port(environment.get(OpsServer.PORT_ENV), OpsServer.DEFAULT_PORT);
            ops = port.isPresent() ? Optional.of(OpsServer.start(port.getAsInt(), registry)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("cannot serve HTTP (" + OpsServer.PORT_ENV + "): " + e);
            return EXIT_FAILED;
        }
        try {
            return run(launch, registry, ops);
        } finally {
            ops.ifPresent(OpsServer::close);
        }
    }

    private static int run(Launch launch, PrometheusMeterRegistry registry, Optional<OpsServer> ops) {
        WriterService writer;
        try {
            writer = WriterService.start(launch.config(), launch.config().kafka().bootstrapServers(), Map.of(),
                    launch.objectStore(), registry);
        } catch (RuntimeException e) {
            LOG.error("Writer could not start: {}", e.getMessage(), e);
            return EXIT_FAILED;
        }
        ops.ifPresent(writer::addReadinessChecks);
        Thread hook = new Thread(writer::close, "cdc-writer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!writer.awaitTermination(Duration.ofDays(1))) {
                LOG.debug("Writer still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.close();
        }
        return writer.failure().isPresent() ? EXIT_FAILED : 0;
    }

    /**
     * What the writer runs with.
     *
     * @param config the configuration
     * @param objectStore the external object store
     */
    record Launch(CdcConfig config, ObjectStoreSettings objectStore) {
    }

    /**
     * Reads the configuration named by the arguments or the environment and checks that it names the
     * external services a stand-alone writer needs.
     *
     * @throws UsageException if the arguments are wrong or the configuration relies on embedded services
     * @throws ConfigException if the configuration is invalid
     */
    static Launch launch(String[] args, Map<String, String> environment) {
        CdcConfig config = CdcConfig.load(configFile(args, environment));
        if (config.kafka().embedded()) {
            throw new UsageException("kafka.bootstrap_servers: the writer service needs an external Kafka cluster"
                    + " (the embedded broker runs only in the standalone mode)");
        }
        if (config.storage().embedded()) {
            throw new UsageException("storage.endpoint: the writer service needs an external object store"
                    + " (the embedded store runs only in the standalone mode)");
        }
        return new Launch(config, ObjectStoreSettings.of(config.storage()));
    }

    private static Path configFile(String[] args, Map<String, String> environment) {
        if (args.length == 2 && args[0].equals("--config")) {
            return Path.of(args[1]);
        }
        if (args.length == 1 && args[0].startsWith("--config=")) {
            return Path.of(args[0].substring("--config=".length()));
        }
        String fromEnvironment = environment.get(CONFIG_ENV);
        if (args.length == 0 && fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        throw new UsageException(USAGE);
    }

    /** The command line or the configuration does not allow the writer to start. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
