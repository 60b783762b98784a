package io.cdcflow.extractor.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RowEvent;
import java.io.IOException;
import java.util.Objects;

/**
 * A group of consecutive chunks of one {@code parallel_chunks} run attempt, for any extractor
 * instance to read: the rows it publishes belong to {@code attempt}, encoded with the schema whose
 * fingerprint the attempt's START markers carry.
 *
 * @param attempt the run attempt whose rows the task publishes
 * @param index the task's position in the attempt's {@link ChunkTaskPlan}
 * @param schemaFingerprint the fingerprint of the Avro schema of the attempt's START markers
 * @param layout the task's chunks, pending, with {@code nextId} the first id of its id block
 */
public record ChunkTask(RowEvent.RunAttempt attempt, int index, String schemaFingerprint, ChunkLayout layout) {

    public ChunkTask {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(layout, "layout");
    }

    /** The key of its record: run, attempt and index, so tasks spread over the partitions. */
    public String key() {
        return attempt.runId() + "#" + attempt.attempt() + "#" + index;
    }

    /** {@code datasource.table}. */
    public String tableId() {
        return attempt.datasource() + "." + attempt.table();
    }

    /** JSON, for the chunk-tasks topic. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("datasource", attempt.datasource());
        root.put("table", attempt.table());
        root.put("run_id", attempt.runId());
        root.put("attempt", attempt.attempt());
        root.put("run_started_ms", attempt.runStartedMs());
        root.put("method", attempt.method());
        root.put("index", index);
        root.put("schema_fingerprint", schemaFingerprint);
        try {
            root.set("layout", Json.MAPPER.readTree(layout.toJson()));
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a chunk task", e);
        }
    }

    /**
     * Reads {@link #toJson}.
     *
     * @throws IllegalArgumentException if the bytes are not a task
     */
    public static ChunkTask parse(byte[] json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            RowEvent.RunAttempt attempt = new RowEvent.RunAttempt(text(root, "datasource"), text(root, "table"),
                    text(root, "run_id"), text(root, "attempt"), required(root, "run_started_ms").asLong(),
                    text(root, "method"));
            return new ChunkTask(attempt, required(root, "index").asInt(), text(root, "schema_fingerprint"),
                    ChunkLayout.parse(Json.MAPPER.writeValueAsBytes(required(root, "layout"))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a chunk task: " + e.getMessage(), e);
        }
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
