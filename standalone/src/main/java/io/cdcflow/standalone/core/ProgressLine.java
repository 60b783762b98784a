package io.cdcflow.standalone.core;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;

/** One line of progress per run event: {@code "  orders: extracted 1000 rows"}. */
public final class ProgressLine {
    private ProgressLine() {
    }

    /** The line for an event: table, state, and what the state reports (rows, changes, files, error). */
    public static String of(RunEvent event) {
        StringBuilder line = new StringBuilder("  ").append(event.table()).append(": ").append(event.state().json());
        Counts c = event.counts();
        if (c != null) {
            line.append(switch (event.state()) {
                case EXTRACTED, PROGRESS -> " " + c.rows() + " rows";
                case DIFFED, WRITTEN, FAILED -> " +" + c.added() + " ~" + c.modified() + " -" + c.deleted();
                default -> "";
            });
        }
        if (event.state() == RunEvent.State.WRITTEN && event.files() != null) {
            line.append(", ").append(event.files().size()).append(event.files().size() == 1 ? " file" : " files");
        }
        if (event.error() != null) {
            line.append(" (").append(event.error()).append(')');
        }
        return line.toString();
    }
}
