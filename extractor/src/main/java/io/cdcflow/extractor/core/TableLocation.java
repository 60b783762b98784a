package io.cdcflow.extractor.core;

import java.util.Objects;

/**
 * Where a table lives in its database, spelled as the database spells it.
 *
 * @param datasource the configured datasource name (for messages)
 * @param schema the schema (MySQL and MariaDB: the database), or null for the connection's default
 * @param table the table name
 */
public record TableLocation(String datasource, String schema, String table) {
    public TableLocation {
        Objects.requireNonNull(datasource, "datasource");
        Objects.requireNonNull(table, "table");
    }

    /** {@code schema.table in datasource d}, for messages. */
    @Override
    public String toString() {
        return (schema == null ? "" : schema + ".") + table + " (datasource " + datasource + ")";
    }
}
