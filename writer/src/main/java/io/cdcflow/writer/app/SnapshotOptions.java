package io.cdcflow.writer.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ParquetCompression;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.config.SnapshotSettings;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.writer.core.RunKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How each table's snapshot files are written, from the configuration. Immutable. */
final class SnapshotOptions {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotOptions.class);

    private final CdcConfig config;
    private final SnapshotSettings snapshot;

    SnapshotOptions(CdcConfig config) {
        this.config = config;
        this.snapshot = config.global().snapshot();
    }

    /** Whether snapshot files are written at all ({@code global_settings.snapshot.enabled}). */
    boolean enabled() {
        return snapshot.enabled();
    }

    /** Whether files are gzip-compressed ({@code compress_files}). */
    boolean compress() {
        return snapshot.compressFiles();
    }

    /** Whether rows carry the {@code _cdc} columns ({@code include_metadata}). */
    boolean includeMetadata() {
        return snapshot.includeMetadata();
    }

    /** The codec of the run's table's Parquet files; the global default for a table not configured here. */
    ParquetCompression parquetCompressionOf(RunKey run) {
        TableConfig table = tableOf(run);
        return table != null ? table.parquetCompression() : snapshot.parquetCompression();
    }

    /** Whether the run's table also gets its full image ({@code full_image}); never for a table not configured here. */
    boolean fullImageOf(RunKey run) {
        TableConfig table = tableOf(run);
        return table != null && table.fullImage();
    }

    private TableConfig tableOf(RunKey run) {
        TableConfig table = config.tables().get(run.table());
        return table != null && table.datasource().equals(run.datasource()) ? table : null;
    }

    /**
     * The run's table's format. A table this writer's configuration does not know still gets its files,
     * in the global default format, so that no change is lost to a configuration mismatch.
     */
    SnapshotFormat formatOf(RunKey run) {
        TableConfig table = config.tables().get(run.table());
        if (table != null && table.datasource().equals(run.datasource())) {
            return table.snapshotFormat();
        }
        LOG.warn("Table {} is not in the writer's configuration; writing its files as {}", run.tableId(),
                snapshot.format().extension());
        return snapshot.format();
    }
}
