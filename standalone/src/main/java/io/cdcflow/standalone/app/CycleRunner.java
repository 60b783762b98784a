package io.cdcflow.standalone.app;

import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.standalone.io.RunClient;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One CDC cycle: trigger a run per table, follow the run events, collect the results. */
final class CycleRunner {
    private final Pipeline pipeline;
    private final RunDisplay display;
    private final Map<String, Long> expectedRows;

    /** A runner that prints a line per run event to {@code progress}. */
    CycleRunner(Pipeline pipeline, PrintStream progress) {
        this(pipeline, RunDisplay.lines(new PrintWriter(progress, true)), Map.of());
    }

    /**
     * @param display shows the runs while they go on
     * @param expectedRows rows expected per {@code datasource.table} (for the display)
     */
    CycleRunner(Pipeline pipeline, RunDisplay display, Map<String, Long> expectedRows) {
        this.pipeline = pipeline;
        this.display = display;
        this.expectedRows = expectedRows;
    }

    List<RunResult> run(List<String> tables, Duration timeout) {
        try (RunClient client = pipeline.runClient()) {
            Map<String, TableConfig> byRun = new LinkedHashMap<>();
            for (String name : tables) {
                TableConfig table = pipeline.table(name);
                String runId = client.trigger(table.datasource(), table.name(), "cli");
                byRun.put(runId, table);
                display.track(runId, table.name(),
                        expectedRows.getOrDefault(TableIds.of(table.datasource(), table.name()), -1L));
            }
            Map<String, RunEvent> terminal = client.await(byRun.keySet(), timeout, display);
            display.close();
            List<RunResult> results = new ArrayList<>();
            byRun.forEach((runId, table) -> results.add(RunResult.of(table.name(), table.datasource(),
                    table.method().jsonName(), table.snapshotFormat().extension(), runId, terminal.get(runId))));
            return results;
        }
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
