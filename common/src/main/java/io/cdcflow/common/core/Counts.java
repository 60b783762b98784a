package io.cdcflow.common.core;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Row and change counts of a run (or of one partition's part of it).
 *
 * @param rows rows the differ received
 * @param added rows new to state
 * @param modified rows whose hash changed
 * @param deleted keys in state the complete run did not see
 * @param unchanged rows whose hash did not change
 */
public record Counts(
        @JsonProperty("rows") long rows,
        @JsonProperty("added") long added,
        @JsonProperty("modified") long modified,
        @JsonProperty("deleted") long deleted,
        @JsonProperty("unchanged") long unchanged) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    public Counts plus(Counts other) {
        return new Counts(rows + other.rows, added + other.added, modified + other.modified,
                deleted + other.deleted, unchanged + other.unchanged);
    }

    /** The count of changes of one operation. */
    public long of(Operation op) {
        return switch (op) {
            case ADDED -> added;
            case MODIFIED -> modified;
            case DELETED -> deleted;
        };
    }
}
