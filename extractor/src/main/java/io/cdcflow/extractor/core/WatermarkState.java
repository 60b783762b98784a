package io.cdcflow.extractor.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.util.Objects;

/**
 * What the timestamp method keeps about a table between runs: the value of the {@code
 * <prefix>.watermarks} topic for the table's key {@code datasource.table}, written in the
 * transaction that completes a run. UTF-8 JSON:
 *
 * <pre>{@code
 * {"watermark": {"type": "timestamp_tz", "value": "2024-03-31T01:30:00.000001Z"},
 *  "column": "updated_at", "run_id": "orders-0-17", "runs_since_reconcile": 2}
 * }</pre>
 *
 * @param column the timestamp column the watermark is a value of (the configured name)
 * @param watermark the largest value of the column among the rows the run read, or null when it
 *     read no row with a non-null value and had no watermark before
 * @param runId the run that wrote this state
 * @param runsSinceReconcile incremental runs completed since the last full run (0 after a full one)
 */
public record WatermarkState(String column, Watermark watermark, String runId, int runsSinceReconcile) {
    public WatermarkState {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(runId, "runId");
        if (runsSinceReconcile < 0) {
            throw new IllegalArgumentException("runs_since_reconcile must not be negative");
        }
    }

    /** The JSON value for the watermarks topic. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (watermark == null) {
            root.putNull("watermark");
        } else {
            root.putObject("watermark").put("type", watermark.typeName()).put("value", watermark.iso());
        }
        root.put("column", column);
        root.put("run_id", runId);
        root.put("runs_since_reconcile", runsSinceReconcile);
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses a value of the watermarks topic.
     *
     * @throws IllegalArgumentException if it is not a well-formed watermark state
     */
    public static WatermarkState parse(byte[] json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("watermark state is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("watermark state is not a JSON object");
        }
        JsonNode watermark = root.path("watermark");
        Watermark value = null;
        if (!watermark.isNull()) {
            if (!watermark.isObject() || !watermark.path("type").isTextual() || !watermark.path("value").isTextual()) {
                throw new IllegalArgumentException("\"watermark\" must be null or {\"type\": ..., \"value\": ...}");
            }
            value = Watermark.parse(watermark.get("type").asText(), watermark.get("value").asText());
        }
        return new WatermarkState(text(root, "column"), value, text(root, "run_id"),
                runsSinceReconcile(root.path("runs_since_reconcile")));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        if (!node.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return node.asText();
    }

    private static int runsSinceReconcile(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
            throw new IllegalArgumentException("\"runs_since_reconcile\" must be a non-negative integer");
        }
        return node.asInt();
    }
}
