package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The progress bars as the library renders them, captured instead of drawn on a terminal. */
class RunDisplayTest {
    private static final Instant AT = Instant.parse("2024-12-15T14:30:22Z");

    @Test
    void aBarShowsRowsOfTheExpectedThenTheOutcome() {
        List<String> rendered = new CopyOnWriteArrayList<>();
        try (RunDisplay display = RunDisplay.bars(new DelegatingProgressBarConsumer(rendered::add, 120))) {
            display.track("r1", "items", 30);
            display.accept(RunEvent.of("r1", "ds", "items", RunEvent.State.PROGRESS, AT, "hash")
                    .withCounts(new Counts(12, 0, 0, 0, 0)));
            display.accept(RunEvent.of("r1", "ds", "items", RunEvent.State.EXTRACTED, AT, "hash")
                    .withCounts(new Counts(30, 0, 0, 0, 0)));
            display.accept(RunEvent.of("r1", "ds", "items", RunEvent.State.WRITTEN, AT, "hash")
                    .withCounts(new Counts(30, 2, 1, 0, 27)).withFiles(List.of("a", "b", "c", "d")));
        }
        String last = rendered.get(rendered.size() - 1);
        assertThat(last).startsWith("items 100%").contains("30/30 rows").endsWith("written +2 ~1 -0, 4 files");
    }

    @Test
    void linesForPipes() {
        java.io.StringWriter out = new java.io.StringWriter();
        try (RunDisplay display = RunDisplay.lines(new java.io.PrintWriter(out))) {
            display.track("r1", "items", 30);
            display.accept(RunEvent.of("r1", "ds", "items", RunEvent.State.PROGRESS, AT, "hash")
                    .withCounts(new Counts(12, 0, 0, 0, 0)));
        }
        assertThat(out.toString().lines()).containsExactly("  items: progress 12 rows");
    }
}
