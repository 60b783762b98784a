package io.cdcflow.extractor.app;

import io.cdcflow.common.io.Logging;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar cdc-extractor.jar --config config.json} (or the path in {@value #CONFIG_ENV}):
 * validates the configuration, creates missing topics, and runs the extractor until SIGTERM.
 * Serves {@code /health}, {@code /ready} and {@code /metrics} on {@value OpsServer#PORT_ENV}
 * (default {@value OpsServer#DEFAULT_PORT}, {@code off} for none).
 * Exit codes: 0 after a clean shutdown, 1 if the service failed, 2 for a bad command line or
 * configuration.
 */
public final class ExtractorMain {
    /** Environment variable with the configuration file's path, when {@code --config} is absent. */
    public static final String CONFIG_ENV = "CDC_CONFIG";
    private ExtractorMain() {
    }

    public static void main(String[] args) {
        Logging.configure("INFO", "WARN");
        System.exit(run(args));
    }

    static int run(String[] args) {
        Optional<Path> configPath = configPath(args);
        if (configPath.isEmpty()) {
            System.err.println("usage: java -jar cdc-extractor.jar --config <config.json> (or set " + CONFIG_ENV + ")");
            return 2;
        }
        CdcConfig config;
        try {
            config = CdcConfig.load(configPath.get());
        } catch (ConfigException e) {
            System.err.println("invalid configuration " + configPath.get() + ":\n" + e.getMessage());
            return 2;
        }
        if (config.kafka().embedded()) {
            System.err.println("invalid configuration " + configPath.get() + ":\n$.kafka.bootstrap_servers: the"
                    + " extractor service needs an external Kafka cluster (the embedded broker runs in standalone mode)");
            return 2;
        }
        Logger log = LoggerFactory.getLogger(ExtractorMain.class);
        String bootstrap = config.kafka().bootstrapServers();
        PrometheusMeterRegistry registry = Metrics.prometheus();
        Optional<OpsServer> ops;
        try {
            ops = OpsServer.fromEnvironment(registry);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("cannot serve HTTP on " + OpsServer.PORT_ENV + ": " + e);
            return 1;
        }
        try {
            ExtractorService.ensureTopics(config, bootstrap, Map.of());
            ExtractorService service = ExtractorService.start(config, bootstrap, Map.of(),
                    ExtractorService.instanceIdFromEnvironment(), registry);
            ops.ifPresent(service::addReadinessChecks);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("Shutting down");
                service.close();
            }, "cdc-extractor-shutdown"));
            while (!service.awaitTermination(Duration.ofDays(1))) {
                log.debug("Extractor still running");
            }
            return service.failure().isPresent() ? 1 : 0;
        } finally {
            ops.ifPresent(OpsServer::close);
        }
    }

    static Optional<Path> configPath(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                return Optional.of(Path.of(arg.substring("--config=".length())));
            }
        }
        return Optional.ofNullable(System.getenv(CONFIG_ENV)).filter(s -> !s.isBlank()).map(Path::of);
    }
}
