package io.cdcflow.extractor.core;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.InvalidCommandException;
import io.cdcflow.common.core.RunCommand;
import java.util.Objects;

/** Resolves a parsed command against the configuration into a {@link RunRequest}. Thread-safe. */
public final class CommandResolver {
    private final CdcConfig config;

    public CommandResolver(CdcConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The run a command asks for.
     *
     * @param command a command that {@link RunCommand#parse} accepted
     * @param record where the command was read, for the defaults of run id and start time
     * @throws InvalidCommandException if the command names an unknown table, or a datasource other
     *     than the table's
     */
    public RunRequest resolve(RunCommand command, CommandRecord record) {
        TableConfig table = config.tables().get(command.table());
        if (table == null) {
            throw new InvalidCommandException("unknown table \"" + command.table() + "\"; known tables: "
                    + String.join(", ", config.tables().keySet()));
        }
        if (command.datasource() != null && !command.datasource().equals(table.datasource())) {
            throw new InvalidCommandException("table \"" + table.name() + "\" belongs to datasource \""
                    + table.datasource() + "\", not \"" + command.datasource() + "\"");
        }
        String runId = command.runId() != null
                ? command.runId()
                : table.name() + "-" + record.partition() + "-" + record.offset();
        long startedMs = command.requestedAt() != null ? command.requestedAt().toEpochMilli() : record.timestampMs();
        return new RunRequest(table, runId, startedMs);
    }
}
