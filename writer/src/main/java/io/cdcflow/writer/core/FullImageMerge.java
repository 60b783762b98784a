package io.cdcflow.writer.core;

import io.cdcflow.common.core.Operation;
import java.io.IOException;

/**
 * Builds a table's full image from the previous one and one run's changes, both in
 * {@link FullImageEntry#KEY_ORDER}, in one pass: a changed key takes its change (added and modified
 * rows replace the old row, a deleted row is left out), an unchanged key keeps its row. Holds one
 * entry of each input at a time, so memory does not depend on the table's size.
 */
public final class FullImageMerge {

    /** Entries in key order, one at a time. */
    @FunctionalInterface
    public interface Source {
        /** The next entry, or null at the end. */
        FullImageEntry next() throws IOException;
    }

    /** Receives the rows of the new image in key order. */
    @FunctionalInterface
    public interface Sink {
        /** One row of the new image. */
        void accept(FullImageEntry row) throws IOException;
    }

    private FullImageMerge() {
    }

    /**
     * Merges.
     *
     * @param previous the previous image: keys strictly increasing, no deletes
     * @param changes this run's changes: keys strictly increasing (one change per key)
     * @param sink gets the new image
     * @return the rows of the new image
     * @throws IllegalStateException if an input is out of order
     */
    public static long merge(Source previous, Source changes, Sink sink) throws IOException {
        Ordered base = new Ordered(previous, "previous full image");
        Ordered change = new Ordered(changes, "changes");
        FullImageEntry b = base.next();
        FullImageEntry c = change.next();
        long rows = 0;
        while (b != null || c != null) {
            int order = b == null ? 1 : c == null ? -1 : FullImageEntry.KEY_ORDER.compare(b.key(), c.key());
            if (order < 0) {
                sink.accept(b);
                rows++;
                b = base.next();
                continue;
            }
            if (c.operation() != Operation.DELETED) {
                sink.accept(c);
                rows++;
            }
            if (order == 0) {
                b = base.next();
            }
            c = change.next();
        }
        return rows;
    }

    /** Checks that keys strictly increase: a state out of order would silently duplicate rows. */
    private static final class Ordered {
        private final Source source;
        private final String name;
        private String last;

        Ordered(Source source, String name) {
            this.source = source;
            this.name = name;
        }

        FullImageEntry next() throws IOException {
            FullImageEntry entry = source.next();
            if (entry != null) {
                if (last != null && FullImageEntry.KEY_ORDER.compare(last, entry.key()) >= 0) {
                    throw new IllegalStateException(name + " out of key order: " + entry.key() + " after " + last);
                }
                last = entry.key();
            }
            return entry;
        }
    }
}
