package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.differ.app.DifferState;
import io.cdcflow.differ.core.CheckpointLayout;
import io.cdcflow.differ.io.StateRestorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdc restore --config F --table T [--datasource D] [--checkpoint ID]}. */
@Command(name = "restore", mixinStandardHelpOptions = true, description = {
    "Rebuild the differ's state of a table from a checkpoint in the object store "
        + "({datasource}/{table}/hash_state/{id}/): the newest complete one, or --checkpoint. Writes the "
        + "checkpoint into the differ's changelog topic (and removes the table's keys it lacks), then deletes "
        + "the differ's local state under kafka.state_dir, so the differ rebuilds its stores when it next starts. "
        + "Stop every differ (and `cdc run`) first; the command refuses while the differ's group has members. "
        + "With the embedded defaults it starts the broker and object store of storage.data_dir."})
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Option(names = "--table", required = true, description = "the table to restore")
    String table;

    @Option(names = "--datasource", description = "the table's datasource (default: the configured table's)")
    String datasource;

    @Option(names = "--checkpoint", description = "checkpoint id, yyyyMMdd_HHmmss (default: the newest complete)")
    String checkpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CdcConfig cdc = SnapshotsCommand.load(config);
        String source = datasource;
        if (source == null) {
            try {
                TableConfig configured = cdc.table(table);
                source = configured.datasource();
            } catch (IllegalArgumentException e) {
                throw new CliException(CliException.USAGE, e.getMessage() + " (in " + config
                        + "; pass --datasource for a table no longer configured)");
            }
        }
        if (checkpoint != null && !CheckpointLayout.isId(checkpoint)) {
            throw new CliException(CliException.USAGE, "--checkpoint must look like 20241215_143022 (was "
                    + checkpoint + ")");
        }
        Deque<AutoCloseable> started = new ArrayDeque<>();
        StateRestorer.Result result;
        try {
            result = DifferState.restore(Pipeline.startEmbedded(cdc, started), source, table, checkpoint);
        } catch (IllegalArgumentException | IllegalStateException | KafkaException e) {
            throw new CliException(CliException.FAILED, "restore of " + source + "." + table + ": " + e.getMessage());
        } finally {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception e) {
                    spec.commandLine().getErr().println("cdc: stopping an embedded server failed: " + e);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Restored checkpoint " + result.checkpointId() + " of " + source + "." + table + " (taken after run "
                + result.runId() + "): " + result.restored() + " keys written, " + result.removed()
                + " keys not in the checkpoint removed.");
        out.println("The differ rebuilds its state from the changelog when it next starts.");
        out.flush();
        return 0;
    }
}
