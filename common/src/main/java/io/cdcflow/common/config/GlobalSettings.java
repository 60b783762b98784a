package io.cdcflow.common.config;

import java.util.Objects;

/**
 * Settings shared by all tables, from {@code global_settings}.
 *
 * @param batchSize rows fetched and sent per batch ({@code batch_size}, default 10000)
 * @param connectionPool database connection pool sizing
 * @param scheduling periodic runs
 * @param snapshot snapshot files
 * @param chunkWorkers threads per extractor instance that read chunk tasks of {@code parallel_chunks}
 *     tables ({@code chunk_workers}, default 1)
 */
public record GlobalSettings(int batchSize, ConnectionPool connectionPool, Scheduling scheduling,
        SnapshotSettings snapshot, int chunkWorkers) {

    /** Checks that every part is present. */
    public GlobalSettings {
        Objects.requireNonNull(connectionPool, "connectionPool");
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(snapshot, "snapshot");
        if (chunkWorkers < 1) {
            throw new IllegalArgumentException("chunkWorkers must be at least 1, was " + chunkWorkers);
        }
    }

    /** Settings with one chunk worker per instance. */
    public GlobalSettings(int batchSize, ConnectionPool connectionPool, Scheduling scheduling,
            SnapshotSettings snapshot) {
        this(batchSize, connectionPool, scheduling, snapshot, 1);
    }
}
