package io.cdcflow.standalone.core;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableIds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a progress bar shows for each followed run: rows read against the rows expected, then
 * changes and files, from the run events. Pure; the CLI draws it.
 */
public final class ProgressView {
    private final Map<String, Snapshot> runs = new HashMap<>();

    /**
     * One run's display.
     *
     * @param expected rows expected (the table's last extracted count), or -1 when unknown
     * @param changes diffed, written or failed: the changes; else null
     * @param files written: the number of objects
     */
    public record Snapshot(String runId, String table, RunEvent.State state, long rows, long expected,
                           Counts changes, int files, String error) {
        /** The bar's maximum: the expected rows (at least the rows read), the rows once extracted, else -1. */
        public long max() {
            if (state.ordinal() >= RunEvent.State.EXTRACTED.ordinal() && state != RunEvent.State.FAILED) {
                return rows;
            }
            return expected >= 0 ? Math.max(expected, rows) : -1;
        }

        /** The text next to the bar: state, changes, files, error. */
        public String message() {
            StringBuilder text = new StringBuilder(state == RunEvent.State.PROGRESS ? "reading" : state.json());
            if (changes != null) {
                text.append(" +").append(changes.added()).append(" ~").append(changes.modified())
                        .append(" -").append(changes.deleted());
            }
            if (state == RunEvent.State.WRITTEN) {
                text.append(", ").append(files).append(files == 1 ? " file" : " files");
            }
            if (error != null) {
                text.append(": ").append(error);
            }
            return text.toString();
        }

        /** Whether the run has ended. */
        public boolean done() {
            return state.terminal();
        }
    }

    /**
     * Starts following a run.
     *
     * @param expectedRows rows expected, or -1 when unknown
     * @return its first display
     */
    public Snapshot track(String runId, String table, long expectedRows) {
        Snapshot first = new Snapshot(runId, table, RunEvent.State.REQUESTED, 0, expectedRows, null, 0, null);
        runs.put(runId, first);
        return first;
    }

    /** Applies an event; returns the run's new display, or empty for runs not followed or already ended. */
    public Optional<Snapshot> apply(RunEvent event) {
        Snapshot current = runs.get(event.runId());
        if (current == null || current.done() || event.state() == null) {
            return Optional.empty();
        }
        Counts counts = event.counts();
        long rows = current.rows();
        Counts changes = current.changes();
        if (counts != null) {
            switch (event.state()) {
                case PROGRESS, EXTRACTED -> rows = Math.max(rows, counts.rows());
                case DIFFED, WRITTEN, FAILED -> changes = counts;
                default -> { }
            }
        }
        // progress does not move a run back; a late progress after extracted changes only nothing
        RunEvent.State state = event.state() == RunEvent.State.PROGRESS
                && current.state().ordinal() > RunEvent.State.PROGRESS.ordinal() ? current.state() : event.state();
        int files = event.files() != null ? event.files().size() : current.files();
        Snapshot next = new Snapshot(current.runId(), current.table(), state, rows, current.expected(), changes,
                files, event.error() != null ? event.error() : current.error());
        runs.put(event.runId(), next);
        return Optional.of(next);
    }

    /**
     * The rows each table is expected to have: those of its most recent {@code extracted} event.
     *
     * @param history run events, oldest first
     * @return rows by {@code datasource.table}
     */
    public static Map<String, Long> expectedRows(List<RunEvent> history) {
        Map<String, Long> rows = new HashMap<>();
        for (RunEvent event : history) {
            if (event.state() == RunEvent.State.EXTRACTED && event.counts() != null && event.table() != null) {
                rows.put(TableIds.of(event.datasource(), event.table()), event.counts().rows());
            }
        }
        return rows;
    }
}
