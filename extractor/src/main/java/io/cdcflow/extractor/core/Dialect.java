package io.cdcflow.extractor.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
