package io.cdcflow.common.config;

import java.time.Duration;

/** Reads {@code global_settings}; every key has a default, so an absent section is fine. */
final class GlobalSettingsParser {
    private static final int MAX = Integer.MAX_VALUE;

    private final ParseContext context;

    GlobalSettingsParser(ParseContext context) {
        this.context = context;
    }

    /** The settings, or null if the section has errors (they are reported). */
    GlobalSettings parse(ConfigNode node) {
        int mark = context.errorCount();
        int batchSize = node.integer("batch_size", 10_000, 1, 1_000_000);
        ConnectionPool pool = connectionPool(node.object("connection_pool"));
        Scheduling scheduling = scheduling(node.object("scheduling"));
        SnapshotSettings snapshot = snapshot(node.object("snapshot"));
        int chunkWorkers = node.integer("chunk_workers", 1, 1, 64);
        return context.ifNoErrorsSince(mark, () -> new GlobalSettings(batchSize, pool, scheduling, snapshot,
                chunkWorkers));
    }

    private static ConnectionPool connectionPool(ConfigNode node) {
        return new ConnectionPool(
                node.integer("pool_size", 5, 1, 1_000),
                node.integer("max_overflow", 10, 0, 1_000),
                Duration.ofSeconds(node.integer("timeout", 30, 1, MAX)));
    }

    private static Scheduling scheduling(ConfigNode node) {
        return new Scheduling(
                node.bool("enabled", false),
                Duration.ofSeconds(node.integer("interval_seconds", 3_600, 1, MAX)),
                node.integer("max_retries", 3, 0, 1_000),
                Duration.ofSeconds(node.integer("retry_delay_seconds", 300, 0, MAX)),
                Duration.ofSeconds(node.integer("timeout_seconds", 1_800, 1, MAX)));
    }

    private static SnapshotSettings snapshot(ConfigNode node) {
        return new SnapshotSettings(
                node.bool("enabled", true),
                node.choice("format", SnapshotFormat.byJsonName(), SnapshotFormat.JSON),
                node.bool("include_metadata", true),
                node.bool("compress_files", false),
                node.choice("parquet_compression", ParquetCompression.byJsonName(), ParquetCompression.SNAPPY));
    }
}
