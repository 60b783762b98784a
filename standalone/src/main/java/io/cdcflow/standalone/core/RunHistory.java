package io.cdcflow.standalone.core;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds run events (at-least-once, in topic order per table) into one {@link RunStatus} per run.
 * A run is identified by table and run id together: Airflow passes the same run id for every table
 * of a DAG run. Duplicated events change nothing; the first terminal event is final.
 */
public final class RunHistory {
    private final Map<List<String>, Builder> runs = new LinkedHashMap<>();

    /** Adds one event. */
    public void add(RunEvent event) {
        if (event.runId() == null || event.table() == null || event.state() == null) {
            return;
        }
        runs.computeIfAbsent(List.of(event.table(), event.runId()), key -> new Builder(event)).add(event);
    }

    /**
     * The runs, most recently started first (ties: by table, then run id).
     *
     * @param table only this table's runs, or null for all
     * @param limit at most this many
     */
    public List<RunStatus> recent(String table, int limit) {
        return runs.values().stream()
                .map(Builder::build)
                .filter(run -> table == null || table.equals(run.table()))
                .sorted(Comparator.comparing(RunStatus::started, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(RunStatus::table)
                        .thenComparing(RunStatus::runId))
                .limit(limit)
                .toList();
    }

    private static final class Builder {
        private final String table;
        private final String runId;
        private String datasource;
        private RunEvent latest;
        private RunEvent terminal;
        private Instant firstAt;
        private Instant startedAt;
        private Long rows;
        private Counts changes;

        Builder(RunEvent first) {
            this.table = first.table();
            this.runId = first.runId();
        }

        void add(RunEvent event) {
            if (datasource == null) {
                datasource = event.datasource();
            }
            if (event.at() != null && (firstAt == null || event.at().isBefore(firstAt))) {
                firstAt = event.at();
            }
            if (event.state() == RunEvent.State.STARTED && startedAt == null) {
                startedAt = event.at();
            }
            Counts counts = event.counts();
            if (counts != null) {
                rows = rows == null ? counts.rows() : Math.max(rows, counts.rows());
                if (event.state() == RunEvent.State.DIFFED || event.state().terminal()) {
                    if (terminal == null) {
                        changes = counts;
                    }
                }
            }
            if (terminal != null) {
                return;
            }
            // progress is no state of its own: it only moves the row count (above)
            if (event.state() == RunEvent.State.PROGRESS && latest != null) {
                return;
            }
            latest = event;
            if (event.state().terminal()) {
                terminal = event;
            }
        }

        RunStatus build() {
            RunEvent last = Objects.requireNonNullElse(terminal, latest);
            return new RunStatus(datasource, table, runId, last.state(),
                    startedAt != null ? startedAt : firstAt,
                    terminal == null ? null : terminal.at(),
                    rows, changes,
                    terminal == null || terminal.files() == null ? List.of() : new ArrayList<>(terminal.files()),
                    terminal == null ? null : terminal.error());
        }
    }
}
