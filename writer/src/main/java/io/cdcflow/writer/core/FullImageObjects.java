package io.cdcflow.writer.core;

/**
 * Object names of a table's full image state, kept by the writer apart from the snapshots (ETL never
 * needs them): {@code writer-state/full-image/{datasource}/{table}/{YYYYMMDD_HHMMSS}.jsonl.gz}, one per
 * run, and the pointer {@code .../current.json} to the latest.
 */
public final class FullImageObjects {
    /** First segment of the writer's own state objects. */
    public static final String ROOT = "writer-state/full-image";

    private FullImageObjects() {
    }

    /** The prefix of all the table's state objects. */
    public static String directory(String datasource, String table) {
        return ROOT + "/" + datasource + "/" + table + "/";
    }

    /** The pointer to the table's latest image. */
    public static String pointer(String datasource, String table) {
        return directory(datasource, table) + "current.json";
    }

    /** The image written by the run whose snapshot set is named {@code timestamp}. */
    public static String state(String datasource, String table, SnapshotTimestamp timestamp) {
        return directory(datasource, table) + timestamp.text() + ".jsonl.gz";
    }
}
