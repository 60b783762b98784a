package io.cdcflow.standalone.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressViewTest {
    private static final Instant AT = Instant.parse("2024-12-15T14:30:22Z");

    @Test
    void rowsAgainstTheExpectedThenChangesAndFiles() {
        ProgressView view = new ProgressView();
        ProgressView.Snapshot first = view.track("r1", "items", 30);
        assertThat(first.max()).isEqualTo(30);
        assertThat(first.message()).isEqualTo("requested");

        ProgressView.Snapshot started = view.apply(event(RunEvent.State.STARTED, null)).orElseThrow();
        assertThat(started.message()).isEqualTo("started");
        ProgressView.Snapshot reading = view.apply(event(RunEvent.State.PROGRESS, rows(12))).orElseThrow();
        assertThat(reading.rows()).isEqualTo(12);
        assertThat(reading.max()).isEqualTo(30);
        assertThat(reading.message()).isEqualTo("reading");

        ProgressView.Snapshot extracted = view.apply(event(RunEvent.State.EXTRACTED, rows(32))).orElseThrow();
        assertThat(extracted.rows()).isEqualTo(32);
        assertThat(extracted.max()).isEqualTo(32);
        ProgressView.Snapshot late = view.apply(event(RunEvent.State.PROGRESS, rows(20))).orElseThrow();
        assertThat(late.state()).isEqualTo(RunEvent.State.EXTRACTED);
        assertThat(late.rows()).isEqualTo(32);

        ProgressView.Snapshot diffed = view.apply(event(RunEvent.State.DIFFED, new Counts(32, 2, 1, 3, 29)))
                .orElseThrow();
        assertThat(diffed.message()).isEqualTo("diffed +2 ~1 -3");
        ProgressView.Snapshot written = view.apply(event(RunEvent.State.WRITTEN, new Counts(32, 2, 1, 3, 29))
                .withFiles(List.of("a", "b", "c", "d"))).orElseThrow();
        assertThat(written.message()).isEqualTo("written +2 ~1 -3, 4 files");
        assertThat(written.done()).isTrue();
        assertThat(view.apply(event(RunEvent.State.WRITTEN, null))).as("after the end").isEmpty();
    }

    @Test
    void unknownTotalUntilExtractedAndFailures() {
        ProgressView view = new ProgressView();
        view.track("r1", "items", -1);
        assertThat(view.apply(event(RunEvent.State.PROGRESS, rows(5))).orElseThrow().max()).isEqualTo(-1);
        ProgressView.Snapshot failed = view.apply(event(RunEvent.State.FAILED, rows(5))
                .withError("connection refused")).orElseThrow();
        assertThat(failed.message()).isEqualTo("failed +0 ~0 -0: connection refused");
        assertThat(failed.max()).isEqualTo(-1);
        assertThat(failed.done()).isTrue();
        assertThat(view.apply(RunEvent.of("other", "ds", "t", RunEvent.State.STARTED, AT, "hash"))).isEmpty();
    }

    @Test
    void expectedRowsAreThoseOfTheLastExtraction() {
        List<RunEvent> history = List.of(
                RunEvent.of("a", "ds", "items", RunEvent.State.EXTRACTED, AT, "hash").withCounts(rows(10)),
                RunEvent.of("b", "ds", "items", RunEvent.State.PROGRESS, AT, "hash").withCounts(rows(99)),
                RunEvent.of("b", "ds", "items", RunEvent.State.EXTRACTED, AT, "hash").withCounts(rows(12)),
                RunEvent.of("c", "ds", "other", RunEvent.State.STARTED, AT, "hash"));
        assertThat(ProgressView.expectedRows(history)).containsExactly(java.util.Map.entry("ds.items", 12L));
    }

    private static RunEvent event(RunEvent.State state, Counts counts) {
        RunEvent event = RunEvent.of("r1", "ds", "items", state, AT, "hash");
        return counts == null ? event : event.withCounts(counts);
    }

    private static Counts rows(long rows) {
        return new Counts(rows, 0, 0, 0, 0);
    }
}
