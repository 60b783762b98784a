package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.standalone.core.AgeText;
import io.cdcflow.standalone.core.SnapshotSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdc snapshots cleanup --config F --older-than 30d [--table T] [--dry-run]}. */
@Command(name = "cleanup", mixinStandardHelpOptions = true, description = {
    "Delete whole snapshot sets whose timestamp is older than --older-than (of all tables under "
        + "snapshots/, or of --table): the data files first, the summary last, so that an interrupted "
        + "cleanup never leaves a summary whose files are missing."})
final class SnapshotsCleanupCommand implements Callable<Integer> {
    /** Time source; tests may replace it. */
    static Clock clock = Clock.systemUTC();

    @Option(names = "--config", required = true, description = "config.json")
    Path config;

    @Option(names = "--older-than", required = true,
            description = "delete sets older than this, e.g. 30d, 1d12h, 12h, 90m")
    String olderThan;

    @Option(names = "--table", description = "only this table's sets")
    String table;

    @Option(names = "--datasource", description = "with --table: datasource directory (default: the table's)")
    String datasource;

    @Option(names = "--dry-run", description = "print what would be deleted, delete nothing")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CdcConfig cdc = SnapshotsCommand.load(config);
        if (datasource != null && table == null) {
            throw new CliException(CliException.USAGE, "--datasource needs --table");
        }
        String prefix = table == null ? SnapshotsCommand.ROOT
                : SnapshotsCommand.directory(cdc, config, table, datasource);
        Duration age;
        try {
            age = AgeText.parse(olderThan);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--older-than: " + e.getMessage());
        }
        Instant cutoff = AgeText.cutoff(clock.instant(), age);
        PrintWriter out = spec.commandLine().getOut();
        String verb = dryRun ? "would delete " : "deleted ";
        int setCount = 0;
        int kept = 0;
        long files = 0;
        long bytes = 0;
        try (SnapshotsCommand.Store store = SnapshotsCommand.open(cdc)) {
            List<SnapshotSet> sets = store.sets(prefix);
            for (int i = sets.size() - 1; i >= 0; i--) {
                SnapshotSet set = sets.get(i);
                if (!set.olderThan(cutoff)) {
                    kept++;
                    continue;
                }
                if (!dryRun) {
                    for (String key : set.deletionOrder()) {
                        store.client().remove(key);
                    }
                }
                out.println(verb + set.prefix() + "_* (" + set.fileCount() + " files, " + set.totalBytes()
                        + " bytes" + (set.summary() == null ? ", no summary" : "") + ")");
                out.flush();
                setCount++;
                files += set.fileCount();
                bytes += set.totalBytes();
            }
        } catch (IllegalStateException e) {
            out.flush();
            throw new CliException(CliException.FAILED, "object store: " + e.getMessage());
        }
        out.println((dryRun ? "Would delete " : "Deleted ") + setCount + " set(s) older than "
                + olderThan.strip() + " (" + files + " files, " + bytes + " bytes" + (dryRun ? "" : " freed")
                + "); kept " + kept + " set(s).");
        out.flush();
        return 0;
    }
}
