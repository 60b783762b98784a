package io.cdcflow.differ.core;

import io.cdcflow.common.core.RowEvent;
import java.util.Set;

/**
 * The diff rules: how a row of a run compares with what state remembers of its key, and which keys
 * a finished run deletes.
 */
public final class RowDiffer {
    /** How one incoming row relates to state. */
    public enum Verdict {
        /** Key not in state: a new row. */
        ADDED,
        /** Key in state with another hash: the row changed. */
        MODIFIED,
        /** Key in state with the same hash, last seen by an earlier run: nothing changed. */
        UNCHANGED,
        /**
         * Key already seen by an earlier attempt of this run with this hash: a re-delivery; no change
         * (the state only learns the new attempt).
         */
        REPEATED,
        /**
         * Key already seen by this very attempt: the table holds two rows for one primary key (a
         * view, or a configured {@code primary_key} that is not unique). No change; the run fails.
         */
        DUPLICATE
    }

    private RowDiffer() {
    }

    /**
     * Classifies a row of run {@code runId}, attempt {@code attempt} ({@link RowState#attemptTag}), with
     * hash {@code hash} against the key's state.
     *
     * @param previous the key's state, or null if absent
     */
    public static Verdict classify(RowState previous, byte[] hash, String runId, long attempt) {
        if (previous == null) {
            return Verdict.ADDED;
        }
        if (previous.attempt() == attempt && previous.lastRunId().equals(runId)) {
            return Verdict.DUPLICATE;
        }
        if (!previous.sameHash(hash)) {
            return Verdict.MODIFIED;
        }
        return previous.lastRunId().equals(runId) ? Verdict.REPEATED : Verdict.UNCHANGED;
    }

    /**
     * Whether a key in state is deleted by the complete run {@code runId}: the run did not see it, and
     * it was not last seen in a chunk the run proved unchanged ({@code sparedChunks}, hash-partition).
     * Only methods that read the whole table (or the whole of every chunk not proven unchanged) may
     * delete.
     */
    public static boolean deletedBy(RowState state, String runId, Set<Long> sparedChunks) {
        return !state.lastRunId().equals(runId) && !sparedChunks.contains(state.chunk());
    }

    /**
     * Whether runs of this method account for the whole table (rows read, or chunks proven unchanged),
     * so that unseen keys are deletes.
     */
    public static boolean seesWholeTable(String method) {
        return "hash".equals(method) || "hash-partition".equals(method);
    }

    /**
     * The chunk to remember for a key: the row's own chunk in a hash-partition run; otherwise the one
     * remembered (a hash or timestamp run does not move a key out of its chunk).
     */
    public static long chunkOf(RowState previous, long rowChunk) {
        if (rowChunk != RowEvent.NO_CHUNK || previous == null) {
            return rowChunk;
        }
        return previous.chunk();
    }
}
