package io.cdcflow.standalone.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders runs as a fixed-width text table, one run per line. Numbers are right-aligned; a value
 * not reported yet is {@code -}; times are UTC to the second.
 */
public final class StatusTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"TABLE", "RUN ID", "STATE", "ROWS", "ADDED", "MODIFIED", "DELETED",
        "STARTED (UTC)", "ENDED (UTC)", "DURATION", "FILES", "ERROR"};
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, false, false, true, true,
        false};
    private static final String NONE = "-";

    private StatusTable() {
    }

    /** The table with a header line; lines end with {@code \n} and carry no trailing spaces. */
    public static String render(List<RunStatus> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunStatus run : runs) {
            rows.add(new String[] {
                run.table(),
                run.runId(),
                run.state().json(),
                run.rows() == null ? NONE : Long.toString(run.rows()),
                run.changes() == null ? NONE : Long.toString(run.changes().added()),
                run.changes() == null ? NONE : Long.toString(run.changes().modified()),
                run.changes() == null ? NONE : Long.toString(run.changes().deleted()),
                time(run.started()),
                time(run.ended()),
                run.duration().map(DurationText::format).orElse(NONE),
                run.ended() == null ? NONE : Integer.toString(run.files().size()),
                run.error() == null ? "" : run.error()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(RIGHT[i] ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? NONE : TIME.format(instant);
    }
}
