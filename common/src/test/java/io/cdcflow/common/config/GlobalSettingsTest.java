package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.withSection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GlobalSettingsTest {

    @Test
    void appliesDefaultsWhenAbsent() {
        assertThat(Configs.parse(Configs.withTable(Configs.HASH_TABLE)).global()).isEqualTo(new GlobalSettings(10_000,
                new ConnectionPool(5, 10, Duration.ofSeconds(30)),
                new Scheduling(false, Duration.ofSeconds(3600), 3, Duration.ofSeconds(300), Duration.ofSeconds(1800)),
                new SnapshotSettings(true, SnapshotFormat.JSON, true, false, ParquetCompression.SNAPPY)));
    }

    @Test
    void readsEveryKey() {
        GlobalSettings global = Configs.parse(withSection("global_settings", "{'batch_size': 1000000,"
                + " 'connection_pool': {'pool_size': 2, 'max_overflow': 0, 'timeout': 5},"
                + " 'scheduling': {'enabled': true, 'interval_seconds': 60, 'max_retries': 0,"
                + " 'retry_delay_seconds': 0, 'timeout_seconds': 30},"
                + " 'snapshot': {'enabled': false, 'format': 'parquet', 'include_metadata': false,"
                + " 'compress_files': true, 'parquet_compression': 'zstd'}}")).global();

        assertThat(global).isEqualTo(new GlobalSettings(1_000_000,
                new ConnectionPool(2, 0, Duration.ofSeconds(5)),
                new Scheduling(true, Duration.ofMinutes(1), 0, Duration.ZERO, Duration.ofSeconds(30)),
                new SnapshotSettings(false, SnapshotFormat.PARQUET, false, true, ParquetCompression.ZSTD)));
        assertThat(global.connectionPool().maxSize()).isEqualTo(2);
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThat(errors(withSection("global_settings", "{'batch_size': 1000001,"
                + " 'connection_pool': {'pool_size': 0, 'max_overflow': -1, 'timeout': 0},"
                + " 'scheduling': {'interval_seconds': 0, 'max_retries': 1001, 'retry_delay_seconds': -1,"
                + " 'timeout_seconds': 0}, 'snapshot': {'format': 'xml', 'parquet_compression': 'gzip'}}")))
                .containsExactly(
                error("$.global_settings.batch_size", "must be between 1 and 1000000 (was 1000001)"),
                error("$.global_settings.connection_pool.pool_size", "must be between 1 and 1000 (was 0)"),
                error("$.global_settings.connection_pool.max_overflow", "must be between 0 and 1000 (was -1)"),
                error("$.global_settings.connection_pool.timeout", "must be at least 1 (was 0)"),
                error("$.global_settings.scheduling.interval_seconds", "must be at least 1 (was 0)"),
                error("$.global_settings.scheduling.max_retries", "must be between 0 and 1000 (was 1001)"),
                error("$.global_settings.scheduling.retry_delay_seconds", "must be at least 0 (was -1)"),
                error("$.global_settings.scheduling.timeout_seconds", "must be at least 1 (was 0)"),
                error("$.global_settings.snapshot.format",
                        "must be one of json, jsonl, csv, parquet, avro (was \"xml\")"),
                error("$.global_settings.snapshot.parquet_compression", "must be one of snappy, zstd (was \"gzip\")"));
    }
}
