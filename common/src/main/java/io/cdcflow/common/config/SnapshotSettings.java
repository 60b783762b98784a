package io.cdcflow.common.config;

import java.util.Objects;

/**
 * Snapshot files, from {@code global_settings.snapshot}.
 *
 * @param enabled whether snapshots are written ({@code enabled}, default true)
 * @param format default format of tables without their own {@code snapshot_format}
 *     ({@code format}, default json)
 * @param includeMetadata whether snapshot files carry run metadata ({@code include_metadata},
 *     default true)
 * @param compressFiles whether snapshot files are gzip-compressed ({@code compress_files}, default
 *     false)
 * @param parquetCompression codec of Parquet files of tables without their own {@code
 *     parquet_compression} ({@code parquet_compression}, default snappy)
 */
public record SnapshotSettings(boolean enabled, SnapshotFormat format, boolean includeMetadata,
        boolean compressFiles, ParquetCompression parquetCompression) {

    /** Checks that the format and codec are present. */
    public SnapshotSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(parquetCompression, "parquetCompression");
    }

    /** Settings with the default Parquet codec, Snappy. */
    public SnapshotSettings(boolean enabled, SnapshotFormat format, boolean includeMetadata, boolean compressFiles) {
        this(enabled, format, includeMetadata, compressFiles, ParquetCompression.SNAPPY);
    }
}
