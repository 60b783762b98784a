package io.cdcflow.common.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The value of a record on a change topic (Debezium-like envelope). Key of the record: the primary
 * key as a JSON object. See {@code docs/messages.md}.
 *
 * @param op {@code c} (added), {@code u} (modified), {@code d} (deleted)
 * @param before the row before the change: null for c; for u and d the last image the differ kept
 *     (null when {@code store_row_images} is off)
 * @param after the row after the change; null for d
 * @param source where and when the change was observed
 */
public record ChangeEvent(
        @JsonProperty("op") String op,
        @JsonProperty("before") JsonNode before,
        @JsonProperty("after") JsonNode after,
        @JsonProperty("source") Source source) {

    public ChangeEvent {
        // JSON null arrives as a NullNode; absent images are plain nulls everywhere in the code
        before = before == null || before.isNull() ? null : before;
        after = after == null || after.isNull() ? null : after;
    }

    /**
     * @param datasource configured datasource
     * @param table configured table
     * @param runId the run that observed the change
     * @param tsMs the run's start, epoch milliseconds (deterministic across re-deliveries)
     */
    public record Source(
            @JsonProperty("datasource") String datasource,
            @JsonProperty("table") String table,
            @JsonProperty("run_id") String runId,
            @JsonProperty("ts_ms") long tsMs) {
    }

    public Operation operation() {
        return Operation.ofCode(op);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ChangeEvent parse(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, ChangeEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed change event", e);
        }
    }
}
