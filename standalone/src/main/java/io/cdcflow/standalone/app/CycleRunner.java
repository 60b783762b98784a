package io.cdcflow.standalone.app;

import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.core.ProgressLine;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.standalone.io.RunClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One CDC cycle: trigger a run per table, follow the run events, collect the results. */
final class CycleRunner {
    private final Pipeline pipeline;
    private final PrintStream progress;

    CycleRunner(Pipeline pipeline, PrintStream progress) {
        this.pipeline = pipeline;
        this.progress = progress;
    }

    List<RunResult> run(List<String> tables, Duration timeout) {
        try (RunClient client = pipeline.runClient()) {
            Map<String, TableConfig> byRun = new LinkedHashMap<>();
            for (String name : tables) {
                TableConfig table = pipeline.table(name);
                byRun.put(client.trigger(table.datasource(), table.name(), "cli"), table);
            }
            Map<String, RunEvent> terminal = client.await(byRun.keySet(), timeout, this::show);
            List<RunResult> results = new ArrayList<>();
            byRun.forEach((runId, table) -> results.add(RunResult.of(table.name(), table.datasource(),
                    table.method().jsonName(), table.snapshotFormat().extension(), runId, terminal.get(runId))));
            return results;
        }
    }

    private void show(RunEvent event) {
        progress.println(ProgressLine.of(event));
    }

    /** Every configured table when none are named, else the named ones (unknown names are an error). */
    static List<String> select(Pipeline pipeline, List<String> named) {
        if (named == null || named.isEmpty()) {
            return new ArrayList<>(pipeline.config().tables().keySet());
        }
        for (String name : named) {
            pipeline.table(name);
        }
        return named;
    }
}
