package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionCountsTest {
    @Test
    void countsPerPartitionAndInTotal() {
        PartitionCounts counts = new PartitionCounts(3);
        counts.add(0);
        counts.add(2);
        counts.add(2);

        assertThat(counts.partitions()).isEqualTo(3);
        assertThat(counts.of(0)).isEqualTo(1);
        assertThat(counts.of(1)).isZero();
        assertThat(counts.of(2)).isEqualTo(2);
        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts).hasToString("[1, 0, 2]");
        assertThatThrownBy(() -> new PartitionCounts(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rollbackForgetsTheRowsSinceTheLastCommit() {
        PartitionCounts counts = new PartitionCounts(2);
        counts.add(0);
        counts.add(1);
        counts.commit();
        counts.add(1);
        counts.add(1);

        counts.rollback();

        assertThat(counts).hasToString("[1, 1]");
        assertThat(counts.total()).isEqualTo(2);
    }

    @Test
    void rowsCommittedByChunkTasksAddUpAndSurviveARollback() {
        PartitionCounts counts = new PartitionCounts(3);
        counts.add(1);
        counts.addCommitted(new long[] {5, 0, 7});
        counts.addCommitted(new long[] {1, 2, 3});

        assertThat(counts.toArray()).containsExactly(6, 3, 10);
        counts.rollback();
        assertThat(counts.toArray()).as("the uncommitted row is taken back, the tasks' rows stay")
                .containsExactly(6, 2, 10);
        assertThatThrownBy(() -> counts.addCommitted(new long[] {1, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("counts for 2 partitions, expected 3");
    }
}
