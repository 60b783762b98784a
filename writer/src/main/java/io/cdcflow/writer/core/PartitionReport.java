package io.cdcflow.writer.core;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;

/**
 * What the differ reported for one rows-topic partition's part of a run.
 *
 * @param partition the rows-topic partition
 * @param status {@value FeedMessage#COMPLETE}, or why the partition's part is incomplete
 * @param counts the partition's counts
 */
public record PartitionReport(int partition, String status, Counts counts) {

    /** Whether the partition's part of the run is complete. */
    public boolean complete() {
        return FeedMessage.COMPLETE.equals(status);
    }
}
