package io.cdcflow.standalone.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.core.DurationText;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.standalone.io.MissingTopicException;
import io.cdcflow.standalone.io.RunClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cdc trigger --config FILE --table T [--wait]}: sends an extract command to a running
 * deployment, as Airflow does; with {@code --wait} follows the run's events to its end.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true, description = {
    "Send an extract command for one table to a running deployment (external Kafka from the config).",
    "Prints the run as JSON. With --wait, follows the run to its end; exit code 0 when it wrote its "
        + "files, 1 when it failed or the wait timed out, 2 for a bad command line or config."})
final class TriggerCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Option(names = "--table", required = true, description = "a table name from the config")
    String table;

    @Option(names = "--run-id", description = "run id to use (default: <table>-<random uuid>); "
            + RunCommand.RUN_ID_PATTERN)
    String runId;

    @Option(names = "--wait", description = "wait for the run's written or failed event")
    boolean wait;

    @Option(names = "--timeout", converter = DurationConverter.class,
            description = "how long --wait waits, e.g. 30m, 1h, 90s (default: the config's "
                    + "global_settings.scheduling.timeout_seconds)")
    Duration timeout;

    @Mixin
    ProgressOption progressOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        ClusterConfig cluster = ClusterConfig.load(config, "trigger");
        TableConfig tableConfig = cluster.table(table);
        if (runId != null && !runId.matches(RunCommand.RUN_ID_PATTERN)) {
            throw new CliException(CliException.USAGE, "--run-id must match " + RunCommand.RUN_ID_PATTERN);
        }
        Duration waitFor = timeout != null ? timeout : cluster.config().global().scheduling().timeout();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = progressOption.writer(spec.commandLine().getErr());
        RunResult result;
        try (RunClient client = new RunClient(cluster.topics(), cluster.bootstrapServers(),
                cluster.config().kafka().clientPropertiesRevealed())) {
            String id = runId != null
                    ? client.trigger(tableConfig.datasource(), tableConfig.name(), runId, "cli")
                    : client.trigger(tableConfig.datasource(), tableConfig.name(), "cli");
            progress.println("Sent an extract command for " + tableConfig.datasource() + "." + tableConfig.name()
                    + ", run " + id);
            progress.flush();
            if (!wait) {
                result = new RunResult("requested", tableConfig.name(), tableConfig.datasource(),
                        tableConfig.method().jsonName(), id, null, null, null, null);
            } else {
                Map<String, RunEvent> terminal;
                try (RunDisplay display = progressOption.display(progress)) {
                    long expected = progressOption.bars()
                            ? ProgressOption.expectedRows(cluster.topics().runEvents().name(),
                                    cluster.bootstrapServers(), cluster.config().kafka().clientPropertiesRevealed())
                                    .getOrDefault(TableIds.of(tableConfig.datasource(), tableConfig.name()), -1L)
                            : -1;
                    display.track(id, tableConfig.name(), expected);
                    terminal = client.await(List.of(id), waitFor, display);
                }
                result = RunResult.of(tableConfig.name(), tableConfig.datasource(), tableConfig.method().jsonName(),
                        tableConfig.snapshotFormat().extension(), id, terminal.get(id));
                if (terminal.get(id) == null) {
                    progress.println("  " + tableConfig.name() + ": no end after " + DurationText.format(waitFor));
                    progress.flush();
                }
            }
        } catch (MissingTopicException e) {
            throw new CliException(CliException.FAILED, e.getMessage() + "; " + cluster.createTopicsHint());
        } catch (KafkaException | IllegalStateException e) {
            throw new CliException(CliException.FAILED, "Kafka at " + cluster.bootstrapServers() + ": " + e.getMessage());
        }
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        out.flush();
        return !wait || result.success() ? 0 : 1;
    }
}
