package io.cdcflow.extractor.core;

import java.util.Arrays;

/**
 * Rows sent to each partition of the rows topic during one run attempt, with the counts as of the
 * last committed transaction kept apart, so that an aborted transaction's rows can be taken back.
 * Not thread-safe.
 */
public final class PartitionCounts {
    private final long[] counts;
    private final long[] committed;

    /** Zero counts for {@code partitions} partitions. */
    public PartitionCounts(int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
        this.counts = new long[partitions];
        this.committed = new long[partitions];
    }

    /** Counts one row sent to {@code partition}. */
    public void add(int partition) {
        counts[partition]++;
    }

    /** The rows counted so far are committed. */
    public void commit() {
        System.arraycopy(counts, 0, committed, 0, counts.length);
    }

    /** Forgets the rows counted since the last {@link #commit()} (their transaction was aborted). */
    public void rollback() {
        System.arraycopy(committed, 0, counts, 0, counts.length);
    }

    /**
     * Adds rows others committed for this attempt (chunk tasks), per partition.
     *
     * @throws IllegalArgumentException if {@code rows} has another partition count
     */
    public void addCommitted(long[] rows) {
        if (rows.length != counts.length) {
            throw new IllegalArgumentException("counts for " + rows.length + " partitions, expected " + counts.length);
        }
        for (int partition = 0; partition < rows.length; partition++) {
            counts[partition] += rows[partition];
            committed[partition] += rows[partition];
        }
    }

    /** Rows sent to each partition. */
    public long[] toArray() {
        return counts.clone();
    }

    /** Rows sent to {@code partition}. */
    public long of(int partition) {
        return counts[partition];
    }

    /** Number of partitions. */
    public int partitions() {
        return counts.length;
    }

    /** Rows sent to all partitions. */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public String toString() {
        return Arrays.toString(counts);
    }
}
