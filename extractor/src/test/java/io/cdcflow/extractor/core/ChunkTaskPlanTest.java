package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cdcflow.common.core.RowEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkTaskPlanTest {
    private static final RowEvent.RunAttempt ATTEMPT = new RowEvent.RunAttempt("shop", "orders", "run-7", "a-1",
            1_700_000_000_000L, "hash-partition");

    /** Chunks 1..n over integer keys 0, 100, 200, ..., with the given row counts. */
    private static ChunkLayout layout(long... rows) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            JsonNode lower = i == 0 ? null : bound(i * 100L);
            JsonNode upper = i == rows.length - 1 ? null : bound((i + 1) * 100L);
            chunks.add(new Chunk(i + 1, lower, upper, rows[i], "d" + (i + 1), false, false));
        }
        return new ChunkLayout("backend", rows.length + 1, chunks, "run-6", true);
    }

    private static JsonNode bound(long key) {
        return JsonNodeFactory.instance.arrayNode().add(key);
    }

    private static List<Long> ids(ChunkLayout layout) {
        return layout.chunks().stream().map(Chunk::id).toList();
    }

    @Test
    void groupsConsecutiveChunksOfAboutRowsPerTask() {
        ChunkLayout start = layout(100, 100, 100, 100, 100, 100, 100).forRun("run-7", "backend");

        ChunkTaskPlan plan = ChunkTaskPlan.of(start, 100, 300);

        assertThat(plan.groups()).containsExactly(new ChunkTaskPlan.Group(0, 0, 3), new ChunkTaskPlan.Group(1, 3, 6),
                new ChunkTaskPlan.Group(2, 6, 7));
        assertThat(ids(plan.taskLayout(1))).containsExactly(4L, 5L, 6L);
        assertThat(plan.taskLayout(0).nextId()).isEqualTo(8);
        assertThat(plan.taskLayout(1).nextId()).isEqualTo(8 + ChunkTaskPlan.IDS_PER_TASK);
        assertThat(plan.taskLayout(2).nextId()).isEqualTo(8 + 2 * ChunkTaskPlan.IDS_PER_TASK);
        assertThat(plan.nextId()).isEqualTo(8 + 3 * ChunkTaskPlan.IDS_PER_TASK);
        assertThat(plan.taskLayout(1).chunks()).allMatch(c -> !c.done() && c.digest() != null);
    }

    @Test
    void aTaskNeverEndsOnAChunkThatMayMergeWithItsSuccessor() {
        // chunk 3 shrank below half of partition_size: it stays in the task of chunk 4 so it can merge
        ChunkLayout start = layout(100, 200, 20, 100, 100).forRun("run-7", "backend");

        ChunkTaskPlan plan = ChunkTaskPlan.of(start, 100, 300);

        assertThat(plan.groups()).containsExactly(new ChunkTaskPlan.Group(0, 0, 2), new ChunkTaskPlan.Group(1, 2, 5));
    }

    @Test
    void chunksDoneByAnEarlierAttemptAreNotTasksAndStayInTheLayout() {
        ChunkLayout progress = new ChunkLayout("backend", 6, List.of(
                new Chunk(1, null, bound(100), 100, "d1", true, false),
                new Chunk(2, bound(100), bound(200), 100, "d2", true, true),
                new Chunk(3, bound(200), bound(300), 100, "d3", false, false),
                new Chunk(4, bound(300), bound(400), 100, "d4", true, false),
                new Chunk(5, bound(400), null, 100, "d5", false, false)), "run-7", false);
        ChunkTaskPlan plan = ChunkTaskPlan.of(progress.forRun("run-7", "backend"), 100, 1000);

        assertThat(plan.groups()).containsExactly(new ChunkTaskPlan.Group(0, 2, 3), new ChunkTaskPlan.Group(1, 4, 5));

        Map<Integer, ChunkTaskResult> results = new HashMap<>();
        results.put(0, result(plan, 0, List.of(new Chunk(3, bound(200), bound(300), 100, "d3", false, false)),
                List.of(3L)));
        long split = plan.taskLayout(1).nextId();
        results.put(1, result(plan, 1, List.of(
                new Chunk(split, bound(400), bound(500), 100, "n1", false, true),
                new Chunk(split + 1, bound(500), null, 90, "n2", false, true)), List.of()));

        ChunkTaskPlan.Outcome outcome = plan.complete(results);
        assertThat(ids(outcome.layout())).containsExactly(1L, 2L, 3L, 4L, split, split + 1);
        assertThat(outcome.layout().complete()).isTrue();
        assertThat(outcome.layout().chunks()).allMatch(c -> !c.done());
        assertThat(outcome.layout().nextId()).isEqualTo(plan.nextId());
        assertThat(outcome.spared()).containsExactlyInAnyOrder(1L, 3L, 4L);
    }

    @Test
    void progressMarksTheChunksOfFinishedTasksDoneAndKeepsTheOthersPending() {
        ChunkLayout start = layout(100, 100, 100, 100).forRun("run-7", "backend");
        ChunkTaskPlan plan = ChunkTaskPlan.of(start, 100, 200);
        Map<Integer, ChunkTaskResult> results = Map.of(1, result(plan, 1, List.of(
                new Chunk(3, bound(200), bound(300), 100, "x3", false, true),
                new Chunk(4, bound(300), null, 100, "d4", false, false)), List.of(4L)));

        ChunkLayout progress = plan.progress(results);

        assertThat(progress.complete()).isFalse();
        assertThat(progress.chunks()).extracting(Chunk::id, Chunk::done, Chunk::published)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, false, false),
                        org.assertj.core.groups.Tuple.tuple(2L, false, false),
                        org.assertj.core.groups.Tuple.tuple(3L, true, true),
                        org.assertj.core.groups.Tuple.tuple(4L, true, false));
        // the re-executed run skips the finished task's chunks and trusts nothing else it has not proven
        ChunkLayout resumed = ChunkLayout.parse(progress.toJson()).forRun("run-7", "backend");
        assertThat(ChunkTaskPlan.of(resumed, 100, 200).groups()).containsExactly(new ChunkTaskPlan.Group(0, 0, 2));
        assertThatThrownBy(() -> plan.complete(results)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task 0 is not done");
    }

    @Test
    void resultsOutsideTheirIdBlockAreRecognised() {
        ChunkTaskPlan plan = ChunkTaskPlan.of(layout(100, 100, 100, 100).forRun("run-7", "backend"), 100, 200);
        long foreign = plan.taskLayout(1).nextId();
        ChunkLayout stray = new ChunkLayout("backend", foreign + 1,
                List.of(new Chunk(foreign, null, bound(200), 200, "x", false, true)), "run-7", true);

        assertThat(plan.withinIdBlock(0, stray)).isFalse();
        assertThat(plan.withinIdBlock(1, stray)).isTrue();
    }

    @Test
    void tasksAndResultsSurviveTheirJson() {
        ChunkTaskPlan plan = ChunkTaskPlan.of(layout(100, 100, 100).forRun("run-7", "database"), 100, 100);
        ChunkTask task = new ChunkTask(ATTEMPT, 1, "abcd", plan.taskLayout(1));

        ChunkTask read = ChunkTask.parse(task.toJson());
        assertThat(read.attempt()).isEqualTo(ATTEMPT);
        assertThat(read.index()).isEqualTo(1);
        assertThat(read.schemaFingerprint()).isEqualTo("abcd");
        assertThat(read.layout().toJson()).isEqualTo(task.layout().toJson());
        assertThat(read.key()).isEqualTo("run-7#a-1#1");

        ChunkTaskResult done = ChunkTaskResult.done(task, "x-chunks-0", new long[] {3, 0, 5},
                plan.taskLayout(1), List.of(2L), 8);
        ChunkTaskResult doneRead = ChunkTaskResult.parse(done.toJson());
        assertThat(doneRead.partitionCounts()).containsExactly(3, 0, 5);
        assertThat(doneRead.layout().toJson()).isEqualTo(done.layout().toJson());
        assertThat(doneRead.spared()).containsExactly(2L);
        assertThat(doneRead.of("run-7", "a-1")).isTrue();
        assertThat(doneRead.of("run-7", "a-2")).isFalse();
        assertThat(doneRead.failed()).isFalse();

        ChunkTaskResult failed = ChunkTaskResult.parse(ChunkTaskResult.failed(task, "w", 3, "relation gone", false)
                .toJson());
        assertThat(failed.failed()).isTrue();
        assertThat(failed.error()).isEqualTo("relation gone");
        assertThat(failed.retriable()).isFalse();
        assertThat(failed.layout()).isNull();
        assertThatThrownBy(() -> ChunkTask.parse("{\"run_id\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a chunk task");
    }

    private static ChunkTaskResult result(ChunkTaskPlan plan, int index, List<Chunk> chunks, List<Long> spared) {
        ChunkTask task = new ChunkTask(ATTEMPT, index, "f", plan.taskLayout(index));
        return ChunkTaskResult.done(task, "w", new long[] {1, 2}, new ChunkLayout("backend",
                plan.taskLayout(index).nextId() + 2, chunks, "run-7", true), spared, 100);
    }
}
