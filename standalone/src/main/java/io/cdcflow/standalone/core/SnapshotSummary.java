package io.cdcflow.standalone.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import java.io.IOException;

/**
 * What {@code cdc snapshots list} shows of a set's {@code _summary.json}; any field may be missing
 * (null) in a summary written by another version.
 *
 * @param runId the run, or null
 * @param status {@code complete} / {@code incomplete}, or null
 * @param added rows in the added file, or null
 * @param modified rows in the modified file, or null
 * @param deleted rows in the deleted file, or null
 */
public record SnapshotSummary(String runId, String status, Long added, Long modified, Long deleted) {
    /** Shown for a set without a summary. */
    public static final SnapshotSummary MISSING = new SnapshotSummary(null, "incomplete (no summary)", null, null,
            null);
    /** Shown for a summary that is not a JSON object. */
    public static final SnapshotSummary UNREADABLE = new SnapshotSummary(null, "unreadable summary", null, null,
            null);

    /** Reads a summary's content; {@link #UNREADABLE} if it is not a JSON object. */
    public static SnapshotSummary parse(byte[] content) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(content);
        } catch (IOException e) {
            return UNREADABLE;
        }
        if (root == null || !root.isObject()) {
            return UNREADABLE;
        }
        JsonNode changes = root.path("changes");
        return new SnapshotSummary(text(root.get("run_id")), text(root.get("status")), number(changes.get("added")),
                number(changes.get("modified")), number(changes.get("deleted")));
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() ? null : node.asText();
    }

    private static Long number(JsonNode node) {
        return node != null && node.canConvertToLong() ? node.asLong() : null;
    }
}
