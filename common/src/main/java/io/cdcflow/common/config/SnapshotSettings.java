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
 */
public record SnapshotSettings(boolean enabled, SnapshotFormat format, boolean includeMetadata,
        boolean compressFiles) {

    /** Checks that the format is present. */
    public SnapshotSettings {
        Objects.requireNonNull(format, "format");
    }
}
