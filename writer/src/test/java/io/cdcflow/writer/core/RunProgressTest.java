package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.SchemaChange;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    private final RunProgress progress = new RunProgress(new RunKey("ds", "t", "r1"), 1000L, "hash");

    @Test
    void aRunIsFinishedWhenEveryPartitionReported() {
        progress.partitionDone(done("r1", 2, 3, "complete", new Counts(10, 1, 2, 3, 4), null));
        progress.partitionDone(done("r1", 0, 3, "complete", new Counts(5, 1, 0, 0, 4), "{schema}"));
        assertThat(progress.finished()).isFalse();

        progress.partitionDone(done("r1", 1, 3, "complete", Counts.ZERO, "{other}"));

        assertThat(progress.finished()).isTrue();
        assertThat(progress.complete()).isTrue();
        assertThat(progress.incompleteReason()).isEmpty();
        assertThat(progress.counts()).isEqualTo(new Counts(15, 2, 2, 3, 8));
        assertThat(progress.schemaJson()).contains("{schema}");
    }

    @Test
    void aSchemaChangeReportedByAPartitionIsTheRunsSchemaChange() {
        progress.partitionDone(done("r1", 0, 2, "complete", Counts.ZERO, "{schema}"));
        assertThat(progress.schemaChange()).isEmpty();
        SchemaChange change = new SchemaChange("00000000000000aa", "00000000000000bb");
        progress.partitionDone(new FeedMessage(FeedMessage.PARTITION_DONE, "ds", "t", "r1", 1000L, "hash", null, null,
                1, 2, "complete", Counts.ZERO, "{schema}", change));

        assertThat(progress.schemaChange()).contains(change);
    }

    @Test
    void aRepeatedReportDoesNotCountTwice() {
        progress.partitionDone(done("r1", 0, 2, "complete", new Counts(1, 1, 0, 0, 0), null));
        progress.partitionDone(done("r1", 0, 2, "complete", new Counts(1, 1, 0, 0, 0), null));

        assertThat(progress.finished()).isFalse();
        assertThat(progress.counts()).isEqualTo(new Counts(1, 1, 0, 0, 0));
    }

    @Test
    void incompletePartitionsMakeTheRunIncompleteWithTheirReasons() {
        progress.partitionDone(done("r1", 1, 3, "row count mismatch: expected 5, got 4", Counts.ZERO, null));
        progress.partitionDone(done("r1", 0, 3, "complete", Counts.ZERO, null));
        progress.partitionDone(done("r1", 2, 3, null, Counts.ZERO, null));

        assertThat(progress.finished()).isTrue();
        assertThat(progress.complete()).isFalse();
        assertThat(progress.incompleteReason())
                .contains("partition 1: row count mismatch: expected 5, got 4; partition 2: no status reported");
    }

    @Test
    void partitionsWithTheSameReasonAreNamedTogether() {
        progress.partitionDone(done("r1", 2, 3, "refused: run id r1 was reused", Counts.ZERO, null));
        progress.partitionDone(done("r1", 0, 3, "refused: run id r1 was reused", Counts.ZERO, null));
        progress.partitionDone(done("r1", 1, 3, "extraction failed: boom", Counts.ZERO, null));

        assertThat(progress.incompleteReason())
                .contains("partitions 0, 2: refused: run id r1 was reused; partition 1: extraction failed: boom");
    }

    @Test
    void reportsOfAnotherRunOrWithoutPartitionsAreRejected() {
        assertThatThrownBy(() -> progress.partitionDone(done("r2", 0, 1, "complete", Counts.ZERO, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> progress.partitionDone(new FeedMessage(FeedMessage.PARTITION_DONE, "ds", "t", "r1",
                1000L, "hash", null, null, null, null, "complete", Counts.ZERO, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static FeedMessage done(String runId, int partition, int partitions, String status, Counts counts, String schema) {
        return new FeedMessage(FeedMessage.PARTITION_DONE, "ds", "t", runId, 1000L, "hash", null, null, partition,
                partitions, status, counts, schema);
    }
}
