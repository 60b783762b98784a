package io.cdcflow.differ.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One line of a checkpoint part: a primary key and what the differ remembers of it.
 *
 * <pre>{"key":"[42,\"eu\"]","hash":"9e10…","last_run_id":"orders-7","image":{"id":42,…},"state":"AQ…"}</pre>
 *
 * {@code key} is the primary key's JSON array exactly as in the row key (text, so that it is kept
 * byte for byte); {@code hash}, {@code last_run_id} and {@code image} (the row image as JSON, absent
 * when images are not kept or its schema is unknown) are for people; {@code state} is the
 * {@link RowState} bytes, base64, which restore writes back unchanged (so fields added to the state
 * later survive a checkpoint).
 *
 * @param key primary key JSON array text
 * @param hashHex the row hash, lower-case hex
 * @param lastRunId the run that last saw the key
 * @param image the row image as JSON, or null
 * @param state the state bytes
 */
public record CheckpointEntry(String key, String hashHex, String lastRunId, JsonNode image, byte[] state) {
    public CheckpointEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
    }

    /** The entry of a key's state; {@code image} is the decoded row image or null. */
    public static CheckpointEntry of(String primaryKeyJson, byte[] stateBytes, JsonNode image) {
        RowState state = RowState.fromBytes(stateBytes);
        return new CheckpointEntry(primaryKeyJson, HexFormat.of().formatHex(state.hash()), state.lastRunId(), image,
                stateBytes);
    }

    /** The entry as one JSON line, without the line break. */
    public String toJsonLine() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("key", key);
        node.put("hash", hashHex);
        node.put("last_run_id", lastRunId);
        if (image != null) {
            node.set("image", image);
        }
        node.put("state", Base64.getEncoder().encodeToString(state));
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a line written by {@link #toJsonLine()}. */
    public static CheckpointEntry parse(String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            JsonNode key = node.get("key");
            JsonNode state = node.get("state");
            if (key == null || !key.isTextual() || state == null || !state.isTextual()) {
                throw new IllegalArgumentException("checkpoint line lacks key or state");
            }
            JsonNode image = node.get("image");
            return new CheckpointEntry(key.textValue(), text(node, "hash"), text(node, "last_run_id"),
                    image == null || image.isNull() ? null : image, Base64.getDecoder().decode(state.textValue()));
        } catch (IOException e) {
            throw new UncheckedIOException("malformed checkpoint line", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
