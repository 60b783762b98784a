package io.cdcflow.common.core;

/** The {@code datasource.table} identifier of a configured table. */
public final class TableIds {
    private TableIds() {
    }

    /** Joins a datasource and table name; config validation guarantees neither contains a dot. */
    public static String of(String datasource, String table) {
        return datasource + "." + table;
    }
}
