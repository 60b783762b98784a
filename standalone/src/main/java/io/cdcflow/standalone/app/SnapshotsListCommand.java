package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.standalone.core.SnapshotSet;
import io.cdcflow.standalone.core.SnapshotSummary;
import io.cdcflow.standalone.core.SnapshotTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdc snapshots list --config F --table T [--datasource D] [--limit N]}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = {
    "List a table's snapshot sets, newest first: timestamp, run id and status from the summary, counts, "
        + "files and bytes. A set without a summary is shown as \"incomplete (no summary)\"."})
final class SnapshotsListCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Option(names = "--table", required = true, description = "the configured table")
    String table;

    @Option(names = "--datasource", description = "datasource directory (default: the table's configured datasource)")
    String datasource;

    @Option(names = "--limit", defaultValue = "20", description = "at most this many sets (default: ${DEFAULT-VALUE})")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CliException(CliException.USAGE, "--limit must be at least 1");
        }
        CdcConfig cdc = SnapshotsCommand.load(config);
        String directory = SnapshotsCommand.directory(cdc, config, table, datasource);
        PrintWriter out = spec.commandLine().getOut();
        try (SnapshotsCommand.Store store = SnapshotsCommand.open(cdc)) {
            List<SnapshotSet> sets = store.sets(directory);
            List<SnapshotTable.Row> rows = new ArrayList<>();
            for (SnapshotSet set : sets.subList(0, Math.min(limit, sets.size()))) {
                SnapshotSummary summary = set.summary() == null ? SnapshotSummary.MISSING
                        : SnapshotSummary.parse(store.get(set.summary().key()));
                rows.add(new SnapshotTable.Row(set, summary));
            }
            if (rows.isEmpty()) {
                out.println("No snapshot sets under " + store.client().bucket() + "/" + directory + ".");
            } else {
                out.print(SnapshotTable.render(rows));
                if (sets.size() > rows.size()) {
                    out.println("(" + rows.size() + " of " + sets.size() + " sets; --limit to see more)");
                }
            }
        } catch (IllegalStateException e) {
            throw new CliException(CliException.FAILED, "object store: " + e.getMessage());
        }
        out.flush();
        return 0;
    }
}
