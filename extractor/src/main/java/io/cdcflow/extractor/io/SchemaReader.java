package io.cdcflow.extractor.io;

import io.cdcflow.common.config.TableConfig;
import io.cdcflow.extractor.core.Dialect;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.MappedColumn;
import io.cdcflow.extractor.core.SourceColumn;
import io.cdcflow.extractor.core.SourceSchemaException;
import io.cdcflow.extractor.core.TableLocation;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a table's shape from JDBC {@link DatabaseMetaData} and plans its extraction. The table is
 * looked up by its exact name first, then case-insensitively when exactly one table matches (so
 * {@code Users} finds PostgreSQL's folded {@code users}); SQL then uses the database's spelling.
 */
public final class SchemaReader {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaReader.class);

    private SchemaReader() {
    }

    /**
     * Plans the extraction of {@code table}.
     *
     * @throws SourceSchemaException if the table does not exist, has no usable primary key, or a
     *     configured column does not exist
     * @throws SQLException if the metadata cannot be read
     */
    public static ExtractionPlan read(Connection connection, Dialect dialect, TableConfig table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String schema = table.schema() != null ? table.schema() : defaultSchema(connection, dialect);
        TableLocation location = locate(metaData, dialect, new TableLocation(table.datasource(), schema, table.table()));
        List<SourceColumn> columns = columns(metaData, dialect, location);
        ExtractionPlan plan = ExtractionPlan.plan(table, dialect, location, columns,
                primaryKey(metaData, dialect, location));
        for (MappedColumn column : plan.columns()) {
            if (column.isFallback()) {
                LOG.warn("Column {} of {}: {}", column.column().name(), location, column.fallbackReason());
            }
        }
        return plan;
    }

    private static String defaultSchema(Connection connection, Dialect dialect) throws SQLException {
        return dialect.schemaIsCatalog() ? connection.getCatalog() : connection.getSchema();
    }

    private static TableLocation locate(DatabaseMetaData metaData, Dialect dialect, TableLocation wanted)
            throws SQLException {
        String escape = metaData.getSearchStringEscape();
        Set<TableLocation> candidates = tables(metaData, dialect, wanted, escapePattern(wanted.table(), escape),
                escape, true);
        if (candidates.isEmpty()) {
            candidates = tables(metaData, dialect, wanted, "%", escape, false);
        }
        if (candidates.size() == 1) {
            return candidates.iterator().next();
        }
        if (candidates.isEmpty()) {
            throw new SourceSchemaException("table " + wanted + " not found");
        }
        throw new SourceSchemaException("table name " + wanted + " is ambiguous: " + candidates
                + "; configure \"schema\"");
    }

    /** Tables named like {@code wanted}: exactly, or ignoring case (then every table of the schema is listed). */
    private static Set<TableLocation> tables(DatabaseMetaData metaData, Dialect dialect, TableLocation wanted,
                                             String tablePattern, String escape, boolean exact) throws SQLException {
        Set<TableLocation> found = new LinkedHashSet<>();
        String schemaPattern = wanted.schema() == null || !exact ? null : escapePattern(wanted.schema(), escape);
        try (ResultSet tables = dialect.schemaIsCatalog()
                ? metaData.getTables(wanted.schema(), null, tablePattern, null)
                : metaData.getTables(null, schemaPattern, tablePattern, null)) {
            while (tables.next()) {
                String schema = schemaOf(tables, dialect);
                String name = tables.getString("TABLE_NAME");
                boolean sameName = exact ? wanted.table().equals(name) : wanted.table().equalsIgnoreCase(name);
                if (sameName && sameSchema(wanted.schema(), schema, exact)) {
                    found.add(new TableLocation(wanted.datasource(), schema, name));
                }
            }
        }
        return found;
    }

    private static String schemaOf(ResultSet rs, Dialect dialect) throws SQLException {
        return dialect.schemaIsCatalog() ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
    }

    private static boolean sameSchema(String wantedSchema, String schema, boolean exact) {
        if (wantedSchema == null) {
            return true;
        }
        return exact ? wantedSchema.equals(schema) : wantedSchema.equalsIgnoreCase(schema);
    }

    private static List<SourceColumn> columns(DatabaseMetaData metaData, Dialect dialect, TableLocation location)
            throws SQLException {
        TreeMap<Integer, SourceColumn> byPosition = new TreeMap<>();
        String escape = metaData.getSearchStringEscape();
        String tablePattern = escapePattern(location.table(), escape);
        String schemaPattern = location.schema() == null ? null : escapePattern(location.schema(), escape);
        try (ResultSet rs = dialect.schemaIsCatalog()
                ? metaData.getColumns(location.schema(), null, tablePattern, "%")
                : metaData.getColumns(null, schemaPattern, tablePattern, "%")) {
            while (rs.next()) {
                String schema = schemaOf(rs, dialect);
                if (!location.table().equals(rs.getString("TABLE_NAME"))
                        || (location.schema() != null && !location.schema().equals(schema))) {
                    continue;
                }
                byPosition.put(rs.getInt("ORDINAL_POSITION"), new SourceColumn(
                        rs.getString("COLUMN_NAME"),
                        rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"),
                        rs.getInt("DECIMAL_DIGITS"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return new ArrayList<>(byPosition.values());
    }

    private static List<String> primaryKey(DatabaseMetaData metaData, Dialect dialect, TableLocation location)
            throws SQLException {
        TreeMap<Integer, String> bySequence = new TreeMap<>();
        try (ResultSet rs = dialect.schemaIsCatalog()
                ? metaData.getPrimaryKeys(location.schema(), null, location.table())
                : metaData.getPrimaryKeys(null, location.schema(), location.table())) {
            while (rs.next()) {
                bySequence.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(bySequence.values());
    }

    /** Escapes the wildcards of a metadata search pattern. */
    static String escapePattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
