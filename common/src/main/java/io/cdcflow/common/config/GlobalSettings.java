package io.cdcflow.common.config;

import java.util.Objects;

/**
 * Settings shared by all tables, from {@code global_settings}.
 *
 * @param batchSize rows fetched and sent per batch ({@code batch_size}, default 10000)
 * @param connectionPool database connection pool sizing
 * @param scheduling periodic runs
 * @param snapshot snapshot files
 */
public record GlobalSettings(int batchSize, ConnectionPool connectionPool, Scheduling scheduling,
        SnapshotSettings snapshot) {

    /** Checks that every part is present. */
    public GlobalSettings {
        Objects.requireNonNull(connectionPool, "connectionPool");
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
