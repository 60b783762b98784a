package io.cdcflow.common.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Objects;

/**
 * A message on the commands topic asking for a run of one table. See {@code docs/messages.md}.
 *
 * @param command what to do; only {@code "extract"} exists today
 * @param datasource the configured datasource (optional: the table name identifies it)
 * @param table the configured table name
 * @param runId caller-chosen run id (Airflow passes its own); the extractor derives a stable one
 *     from the command's offset when absent
 * @param requestedAt when the run was requested; the run's files are named after it. When absent
 *     the command record's timestamp is used, so a redelivered command names the same files.
 * @param requestedBy free text: airflow, cli, scheduler
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunCommand(
        @JsonProperty("command") String command,
        @JsonProperty("datasource") String datasource,
        @JsonProperty("table") String table,
        @JsonProperty("run_id") String runId,
        @JsonProperty("requested_at") Instant requestedAt,
        @JsonProperty("requested_by") String requestedBy) {

    public static final String EXTRACT = "extract";
    /** Run ids become parts of object names and Kafka keys, so their alphabet is limited. */
    public static final String RUN_ID_PATTERN = "[A-Za-z0-9_.:+-]{1,128}";

    /** An extract command for a table. */
    public static RunCommand extract(String datasource, String table, String runId, Instant requestedAt, String by) {
        return new RunCommand(EXTRACT, datasource, table, runId, requestedAt, by);
    }

    /**
     * Parses and checks a command.
     *
     * @throws InvalidCommandException if the bytes are not a well-formed command
     */
    public static RunCommand parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidCommandException("empty command message");
        }
        if (json.length > 64 * 1024) {
            throw new InvalidCommandException("command message of " + json.length + " bytes exceeds 65536");
        }
        RunCommand command;
        try {
            command = Json.MAPPER.readValue(json, RunCommand.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidCommandException("command is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidCommandException("command could not be read: " + e.getMessage());
        }
        if (command == null) {
            throw new InvalidCommandException("command is JSON null");
        }
        if (!EXTRACT.equals(command.command())) {
            throw new InvalidCommandException("unknown command \"" + command.command() + "\" (known: extract)");
        }
        if (command.table() == null || command.table().isBlank()) {
            throw new InvalidCommandException("command has no \"table\"");
        }
        if (command.runId() != null && !command.runId().matches(RUN_ID_PATTERN)) {
            throw new InvalidCommandException("run_id must match " + RUN_ID_PATTERN);
        }
        return command;
    }

    /** The JSON form. */
    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy with the given run id and request time (used when the command omitted them). */
    public RunCommand withDefaults(String defaultRunId, Instant defaultRequestedAt) {
        return new RunCommand(command, datasource, table,
                Objects.requireNonNullElse(runId, defaultRunId),
                Objects.requireNonNullElse(requestedAt, defaultRequestedAt), requestedBy);
    }
}
