package io.cdcflow.extractor.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an extractor instance did with a {@link ChunkTask}, committed in the transaction that
 * commits the task's rows: so the rows it counts are exactly the rows committed.
 *
 * @param runId the task's run
 * @param attempt the task's attempt
 * @param index the task's index
 * @param worker the instance and thread that did it, for logs
 * @param partitionCounts rows published to each rows-topic partition
 * @param layout the task's chunks after the read (split, merged, digested), in key order, or null
 *     when the task failed
 * @param spared ids of the task's chunks proven unchanged
 * @param rowsRead rows read from the database
 * @param error why the task failed (secret-free), or null
 * @param retriable whether a new attempt may succeed where this one failed
 */
public record ChunkTaskResult(String runId, String attempt, int index, String worker, long[] partitionCounts,
                              ChunkLayout layout, List<Long> spared, long rowsRead, String error, boolean retriable) {

    public ChunkTaskResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(attempt, "attempt");
        partitionCounts = partitionCounts.clone();
        spared = List.copyOf(spared);
        if ((layout == null) == (error == null)) {
            throw new IllegalArgumentException("a result has either a layout or an error");
        }
    }

    /** A task done. */
    public static ChunkTaskResult done(ChunkTask task, String worker, long[] partitionCounts, ChunkLayout layout,
                                       List<Long> spared, long rowsRead) {
        return new ChunkTaskResult(task.attempt().runId(), task.attempt().attempt(), task.index(), worker,
                partitionCounts, layout, spared, rowsRead, null, false);
    }

    /** A task failed; it published nothing. */
    public static ChunkTaskResult failed(ChunkTask task, String worker, int partitions, String error,
                                         boolean retriable) {
        return new ChunkTaskResult(task.attempt().runId(), task.attempt().attempt(), task.index(), worker,
                new long[partitions], null, List.of(), 0, error, retriable);
    }

    /** Whether the task failed. */
    public boolean failed() {
        return error != null;
    }

    /** Whether it is the result of a task of {@code run}'s attempt {@code attemptId}. */
    public boolean of(String run, String attemptId) {
        return runId.equals(run) && attempt.equals(attemptId);
    }

    /** JSON, for the chunk-results topic. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("run_id", runId);
        root.put("attempt", attempt);
        root.put("index", index);
        root.put("worker", worker);
        ArrayNode counts = root.putArray("partition_counts");
        for (long count : partitionCounts) {
            counts.add(count);
        }
        ArrayNode sparedIds = root.putArray("spared");
        spared.forEach(sparedIds::add);
        root.put("rows_read", rowsRead);
        root.put("error", error);
        root.put("retriable", retriable);
        try {
            root.set("layout", layout == null ? null : Json.MAPPER.readTree(layout.toJson()));
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a chunk task result", e);
        }
    }

    /**
     * Reads {@link #toJson}.
     *
     * @throws IllegalArgumentException if the bytes are not a result
     */
    public static ChunkTaskResult parse(byte[] json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            JsonNode countsNode = ChunkTask.required(root, "partition_counts");
            long[] counts = new long[countsNode.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = countsNode.get(i).asLong();
            }
            List<Long> spared = new ArrayList<>();
            ChunkTask.required(root, "spared").forEach(id -> spared.add(id.asLong()));
            JsonNode layout = root.get("layout");
            JsonNode error = root.get("error");
            return new ChunkTaskResult(ChunkTask.text(root, "run_id"), ChunkTask.text(root, "attempt"),
                    ChunkTask.required(root, "index").asInt(), root.path("worker").asText(""), counts,
                    layout == null || layout.isNull() ? null : ChunkLayout.parse(Json.MAPPER.writeValueAsBytes(layout)),
                    spared, root.path("rows_read").asLong(), error == null || error.isNull() ? null : error.asText(),
                    root.path("retriable").asBoolean());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a chunk task result: " + e.getMessage(), e);
        }
    }
}
