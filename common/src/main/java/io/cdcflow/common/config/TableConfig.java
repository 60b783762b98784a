package io.cdcflow.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One captured table, from an entry of {@code tables}. Identifiers (schema, table and column names)
 * are validated to be non-empty, at most 128 characters and free of control characters, but they are
 * not SQL-safe: quote them before use.
 *
 * @param name the entry's key; part of topic names and object keys
 * @param datasource key of the datasource holding the table
 * @param schema database schema, or null for the connection's default
 * @param table the table's name in the database ({@code table}, defaults to {@code name})
 * @param primaryKey primary key columns ({@code primary_key}); empty means "read them from the
 *     database metadata"
 * @param method how changes are detected
 * @param timestampColumn column compared with the previous run's high-water mark ({@code
 *     timestamp_column}); never null for {@link CdcMethod#TIMESTAMP}, ignored by other methods
 * @param hashColumns columns that make up a row's hash; {@code ["*"]} (the default) means all
 * @param partitionSize rows per partition for {@link CdcMethod#HASH_PARTITION} ({@code
 *     partition_size}, default 10000)
 * @param snapshotFormat format of the table's snapshots, already resolved against the global default
 * @param timestampOverlap how far before the high-water mark the next timestamp run starts reading,
 *     to catch late commits ({@code timestamp_overlap_seconds}, default 0)
 * @param reconcileEveryNRuns every how many runs a timestamp table is fully compared to find deletes
 *     ({@code reconcile_every_n_runs}, default 0 = never)
 * @param digest where row hashes are computed: {@value #DIGEST_BACKEND} (default) or {@value
 *     #DIGEST_DATABASE}
 * @param storeRowImages whether full row images are kept so that change events carry old values
 *     ({@code store_row_images}, default true)
 * @param parquetCompression codec of the table's Parquet files, already resolved against the global
 *     default ({@code parquet_compression}); ignored for other formats
 * @param fullImage whether each run also writes the table's complete current image ({@code
 *     full_image}, default false)
 * @param parallelChunks whether a {@link CdcMethod#HASH_PARTITION} run hands its chunks as tasks to
 *     every extractor instance ({@code parallel_chunks}, default false)
 */
public record TableConfig(String name, String datasource, String schema, String table,
        List<String> primaryKey, CdcMethod method, String timestampColumn, List<String> hashColumns,
        int partitionSize, SnapshotFormat snapshotFormat, Duration timestampOverlap,
        int reconcileEveryNRuns, String digest, boolean storeRowImages, ParquetCompression parquetCompression,
        boolean fullImage, boolean parallelChunks) {

    /** {@link #digest()} value: rows are hashed by the pipeline after reading them. */
    public static final String DIGEST_BACKEND = "backend";

    /** {@link #digest()} value: rows are hashed by the database in the query. */
    public static final String DIGEST_DATABASE = "database";

    /** The {@link #hashColumns()} entry that stands for all columns. */
    public static final String ALL_COLUMNS = "*";

    /** Checks that required parts are present and copies the lists. */
    public TableConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datasource, "datasource");
        Objects.requireNonNull(table, "table");
        primaryKey = List.copyOf(primaryKey);
        Objects.requireNonNull(method, "method");
        hashColumns = List.copyOf(hashColumns);
        Objects.requireNonNull(snapshotFormat, "snapshotFormat");
        Objects.requireNonNull(timestampOverlap, "timestampOverlap");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(parquetCompression, "parquetCompression");
    }

    /** A table whose chunks one extractor instance reads. */
    public TableConfig(String name, String datasource, String schema, String table, List<String> primaryKey,
            CdcMethod method, String timestampColumn, List<String> hashColumns, int partitionSize,
            SnapshotFormat snapshotFormat, Duration timestampOverlap, int reconcileEveryNRuns, String digest,
            boolean storeRowImages, ParquetCompression parquetCompression, boolean fullImage) {
        this(name, datasource, schema, table, primaryKey, method, timestampColumn, hashColumns, partitionSize,
                snapshotFormat, timestampOverlap, reconcileEveryNRuns, digest, storeRowImages, parquetCompression,
                fullImage, false);
    }

    /** A table with Snappy-compressed Parquet files and no full image. */
    public TableConfig(String name, String datasource, String schema, String table, List<String> primaryKey,
            CdcMethod method, String timestampColumn, List<String> hashColumns, int partitionSize,
            SnapshotFormat snapshotFormat, Duration timestampOverlap, int reconcileEveryNRuns, String digest,
            boolean storeRowImages) {
        this(name, datasource, schema, table, primaryKey, method, timestampColumn, hashColumns, partitionSize,
                snapshotFormat, timestampOverlap, reconcileEveryNRuns, digest, storeRowImages,
                ParquetCompression.SNAPPY, false, false);
    }

    /** Whether the row hash covers all columns ({@code hash_columns} is {@code ["*"]}). */
    public boolean hashesAllColumns() {
        return hashColumns.equals(List.of(ALL_COLUMNS));
    }
}
