package io.cdcflow.writer.core;

import java.util.Optional;

/**
 * Chooses the second that names a run's snapshot set. A set is named after the second its run
 * started; if that second's summary belongs to another run (two runs of a table started in the same
 * second), the next second is tried, and so on. A summary of the same run means the set was written
 * before: a re-delivery, nothing to write.
 *
 * <p>Seconds are taken in order from the run's start, so a run's set is always found by walking from
 * its start up to the first second without a summary.
 */
public final class SnapshotSlots {

    /** Reads the summary of the table's set at a second, if there is one. */
    @FunctionalInterface
    public interface SummaryLookup {
        /** The summary stored for {@code timestamp}, or empty if none. */
        Optional<RunSummary> summaryAt(SnapshotTimestamp timestamp);
    }

    /** Where a run's set goes. */
    public sealed interface Slot {
        /** The second naming the set. */
        SnapshotTimestamp timestamp();
    }

    /**
     * No set is stored for the run: write it at {@code timestamp}.
     *
     * @param timestamp the first second from the run's start without a summary
     */
    public record Free(SnapshotTimestamp timestamp) implements Slot {
    }

    /**
     * The run's set is already stored, complete with its summary.
     *
     * @param timestamp the second naming the stored set
     * @param summary its summary
     */
    public record WrittenBefore(SnapshotTimestamp timestamp, RunSummary summary) implements Slot {
    }

    private SnapshotSlots() {
    }

    /**
     * Finds the slot of a run.
     *
     * @param runId the run
     * @param runStartedMs the run's start, epoch milliseconds
     * @param lookup reads stored summaries of the run's table; its exceptions propagate
     */
    public static Slot find(String runId, long runStartedMs, SummaryLookup lookup) {
        SnapshotTimestamp candidate = SnapshotTimestamp.ofRunStart(runStartedMs);
        while (true) {
            Optional<RunSummary> stored = lookup.summaryAt(candidate);
            if (stored.isEmpty()) {
                return new Free(candidate);
            }
            if (stored.get().runId().equals(runId)) {
                return new WrittenBefore(candidate, stored.get());
            }
            candidate = candidate.next();
        }
    }
}
