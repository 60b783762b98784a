package io.cdcflow.writer.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One row of a table's full image, or one change to it, keyed by its primary key. The full image state
 * is a sequence of these in key order, one JSON object per line:
 * {@code {"k":"[42,\"eu\"]","op":"modified","ts":1734273022250,"row":{...}}}.
 *
 * @param key the primary key values as a compact JSON array ({@link #keyOf}); the sort key
 * @param operation the change that produced the row ({@code added} or {@code modified}); for a change
 *     also {@code deleted}
 * @param observedMs start of the run that observed that change, epoch milliseconds
 * @param row the row image, a JSON object of column name to value
 */
public record FullImageEntry(String key, Operation operation, long observedMs, JsonNode row) {
    /** Order of full images and sorted changes: by key text. Every writer of the state must use this. */
    public static final Comparator<String> KEY_ORDER = Comparator.naturalOrder();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public FullImageEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        if (row == null || !row.isObject()) {
            throw new IllegalArgumentException("a full image entry needs a row object");
        }
    }

    /**
     * The key text of a row: its primary key columns' values, in key order, as a compact JSON array.
     *
     * @throws UnwritableDataException if a key column is missing or null
     */
    public static String keyOf(JsonNode row, List<String> primaryKey) {
        if (primaryKey.isEmpty()) {
            throw new UnwritableDataException("a full image needs the table's primary key, which its schema lacks");
        }
        StringBuilder key = new StringBuilder("[");
        for (int i = 0; i < primaryKey.size(); i++) {
            JsonNode value = row.get(primaryKey.get(i));
            if (value == null || value.isNull() || value.isMissingNode()) {
                throw new UnwritableDataException("key column " + primaryKey.get(i) + " has no value in a change");
            }
            key.append(i == 0 ? "" : ",").append(value.toString());
        }
        return key.append(']').toString();
    }

    /** The entry as one JSON object (written one per line). */
    public ObjectNode toJson() {
        ObjectNode node = NODES.objectNode();
        node.put("k", key);
        node.put("op", operation.category());
        node.put("ts", observedMs);
        node.set("row", row);
        return node;
    }

    /**
     * Reads an entry written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException if the object is not an entry
     */
    public static FullImageEntry parse(JsonNode node) {
        JsonNode key = node.get("k");
        JsonNode op = node.get("op");
        JsonNode ts = node.get("ts");
        if (key == null || !key.isTextual() || op == null || ts == null || !ts.canConvertToLong()) {
            throw new IllegalArgumentException("not a full image entry: " + abbreviate(node.toString()));
        }
        return new FullImageEntry(key.asText(), operation(op.asText()), ts.asLong(), node.get("row"));
    }

    private static Operation operation(String category) {
        for (Operation operation : Operation.values()) {
            if (operation.category().equals(category)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation " + category);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
