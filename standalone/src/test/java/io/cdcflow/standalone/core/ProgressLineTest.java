package io.cdcflow.standalone.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.RunEvent.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static RunEvent event(State state) {
        return RunEvent.of("r1", "shop", "orders", state, Instant.EPOCH, "hash");
    }

    @Test
    void linesPerState() {
        Counts counts = new Counts(1000, 5, 3, 1, 991);
        assertThat(ProgressLine.of(event(State.STARTED))).isEqualTo("  orders: started");
        assertThat(ProgressLine.of(event(State.EXTRACTED).withCounts(new Counts(1000, 0, 0, 0, 0))))
                .isEqualTo("  orders: extracted 1000 rows");
        assertThat(ProgressLine.of(event(State.DIFFED).withCounts(counts))).isEqualTo("  orders: diffed +5 ~3 -1");
        assertThat(ProgressLine.of(event(State.WRITTEN).withCounts(counts).withFiles(List.of("a", "b", "c", "d"))))
                .isEqualTo("  orders: written +5 ~3 -1, 4 files");
        assertThat(ProgressLine.of(event(State.FAILED).withError("boom"))).isEqualTo("  orders: failed (boom)");
    }
}
