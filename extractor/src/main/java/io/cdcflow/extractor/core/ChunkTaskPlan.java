package io.cdcflow.extractor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@code parallel_chunks} run attempt divides its pending chunks into {@link ChunkTask}s, and
 * how it puts the tasks' results back together into the next layout. Pure.
 *
 * <p>A task is a run of consecutive pending chunks holding about {@code rowsPerTask} rows (by the
 * counts of the previous run). A task never ends on a chunk that shrank below half of {@code
 * partition_size}, so such a chunk can still be merged with its successor inside its task; chunks
 * already done by an earlier attempt of a resumed run end a task and are kept as they are. New chunk
 * ids must never repeat, and tasks cut new chunks independently: each task draws from an id block of
 * its own ({@value #IDS_PER_TASK} ids, far more pieces than a task can be cut into).
 *
 * @param start the layout the attempt starts from ({@link ChunkLayout#forRun})
 * @param groups the tasks, in key order
 */
public record ChunkTaskPlan(ChunkLayout start, List<Group> groups) {
    /** New chunk ids each task may use. */
    public static final long IDS_PER_TASK = 1L << 20;

    /**
     * The chunks of one task.
     *
     * @param index the task's index
     * @param from position of its first chunk in the start layout
     * @param to position after its last chunk
     */
    public record Group(int index, int from, int to) {
    }

    public ChunkTaskPlan {
        Objects.requireNonNull(start, "start");
        groups = List.copyOf(groups);
    }

    /**
     * Divides the pending chunks of {@code start} into tasks.
     *
     * @param partitionSize the table's {@code partition_size}
     * @param rowsPerTask rows a task should hold at least, by the stored counts
     */
    public static ChunkTaskPlan of(ChunkLayout start, int partitionSize, long rowsPerTask) {
        List<Chunk> chunks = start.chunks();
        List<Group> groups = new ArrayList<>();
        int from = -1;
        long rows = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            if (chunk.done()) {
                if (from >= 0) {
                    groups.add(new Group(groups.size(), from, i));
                    from = -1;
                }
                continue;
            }
            if (from < 0) {
                from = i;
                rows = 0;
            }
            rows += chunk.rows();
            boolean mergeCandidate = chunk.rows() < Math.max(1, partitionSize / 2);
            if (rows >= rowsPerTask && !mergeCandidate) {
                groups.add(new Group(groups.size(), from, i + 1));
                from = -1;
            }
        }
        if (from >= 0) {
            groups.add(new Group(groups.size(), from, chunks.size()));
        }
        return new ChunkTaskPlan(start, groups);
    }

    /** Number of tasks. */
    public int tasks() {
        return groups.size();
    }

    /** The layout task {@code index} reads: its chunks, its id block, the run of the start layout. */
    public ChunkLayout taskLayout(int index) {
        Group group = groups.get(index);
        return new ChunkLayout(start.digestMode(), firstId(index), start.chunks().subList(group.from(), group.to()),
                start.runId(), false);
    }

    /** The id after the last id block. */
    public long nextId() {
        return start.nextId() + groups.size() * IDS_PER_TASK;
    }

    /**
     * Whether a task's result stayed inside the task's id block.
     */
    public boolean withinIdBlock(int index, ChunkLayout result) {
        return result.chunks().stream().allMatch(c -> c.id() < start.nextId()
                || (c.id() >= firstId(index) && c.id() < firstId(index) + IDS_PER_TASK));
    }

    private long firstId(int index) {
        return start.nextId() + index * IDS_PER_TASK;
    }

    /**
     * The layout after the tasks in {@code results} are done, for progress: their chunks marked done,
     * the chunks of other tasks as they were. A re-executed run skips the chunks marked done.
     */
    public ChunkLayout progress(Map<Integer, ChunkTaskResult> results) {
        return new ChunkLayout(start.digestMode(), nextId(), assemble(results, true, new ArrayList<>()), start.runId(),
                false);
    }

    /**
     * The next layout once every task is done, and the chunks proven unchanged.
     *
     * @throws IllegalArgumentException if a task's result is missing or failed
     */
    public Outcome complete(Map<Integer, ChunkTaskResult> results) {
        for (Group group : groups) {
            ChunkTaskResult result = results.get(group.index());
            if (result == null || result.failed()) {
                throw new IllegalArgumentException("task " + group.index() + " is not done");
            }
        }
        List<Long> spared = new ArrayList<>();
        List<Chunk> chunks = assemble(results, false, spared).stream()
                .map(c -> new Chunk(c.id(), c.lower(), c.upper(), c.rows(), c.digest(), false, c.published()))
                .toList();
        return new Outcome(new ChunkLayout(start.digestMode(), nextId(), chunks, start.runId(), true),
                List.copyOf(spared));
    }

    /** The next layout and the chunks proven unchanged, for the END markers. */
    public record Outcome(ChunkLayout layout, List<Long> spared) {
    }

    private List<Chunk> assemble(Map<Integer, ChunkTaskResult> results, boolean pendingAllowed, List<Long> spared) {
        List<Chunk> chunks = start.chunks();
        List<Chunk> assembled = new ArrayList<>();
        int position = 0;
        for (Group group : groups) {
            for (; position < group.from(); position++) {
                addDone(chunks.get(position), assembled, spared);
            }
            ChunkTaskResult result = results.get(group.index());
            if (result != null && !result.failed()) {
                for (Chunk chunk : result.layout().chunks()) {
                    assembled.add(new Chunk(chunk.id(), chunk.lower(), chunk.upper(), chunk.rows(), chunk.digest(),
                            true, chunk.published()));
                }
                spared.addAll(result.spared());
            } else if (pendingAllowed) {
                assembled.addAll(chunks.subList(group.from(), group.to()));
            }
            position = group.to();
        }
        for (; position < chunks.size(); position++) {
            addDone(chunks.get(position), assembled, spared);
        }
        return assembled;
    }

    private static void addDone(Chunk chunk, List<Chunk> assembled, List<Long> spared) {
        assembled.add(chunk);
        if (!chunk.published()) {
            spared.add(chunk.id());
        }
    }
}
