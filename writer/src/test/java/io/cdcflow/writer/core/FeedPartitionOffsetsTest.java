package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedPartitionOffsetsTest {

    private final FeedPartitionOffsets offsets = new FeedPartitionOffsets();
    private final RunKey older = new RunKey("ds", "t", "r1");
    private final RunKey newer = new RunKey("ds", "t", "r2");

    @Test
    void nothingToCommitBeforeTheFirstMessage() {
        assertThat(offsets.committable()).isEmpty();
    }

    @Test
    void withoutOpenRunsThePositionAfterTheLastMessageIsCommitted() {
        offsets.processed(7);
        offsets.processed(8);

        assertThat(offsets.committable()).hasValue(9);
    }

    @Test
    void theOldestOpenRunHoldsTheCommitBack() {
        offsets.opened(older, 10);
        offsets.processed(10);
        offsets.opened(newer, 11);
        offsets.processed(11);
        offsets.opened(older, 12);
        offsets.processed(12);
        assertThat(offsets.committable()).hasValue(10);

        offsets.closed(older);
        assertThat(offsets.committable()).hasValue(11);

        offsets.processed(13);
        offsets.closed(newer);
        assertThat(offsets.committable()).hasValue(14);
    }

    @Test
    void aLaterRunFinishingFirstDoesNotMoveTheCommitPastAnOlderOne() {
        offsets.opened(older, 3);
        offsets.opened(newer, 5);
        offsets.processed(9);
        offsets.closed(newer);

        assertThat(offsets.committable()).hasValue(3);
    }
}
