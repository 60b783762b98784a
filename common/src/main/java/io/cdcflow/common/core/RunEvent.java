package io.cdcflow.common.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A run lifecycle event on the run-events topic (key {@code datasource.table}). Delivered at least
 * once: consumers key on {@code (run_id, state)}. See {@code docs/messages.md}.
 *
 * @param runId the run
 * @param datasource configured datasource (may be null for a command that named no known table)
 * @param table configured table, or the table named by a bad command
 * @param state lifecycle state
 * @param at when the event was emitted
 * @param method CDC method
 * @param counts counts so far (extracted: rows; diffed/written: changes)
 * @param files written: object names
 * @param error failed: why, without secrets
 * @param schemaChange diffed and later: the run's schema differs from the previous run's; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(
        @JsonProperty("run_id") String runId,
        @JsonProperty("datasource") String datasource,
        @JsonProperty("table") String table,
        @JsonProperty("state") State state,
        @JsonProperty("at") Instant at,
        @JsonProperty("method") String method,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("files") List<String> files,
        @JsonProperty("error") String error,
        @JsonProperty("schema_change") SchemaChange schemaChange) {

    /**
     * Lifecycle states, in order; {@code failed} can follow any of them. {@code progress} is not a
     * lifecycle state: the extractor sends it between {@code started} and {@code extracted} with the
     * rows read so far, at most every few seconds; consumers that follow states skip it.
     */
    public enum State {
        REQUESTED, STARTED, PROGRESS, EXTRACTED, DIFFED, WRITTEN, FAILED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether no further event follows for the run. */
        public boolean terminal() {
            return this == WRITTEN || this == FAILED;
        }
    }

    /** An event without a schema change. */
    public RunEvent(String runId, String datasource, String table, State state, Instant at, String method,
                    Counts counts, List<String> files, String error) {
        this(runId, datasource, table, state, at, method, counts, files, error, null);
    }

    public static RunEvent of(String runId, String datasource, String table, State state, Instant at, String method) {
        return new RunEvent(runId, datasource, table, state, at, method, null, null, null, null);
    }

    public RunEvent withCounts(Counts newCounts) {
        return new RunEvent(runId, datasource, table, state, at, method, newCounts, files, error, schemaChange);
    }

    public RunEvent withFiles(List<String> newFiles) {
        return new RunEvent(runId, datasource, table, state, at, method, counts, List.copyOf(newFiles), error,
                schemaChange);
    }

    public RunEvent withError(String newError) {
        return new RunEvent(runId, datasource, table, state, at, method, counts, files, newError, schemaChange);
    }

    public RunEvent withSchemaChange(SchemaChange change) {
        return new RunEvent(runId, datasource, table, state, at, method, counts, files, error, change);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunEvent parse(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, RunEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed run event", e);
        }
    }
}
