package io.cdcflow.standalone.app;

import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.core.RunHistory;
import io.cdcflow.standalone.core.RunStatus;
import io.cdcflow.standalone.core.StatusTable;
import io.cdcflow.standalone.io.MissingTopicException;
import io.cdcflow.standalone.io.RunEventReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdc status --config FILE [--table T] [--limit N]}: recent runs from the run-events topic. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {
    "Show recent runs of a running deployment (external Kafka from the config), newest first: state, "
        + "counts, start, end, duration and files, from the run-events topic.",
    "Reads the whole topic on each call (no consumer group)."})
final class StatusCommand implements Callable<Integer> {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Option(names = "--table", description = "only this table's runs")
    String table;

    @Option(names = "--limit", defaultValue = "20", description = "at most this many runs (default: ${DEFAULT-VALUE})")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterConfig cluster = ClusterConfig.load(config, "status");
        if (table != null) {
            cluster.table(table);
        }
        if (limit < 1) {
            throw new CliException(CliException.USAGE, "--limit must be at least 1");
        }
        String topic = cluster.topics().runEvents().name();
        RunEventReader.Result read;
        try {
            read = RunEventReader.readAll(topic, cluster.bootstrapServers(),
                    cluster.config().kafka().clientPropertiesRevealed(), READ_TIMEOUT);
        } catch (MissingTopicException e) {
            throw new CliException(CliException.FAILED, e.getMessage() + "; " + cluster.createTopicsHint());
        } catch (KafkaException | IllegalStateException e) {
            throw new CliException(CliException.FAILED, "Kafka at " + cluster.bootstrapServers() + ": " + e.getMessage());
        }
        RunHistory history = new RunHistory();
        for (RunEvent event : read.events()) {
            history.add(event);
        }
        List<RunStatus> runs = history.recent(table, limit);
        PrintWriter out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println(table == null ? "No runs in " + topic + "." : "No runs of " + table + " in " + topic + ".");
        } else {
            out.print(StatusTable.render(runs));
        }
        out.flush();
        if (read.malformed() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cdc: skipped " + read.malformed() + " record(s) of " + topic + " that are not run events");
            err.flush();
        }
        return 0;
    }
}
