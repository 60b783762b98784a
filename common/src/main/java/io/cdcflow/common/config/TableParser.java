package io.cdcflow.common.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of {@code tables}. */
final class TableParser {
    private static final int DEFAULT_PARTITION_SIZE = 10_000;
    private static final Map<String, String> DIGESTS = digests();

    private final ParseContext context;
    private final Set<String> datasourceNames;
    private final SnapshotFormat defaultFormat;
    private final ParquetCompression defaultCompression;

    /**
     * @param datasourceNames every key of {@code datasources}, valid or not, so that a table is not
     *     blamed for a broken datasource
     * @param defaultFormat the snapshot format of tables without their own
     * @param defaultCompression the Parquet codec of tables without their own
     */
    TableParser(ParseContext context, Set<String> datasourceNames, SnapshotFormat defaultFormat,
            ParquetCompression defaultCompression) {
        this.context = context;
        this.datasourceNames = datasourceNames;
        this.defaultFormat = defaultFormat;
        this.defaultCompression = defaultCompression;
    }

    /** The table, or null if the entry has errors (they are reported). */
    TableConfig parse(String name, ConfigNode node) {
        int mark = context.errorCount();
        String datasource = datasource(node);
        String schema = identifier(node, "schema");
        String table = identifier(node, "table");
        List<String> primaryKey = columns(node, "primary_key", false);
        CdcMethod method = requiredMethod(node);
        String timestampColumn = identifier(node, "timestamp_column");
        if (method == CdcMethod.TIMESTAMP && timestampColumn == null && !node.has("timestamp_column")) {
            context.error(node.pathOf("timestamp_column"), "is required when method is timestamp");
        }
        List<String> hashColumns = columns(node, "hash_columns", true);
        int partitionSize = node.integer("partition_size", DEFAULT_PARTITION_SIZE, 1, Integer.MAX_VALUE);
        SnapshotFormat format = node.choice("snapshot_format", SnapshotFormat.byJsonName(), defaultFormat);
        int overlapSeconds = node.integer("timestamp_overlap_seconds", 0, 0, Integer.MAX_VALUE);
        int reconcileEvery = node.integer("reconcile_every_n_runs", 0, 0, Integer.MAX_VALUE);
        String digest = node.choice("digest", DIGESTS, TableConfig.DIGEST_BACKEND);
        boolean storeRowImages = node.bool("store_row_images", true);
        ParquetCompression compression =
                node.choice("parquet_compression", ParquetCompression.byJsonName(), defaultCompression);
        boolean fullImage = node.bool("full_image", false);
        boolean parallelChunks = node.bool("parallel_chunks", false);
        if (parallelChunks && method != null && method != CdcMethod.HASH_PARTITION) {
            context.error(node.pathOf("parallel_chunks"), "applies only to method hash-partition");
        }
        return context.ifNoErrorsSince(mark, () -> new TableConfig(name, datasource, schema,
                table != null ? table : name,
                primaryKey != null ? primaryKey : List.of(),
                method, timestampColumn,
                hashColumns != null ? hashColumns : List.of(TableConfig.ALL_COLUMNS),
                partitionSize, format, Duration.ofSeconds(overlapSeconds), reconcileEvery, digest,
                storeRowImages, compression, fullImage, parallelChunks));
    }

    private String datasource(ConfigNode node) {
        String datasource = node.requiredString("datasource");
        if (datasource != null && !datasourceNames.contains(datasource)) {
            context.error(node.pathOf("datasource"), "unknown datasource " + ErrorText.quote(datasource) + " "
                    + Suggestions.hint(datasource, datasourceNames));
        }
        return datasource;
    }

    private CdcMethod requiredMethod(ConfigNode node) {
        if (!node.has("method")) {
            context.error(node.pathOf("method"), "is required");
            return null;
        }
        return node.choice("method", CdcMethod.byJsonName(), null);
    }

    private String identifier(ConfigNode node, String key) {
        String identifier = node.string(key);
        boolean valid = identifier != null && Identifiers.checkIdentifier(context, node.pathOf(key), identifier);
        return valid ? identifier : null;
    }

    /** A column list, or null if absent; {@code "*"} is allowed only where it can mean all columns. */
    private List<String> columns(ConfigNode node, String key, boolean allowAll) {
        int mark = context.errorCount();
        List<ConfigNode.Located> columns = node.strings(key);
        if (columns == null) {
            return null;
        }
        String path = node.pathOf(key);
        if (columns.isEmpty() && context.errorCount() == mark) {
            context.error(path, allowAll
                    ? "must list at least one column"
                    : "must list at least one column (omit the key to use the database's primary key)");
        }
        boolean all = allowAll && columns.stream().anyMatch(column -> column.value().equals(TableConfig.ALL_COLUMNS));
        if (all && columns.size() > 1) {
            context.error(path, "\"*\" must be the only entry");
        }
        Set<String> seen = new HashSet<>();
        for (ConfigNode.Located column : columns) {
            boolean isAll = allowAll && column.value().equals(TableConfig.ALL_COLUMNS);
            if (!isAll && Identifiers.checkIdentifier(context, column.path(), column.value())
                    && !seen.add(column.value())) {
                context.error(column.path(), "duplicate column " + ErrorText.quote(column.value()));
            }
        }
        return columns.stream().map(ConfigNode.Located::value).toList();
    }

    private static Map<String, String> digests() {
        Map<String, String> digests = new LinkedHashMap<>();
        digests.put(TableConfig.DIGEST_BACKEND, TableConfig.DIGEST_BACKEND);
        digests.put(TableConfig.DIGEST_DATABASE, TableConfig.DIGEST_DATABASE);
        return digests;
    }
}
