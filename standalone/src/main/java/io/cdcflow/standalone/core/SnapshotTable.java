package io.cdcflow.standalone.core;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders snapshot sets as a fixed-width text table, one set per line: timestamp (UTC), run id,
 * status, counts, files and bytes. Numbers are right-aligned; a missing value is {@code -}.
 */
public final class SnapshotTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"TIMESTAMP (UTC)", "RUN ID", "STATUS", "ADDED", "MODIFIED", "DELETED",
        "FILES", "BYTES"};
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, true};
    private static final String NONE = "-";

    private SnapshotTable() {
    }

    /**
     * A listed set.
     *
     * @param set the set
     * @param summary its summary, {@link SnapshotSummary#MISSING} when it has none
     */
    public record Row(SnapshotSet set, SnapshotSummary summary) {
    }

    /** The table with a header line; lines end with {@code \n} and carry no trailing spaces. */
    public static String render(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row row : rows) {
            SnapshotSummary summary = row.summary();
            cells.add(new String[] {
                TIME.format(row.set().instant()),
                orNone(summary.runId()),
                orNone(summary.status()),
                orNone(summary.added()),
                orNone(summary.modified()),
                orNone(summary.deleted()),
                Integer.toString(row.set().fileCount()),
                Long.toString(row.set().totalBytes())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                if (i > 0) {
                    text.append("  ");
                }
                String pad = " ".repeat(widths[i] - line[i].length());
                text.append(RIGHT[i] ? pad + line[i] : line[i] + pad);
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String orNone(Object value) {
        return value == null ? NONE : value.toString();
    }
}
