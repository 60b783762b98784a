package io.cdcflow.common.config;

import java.util.Map;

/** Codec of the pages of Parquet snapshot files; the configuration spells each in lower case. */
public enum ParquetCompression {
    /** Snappy: fast, read by every Parquet reader; the default. */
    SNAPPY("snappy"),
    /** Zstandard: smaller files for a little more CPU; read by current readers (DuckDB, Spark, Arrow, Trino). */
    ZSTD("zstd");

    private static final Map<String, ParquetCompression> BY_JSON_NAME =
            JsonNames.of(values(), ParquetCompression::jsonName);

    private final String jsonName;

    ParquetCompression(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling in the configuration file and in summaries. */
    public String jsonName() {
        return jsonName;
    }

    static Map<String, ParquetCompression> byJsonName() {
        return BY_JSON_NAME;
    }
}
