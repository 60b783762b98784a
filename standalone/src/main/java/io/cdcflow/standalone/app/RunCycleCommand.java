package io.cdcflow.standalone.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import io.cdcflow.common.core.Json;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cdc run --config FILE [--tables T ...]}: one CDC cycle through all three services. With
 * {@value OpsServer#PORT_ENV} set, serves the services' {@code /health}, {@code /ready} and
 * {@code /metrics} while it runs.
 */
@Command(name = "run", description = "Run one CDC cycle for the given tables (all by default) and print a "
        + "JSON result per table. Exit code 0 when every run wrote its files.")
final class RunCycleCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Option(names = "--tables", arity = "1..*", description = "table names from the config")
    List<String> tables;

    @Mixin
    ProgressOption progressOption;

    @Override
    public Integer call() throws JsonProcessingException {
        CdcConfig parsed;
        try {
            parsed = CdcConfig.load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Duration timeout = parsed.global().scheduling().timeout();
        PrometheusMeterRegistry registry = Metrics.prometheus();
        Optional<OpsServer> ops;
        try {
            OptionalInt port = OpsServer.port(System.getenv(OpsServer.PORT_ENV), -1);
            ops = port.isPresent() ? Optional.of(OpsServer.start(port.getAsInt(), registry)) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("cannot serve HTTP (" + OpsServer.PORT_ENV + "): " + e.getMessage());
            return 2;
        }
        try {
            return run(parsed, timeout, registry, ops);
        } finally {
            ops.ifPresent(OpsServer::close);
        }
    }

    private int run(CdcConfig parsed, Duration timeout, PrometheusMeterRegistry registry, Optional<OpsServer> ops)
            throws JsonProcessingException {
        try (Pipeline pipeline = Pipeline.start(parsed, Map.of(), registry)) {
            ops.ifPresent(pipeline::addReadinessChecks);
            List<String> selected;
            try {
                selected = CycleRunner.select(pipeline, tables);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            CdcConfig resolved = pipeline.config();
            Map<String, Long> expected = progressOption.bars()
                    ? ProgressOption.expectedRows(pipeline.topics().runEvents().name(),
                            resolved.kafka().bootstrapServers(), resolved.kafka().clientPropertiesRevealed())
                    : Map.of();
            List<RunResult> results;
            try (RunDisplay display = progressOption.display(new PrintWriter(System.err, true))) {
                results = new CycleRunner(pipeline, display, expected).run(selected, timeout);
            }
            for (RunResult result : results) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            }
            return results.stream().allMatch(RunResult::success) ? 0 : 1;
        }
    }
}
