package io.cdcflow.extractor.core;

import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.TableIds;
import java.util.Objects;

/**
 * A run to execute, resolved from a valid command. Every field is deterministic for a given command
 * record, so a redelivered command describes the same run.
 *
 * @param table the table's configuration
 * @param runId the command's run id, or {@code <table>-<partition>-<offset>} of the command record
 * @param runStartedMs the command's {@code requested_at}, or the command record's timestamp
 */
public record RunRequest(TableConfig table, String runId, long runStartedMs) {
    public RunRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(runId, "runId");
    }

    /** {@code datasource.table}. */
    public String tableId() {
        return TableIds.of(table.datasource(), table.name());
    }
}
