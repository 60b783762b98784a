package io.cdcflow.writer.core;

import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.TableIds;
import java.util.Objects;

/**
 * Identifies one run of one table on the writer feed. Several runs of a table can be open at once, so
 * everything the writer keeps per run is keyed by this.
 *
 * @param datasource configured datasource
 * @param table configured table
 * @param runId the run's id
 */
public record RunKey(String datasource, String table, String runId) {
    public RunKey {
        Objects.requireNonNull(datasource, "datasource");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(runId, "runId");
    }

    /** The run a feed message belongs to. */
    public static RunKey of(FeedMessage message) {
        return new RunKey(message.datasource(), message.table(), message.runId());
    }

    /** {@code datasource.table}, the key of run events. */
    public String tableId() {
        return TableIds.of(datasource, table);
    }

    @Override
    public String toString() {
        return tableId() + "#" + runId;
    }
}
