package io.cdcflow.standalone.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.RunEvent.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Folding at-least-once run events into runs, and the status table over them. */
class RunHistoryTest {
    private static final Instant T0 = Instant.parse("2024-12-15T14:30:22Z");

    static RunEvent event(String table, String runId, State state, long secondsAfterT0) {
        return RunEvent.of(runId, "shop", table, state, T0.plusSeconds(secondsAfterT0), "hash");
    }

    @Test
    void oneRunThroughItsStatesWithDuplicates() {
        RunHistory history = new RunHistory();
        history.add(event("orders", "r1", State.STARTED, 0));
        history.add(event("orders", "r1", State.EXTRACTED, 2).withCounts(new Counts(1000, 0, 0, 0, 0)));
        history.add(event("orders", "r1", State.EXTRACTED, 2).withCounts(new Counts(1000, 0, 0, 0, 0)));
        history.add(event("orders", "r1", State.DIFFED, 3).withCounts(new Counts(1000, 5, 3, 1, 991)));
        history.add(event("orders", "r1", State.WRITTEN, 4).withCounts(new Counts(1000, 5, 3, 1, 991))
                .withFiles(List.of("a", "b", "c", "d")));
        history.add(event("orders", "r1", State.WRITTEN, 9).withCounts(new Counts(1000, 5, 3, 1, 991))
                .withFiles(List.of("a", "b", "c", "d")));

        RunStatus run = history.recent(null, 10).get(0);
        assertThat(run.state()).isEqualTo(State.WRITTEN);
        assertThat(run.started()).isEqualTo(T0);
        assertThat(run.ended()).isEqualTo(T0.plusSeconds(4));
        assertThat(run.duration()).contains(Duration.ofSeconds(4));
        assertThat(run.rows()).isEqualTo(1000L);
        assertThat(run.changes()).isEqualTo(new Counts(1000, 5, 3, 1, 991));
        assertThat(run.files()).hasSize(4);
    }

    @Test
    void progressMovesTheRowsOfARunningRunButNotItsState() {
        RunHistory history = new RunHistory();
        history.add(event("orders", "r1", State.STARTED, 0));
        history.add(event("orders", "r1", State.PROGRESS, 2).withCounts(new Counts(500, 0, 0, 0, 0)));
        history.add(event("orders", "r1", State.PROGRESS, 4).withCounts(new Counts(900, 0, 0, 0, 0)));

        RunStatus run = history.recent(null, 10).get(0);
        assertThat(run.state()).isEqualTo(State.STARTED);
        assertThat(run.rows()).isEqualTo(900L);
        assertThat(run.ended()).isNull();
    }

    @Test
    void theFirstTerminalStateIsFinal() {
        RunHistory history = new RunHistory();
        history.add(event("orders", "r1", State.STARTED, 0));
        history.add(event("orders", "r1", State.FAILED, 1).withError("connection refused"));
        history.add(event("orders", "r1", State.STARTED, 5));

        RunStatus run = history.recent(null, 10).get(0);
        assertThat(run.state()).isEqualTo(State.FAILED);
        assertThat(run.error()).isEqualTo("connection refused");
        assertThat(run.ended()).isEqualTo(T0.plusSeconds(1));
        assertThat(run.changes()).isNull();
    }

    @Test
    void aRunningRunShowsItsLatestStateAndNoEnd() {
        RunHistory history = new RunHistory();
        history.add(event("orders", "r1", State.STARTED, 0));
        history.add(event("orders", "r1", State.EXTRACTED, 2).withCounts(new Counts(7, 0, 0, 0, 0)));

        RunStatus run = history.recent(null, 10).get(0);
        assertThat(run.state()).isEqualTo(State.EXTRACTED);
        assertThat(run.rows()).isEqualTo(7L);
        assertThat(run.changes()).isNull();
        assertThat(run.ended()).isNull();
        assertThat(run.duration()).isEmpty();
    }

    @Test
    void theSameRunIdOfTwoTablesIsTwoRunsNewestFirstFilteredAndLimited() {
        RunHistory history = new RunHistory();
        history.add(event("orders", "scheduled__1", State.STARTED, 0));
        history.add(event("customers", "scheduled__1", State.STARTED, 1));
        history.add(event("orders", "scheduled__2", State.STARTED, 60));
        history.add(event("customers", "scheduled__2", State.STARTED, 60));

        assertThat(history.recent(null, 10)).extracting(r -> r.table() + "/" + r.runId()).containsExactly(
                "customers/scheduled__2", "orders/scheduled__2", "customers/scheduled__1", "orders/scheduled__1");
        assertThat(history.recent("orders", 10)).extracting(RunStatus::runId)
                .containsExactly("scheduled__2", "scheduled__1");
        assertThat(history.recent(null, 1)).extracting(RunStatus::runId).containsExactly("scheduled__2");
    }

    @Test
    void aRunWithoutStartedEventStartsAtItsFirstEvent() {
        RunHistory history = new RunHistory();
        history.add(RunEvent.of("bad-1", null, "nope", State.FAILED, T0, null).withError("unknown table"));

        RunStatus run = history.recent(null, 10).get(0);
        assertThat(run.started()).isEqualTo(T0);
        assertThat(run.duration()).contains(Duration.ZERO);
        assertThat(run.datasource()).isNull();
    }

    @Test
    void statusTable() {
        RunHistory history = new RunHistory();
        history.add(event("orders", "r1", State.STARTED, 0));
        history.add(event("orders", "r1", State.EXTRACTED, 2).withCounts(new Counts(1000, 0, 0, 0, 0)));
        history.add(event("orders", "r1", State.WRITTEN, 125).withCounts(new Counts(1000, 5, 3, 1, 991))
                .withFiles(List.of("a", "b", "c", "d")));
        history.add(event("customers", "customers-2", State.STARTED, 200));
        history.add(event("customers", "customers-2", State.FAILED, 201).withError("table not found"));
        history.add(event("customers", "customers-3", State.STARTED, 300));

        assertThat(StatusTable.render(history.recent(null, 10))).isEqualTo(
                "TABLE      RUN ID       STATE    ROWS  ADDED  MODIFIED  DELETED  STARTED (UTC)        "
                        + "ENDED (UTC)          DURATION  FILES  ERROR\n"
                + "customers  customers-3  started     -      -         -        -  2024-12-15 14:35:22  "
                        + "-                           -      -\n"
                + "customers  customers-2  failed      -      -         -        -  2024-12-15 14:33:42  "
                        + "2024-12-15 14:33:43      1.0s      0  table not found\n"
                + "orders     r1           written  1000      5         3        1  2024-12-15 14:30:22  "
                        + "2024-12-15 14:32:27     2m05s      4\n");
    }
}
