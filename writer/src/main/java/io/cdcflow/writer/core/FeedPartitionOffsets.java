package io.cdcflow.writer.core;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The offset the writer may commit for one feed partition: the first offset of its oldest unfinished
 * run (re-consumption from there rebuilds that run's spill files), or, when no run is open, the
 * position after the last processed message. Committing this never skips a message an unwritten run
 * needs. Not thread-safe.
 */
public final class FeedPartitionOffsets {
    private final Map<RunKey, Long> openRunFirstOffsets = new HashMap<>();
    private long nextOffset = -1;

    /** Records that a run's first message in this partition is at {@code offset}. */
    public void opened(RunKey run, long offset) {
        openRunFirstOffsets.putIfAbsent(run, offset);
    }

    /** Records that a run is written (or given up) and no longer needs its messages. */
    public void closed(RunKey run) {
        openRunFirstOffsets.remove(run);
    }

    /** Records that the message at {@code offset} has been handled. */
    public void processed(long offset) {
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    /** The offset to commit, or empty before any message was processed. */
    public OptionalLong committable() {
        OptionalLong oldestOpen = openRunFirstOffsets.values().stream().mapToLong(Long::longValue).min();
        if (oldestOpen.isPresent()) {
            return oldestOpen;
        }
        return nextOffset < 0 ? OptionalLong.empty() : OptionalLong.of(nextOffset);
    }
}
