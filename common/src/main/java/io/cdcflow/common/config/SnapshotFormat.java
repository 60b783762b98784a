package io.cdcflow.common.config;

import java.util.Map;

/** File format of snapshots and stored state; the configuration spells each as its extension. */
public enum SnapshotFormat {
    /** One JSON array per file. */
    JSON("json"),
    /** One JSON object per line. */
    JSONL("jsonl"),
    /** Comma-separated values with a header line. */
    CSV("csv"),
    /** Apache Parquet. */
    PARQUET("parquet"),
    /** Apache Avro object container file. */
    AVRO("avro");

    private static final Map<String, SnapshotFormat> BY_JSON_NAME =
            JsonNames.of(values(), SnapshotFormat::extension);

    private final String extension;

    SnapshotFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension without the dot, also the spelling in the configuration file. */
    public String extension() {
        return extension;
    }

    static Map<String, SnapshotFormat> byJsonName() {
        return BY_JSON_NAME;
    }
}
