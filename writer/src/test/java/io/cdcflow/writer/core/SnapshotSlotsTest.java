package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotSlotsTest {

    private static final long START_MS = Instant.parse("2024-12-15T14:30:22.500Z").toEpochMilli();
    private static final SnapshotTimestamp SECOND = SnapshotTimestamp.ofRunStart(START_MS);

    private final Map<SnapshotTimestamp, RunSummary> stored = new HashMap<>();
    private final List<SnapshotTimestamp> looked = new ArrayList<>();

    private SnapshotSlots.Slot find(String runId) {
        return SnapshotSlots.find(runId, START_MS, timestamp -> {
            looked.add(timestamp);
            return Optional.ofNullable(stored.get(timestamp));
        });
    }

    @Test
    void aFreeStartSecondNamesTheSet() {
        assertThat(find("r1")).isEqualTo(new SnapshotSlots.Free(SECOND));
        assertThat(looked).containsExactly(SECOND);
    }

    @Test
    void secondsTakenByOtherRunsAreSkipped() {
        stored.put(SECOND, summaryOf("r0"));
        stored.put(SECOND.next(), summaryOf("r9"));

        assertThat(find("r1")).isEqualTo(new SnapshotSlots.Free(SECOND.next().next()));
        assertThat(looked).containsExactly(SECOND, SECOND.next(), SECOND.next().next());
    }

    @Test
    void theRunsOwnSummaryMeansWrittenBefore() {
        stored.put(SECOND, summaryOf("r0"));
        stored.put(SECOND.next(), summaryOf("r1"));

        assertThat(find("r1")).isEqualTo(new SnapshotSlots.WrittenBefore(SECOND.next(), summaryOf("r1")));
    }

    private static RunSummary summaryOf(String runId) {
        return new RunSummary(runId, "ds", "t", "hash", "x", Instant.ofEpochMilli(START_MS), RunSummary.COMPLETE,
                null, new RunSummary.Changes(0, 0, 0), 0, 0, "json", null, List.of(), null);
    }
}
