package io.cdcflow.writer.core;

import java.util.List;

/** The metadata columns the writer appends to every row of a snapshot file, in file order. */
public final class CdcColumns {
    /** {@code added}, {@code modified} or {@code deleted}. */
    public static final String OPERATION = "_cdc_operation";
    /** The run's start, ISO-8601 UTC: the same for every row of a run, so re-written files are identical. */
    public static final String TIMESTAMP = "_cdc_timestamp";
    /** The configured table. */
    public static final String TABLE = "_cdc_table";
    /** The configured datasource. */
    public static final String DATASOURCE = "_cdc_datasource";
    /** All of them, in the order they follow the table's columns. */
    public static final List<String> ALL = List.of(OPERATION, TIMESTAMP, TABLE, DATASOURCE);

    private CdcColumns() {
    }
}
