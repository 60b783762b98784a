package io.cdcflow.differ.app;

import io.cdcflow.common.io.Logging;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cdc-differ.jar --config config.json} (or env {@code CDC_CONFIG}); serves
 * {@code /health}, {@code /ready} and {@code /metrics} on {@value OpsServer#PORT_ENV} (default
 * {@value OpsServer#DEFAULT_PORT}, {@code off} for none).
 */
public final class DifferMain {
    private DifferMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Logging.configure("INFO", "WARN");
        String path = args.length == 2 && "--config".equals(args[0]) ? args[1] : System.getenv("CDC_CONFIG");
        if (path == null) {
            System.err.println("usage: cdc-differ --config FILE (or set CDC_CONFIG)");
            System.exit(2);
        }
        CdcConfig config;
        try {
            config = CdcConfig.load(Path.of(path));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (config.kafka().embedded()) {
            System.err.println("kafka.bootstrap_servers is \"embedded\": the differ service needs a real cluster; "
                    + "use `cdc run` for the one-JVM mode");
            System.exit(2);
        }
        PrometheusMeterRegistry registry = Metrics.prometheus();
        Optional<OpsServer> ops;
        try {
            ops = OpsServer.fromEnvironment(registry);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("cannot serve HTTP (" + OpsServer.PORT_ENV + "): " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DifferService differ = DifferService.start(config, config.kafka().bootstrapServers(), Map.of(), registry);
        ops.ifPresent(differ::addReadinessChecks);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            differ.close();
            ops.ifPresent(OpsServer::close);
            stopped.countDown();
        }, "differ-shutdown"));
        stopped.await();
    }
}
