package io.cdcflow.extractor.core;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * What differs between databases in the SQL the extractor sends and in how it reads results:
 * identifier quoting, streaming fetch and the mapping of column types. Implementations are
 * stateless and thread-safe.
 *
 * <p>Identifiers (schema, table and column names) always pass through {@link #quote}; they are
 * never spliced into SQL raw, whatever the configuration holds.
 */
public interface Dialect {

    /** The identifier as a quoted SQL identifier, embedded quote characters doubled. */
    String quote(String identifier);

    /**
     * Whether a table's "schema" is a JDBC catalog (MySQL and MariaDB: the database) rather than a
     * JDBC schema, for metadata look-ups.
     */
    default boolean schemaIsCatalog() {
        return false;
    }

    /** How to configure a connection and statement so that a large result streams. */
    StreamingFetch streamingFetch(int batchSize);

    /**
     * How a column is represented in the pipeline and read from a result set. The default follows
     * the JDBC type code; dialects refine it by the database's type name.
     */
    default MappedColumn map(SourceColumn column) {
        return JdbcTypeMapper.map(column);
    }

    /**
     * The table's name for a FROM clause.
     *
     * @param schema the schema (for MySQL and MariaDB: the database), or null for the connection's
     *     default
     * @param table the table
     */
    default String qualifiedTable(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** {@code SELECT <quoted columns> FROM <qualified table>}. */
    default String selectAll(String schema, String table, List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a SELECT needs at least one column");
        }
        StringJoiner list = new StringJoiner(", ");
        for (String column : columns) {
            list.add(quote(column));
        }
        return "SELECT " + list + " FROM " + qualifiedTable(schema, table);
    }

    /**
     * The parameter that compares a timestamp column with {@code bound} (bound with {@code
     * setObject}), keeping microseconds: by default the JDBC 4.2 classes, {@link LocalDateTime} for a
     * timestamp, {@link java.time.OffsetDateTime} in UTC for a timestamp with time zone, {@link
     * LocalDate} for a date.
     */
    default Object timestampParameter(Watermark bound) {
        return switch (bound.type()) {
            case TIMESTAMP -> (LocalDateTime) bound.value();
            case TIMESTAMP_TZ -> ((Instant) bound.value()).atOffset(ZoneOffset.UTC);
            default -> (LocalDate) bound.value();
        };
    }

    /**
     * The SELECT of every planned column of the rows whose key lies in {@code range}, in key order:
     * a keyset range query that the primary-key index serves.
     */
    default String selectRange(ExtractionPlan plan, KeyRange range) {
        StringBuilder sql = new StringBuilder(plan.selectSql());
        if (!range.predicate().isEmpty()) {
            sql.append(" WHERE ").append(range.predicate());
        }
        StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
        for (Column column : plan.keyColumns()) {
            order.add(quote(column.name()));
        }
        return sql.append(order).toString();
    }

    /** The key columns, quoted, in key order. */
    default List<String> quotedKey(ExtractionPlan plan) {
        return plan.keyColumns().stream().map(c -> quote(c.name())).toList();
    }

    /**
     * A query returning one row, {@code (count, checksum)}, for the rows whose key lies in {@code
     * range}: the database digests a chunk without sending its rows ({@code digest: database}). The
     * checksum covers the key and the hashed columns; equal checksums mean an unchanged chunk (as in
     * data-diff, a sum of 60-bit prefixes of per-row MD5s). Empty if the database has no such SQL
     * here.
     */
    default Optional<String> chunkChecksum(ExtractionPlan plan, KeyRange range) {
        return Optional.empty();
    }

    /** The columns a chunk checksum covers: the key, then the hashed columns not in the key. */
    static List<Column> checksummedColumns(ExtractionPlan plan) {
        List<Column> columns = new ArrayList<>(plan.keyColumns());
        for (Column column : plan.hashedColumns()) {
            if (!columns.contains(column)) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** {@code sql WHERE predicate}, or {@code sql} when the range is unbounded. */
    static String where(String sql, KeyRange range) {
        return range.predicate().isEmpty() ? sql : sql + " WHERE " + range.predicate();
    }

    /**
     * A key value (canonical class) as the parameter that compares the key column with it: instants
     * as {@link java.time.OffsetDateTime} in UTC, everything else as it is.
     */
    default Object keyParameter(Column column, Object value) {
        return column.type() == ColumnType.TIMESTAMP_TZ ? ((Instant) value).atOffset(ZoneOffset.UTC) : value;
    }

    /** Quotes an identifier with {@code quoteChar}, doubling embedded ones. */
    static String quoteWith(char quoteChar, String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an identifier must not be empty");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must not contain NUL");
        }
        String q = String.valueOf(quoteChar);
        return q + identifier.replace(q, q + q) + q;
    }
}
