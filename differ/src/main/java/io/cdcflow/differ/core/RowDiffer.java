package io.cdcflow.differ.core;

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
        /** Key already seen by this run with this hash: a re-delivery; nothing to do, not even a write. */
        REPEATED
    }

    private RowDiffer() {
    }

    /**
     * Classifies a row of run {@code runId} with hash {@code hash} against the key's state.
     *
     * @param previous the key's state, or null if absent
     */
    public static Verdict classify(RowState previous, byte[] hash, String runId) {
        if (previous == null) {
            return Verdict.ADDED;
        }
        if (!previous.sameHash(hash)) {
            return Verdict.MODIFIED;
        }
        return previous.lastRunId().equals(runId) ? Verdict.REPEATED : Verdict.UNCHANGED;
    }

    /**
     * Whether a key in state is deleted by the complete run {@code runId}: it was not seen by the run.
     * Only methods that read the whole table (or the whole of every changed chunk) may delete.
     */
    public static boolean deletedBy(RowState state, String runId) {
        return !state.lastRunId().equals(runId);
    }

    /** Whether runs of this method see the whole table, so that unseen keys are deletes. */
    public static boolean seesWholeTable(String method) {
        return "hash".equals(method);
    }
}
