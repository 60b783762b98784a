package io.cdcflow.extractor.core;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * MySQL and MariaDB through MySQL Connector/J: back-quoted identifiers, the "schema" of a table is
 * its database, and results stream row by row with a forward-only, read-only statement whose fetch
 * size is {@link Integer#MIN_VALUE}.
 *
 * <p>Type names refine the mapping: {@code INT UNSIGNED} does not fit an int and {@code BIGINT
 * UNSIGNED} not a long; {@code TINYINT(1)} and {@code BIT(1)} are booleans (Connector/J reports both
 * as {@code BIT} of size 1), wider {@code BIT(n)} are bytes; {@code YEAR} is an int (the driver
 * reports it as a date). {@code TIMESTAMP} columns hold instants, rendered by the server in the
 * session time zone; the extractor pins that zone to UTC (see {@link #SESSION_PROPERTIES}) and
 * reads them as {@link ColumnType#TIMESTAMP_TZ}, while {@code DATETIME} is a wall-clock
 * {@link ColumnType#TIMESTAMP}.
 *
 * <p>MariaDB's {@code JSON} is an alias of {@code LONGTEXT}, so its JSON columns arrive as
 * {@link ColumnType#STRING}.
 */
public final class MySqlDialect implements Dialect {
    /**
     * Connector/J properties every MySQL and MariaDB connection of the extractor gets: the session
     * time zone is UTC, so {@code TIMESTAMP} values are rendered in UTC whatever the server's or the
     * JVM's zone.
     */
    public static final Map<String, String> SESSION_PROPERTIES = Map.of(
            "connectionTimeZone", "UTC",
            "forceConnectionTimeZoneToSession", "true");

    private static final int UNSIGNED_BIGINT_DIGITS = 20;
    private static final DateTimeFormatter DATETIME_LITERAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .toFormatter(Locale.ROOT);

    @Override
    public String quote(String identifier) {
        return Dialect.quoteWith('`', identifier);
    }

    /**
     * {@code QUOTE} quotes each value (NULL becomes the bare word), so {@code CONCAT_WS} of the quoted
     * values is unambiguous.
     */
    @Override
    public Optional<String> chunkChecksum(ExtractionPlan plan, KeyRange range) {
        StringJoiner values = new StringJoiner(", ", "CONCAT_WS('|', ", ")");
        for (Column column : Dialect.checksummedColumns(plan)) {
            values.add("QUOTE(" + quote(column.name()) + ")");
        }
        return Optional.of(Dialect.where("SELECT COUNT(*), COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(" + values
                + "), 1, 15), 16, 10) AS UNSIGNED)), 0) FROM " + qualifiedTable(plan.location().schema(),
                plan.location().table()), range));
    }

    @Override
    public boolean schemaIsCatalog() {
        return true;
    }

    @Override
    public StreamingFetch streamingFetch(int batchSize) {
        return new StreamingFetch(true, Integer.MIN_VALUE);
    }

    @Override
    public MappedColumn map(SourceColumn column) {
        String typeName = column.typeName().toUpperCase(Locale.ROOT);
        return switch (typeName) {
            case "INT UNSIGNED", "INTEGER UNSIGNED" -> MappedColumn.exact(column, ColumnType.LONG, ValueRead.LONG);
            case "BIGINT UNSIGNED" -> MappedColumn.decimal(column, UNSIGNED_BIGINT_DIGITS, 0);
            case "TINYINT UNSIGNED", "SMALLINT UNSIGNED", "MEDIUMINT UNSIGNED", "YEAR" ->
                    MappedColumn.exact(column, ColumnType.INT, ValueRead.INT);
            case "BIT" -> column.size() <= 1
                    ? MappedColumn.exact(column, ColumnType.BOOLEAN, ValueRead.BOOLEAN)
                    : MappedColumn.exact(column, ColumnType.BYTES, ValueRead.BYTES);
            case "TIMESTAMP" -> MappedColumn.exact(column, ColumnType.TIMESTAMP_TZ, ValueRead.UTC_LOCAL_DATE_TIME);
            case "DATETIME" -> MappedColumn.exact(column, ColumnType.TIMESTAMP, ValueRead.LOCAL_DATE_TIME);
            default -> JdbcTypeMapper.map(column);
        };
    }

    /**
     * Text, {@code 2024-03-31 01:30:00.000001}, which the server converts to the column's type for the
     * comparison: Connector/J drops the fraction of a bound {@code LocalDateTime} when it takes the
     * server for a MySQL older than 5.6.4, which it does with MariaDB (whose handshake version starts
     * with {@code 5.5.5-}). A {@code TIMESTAMP} bound is written in UTC, the session time zone.
     */
    @Override
    public Object timestampParameter(Watermark bound) {
        return switch (bound.type()) {
            case TIMESTAMP -> DATETIME_LITERAL.format((LocalDateTime) bound.value());
            case TIMESTAMP_TZ -> DATETIME_LITERAL.format(LocalDateTime.ofInstant((Instant) bound.value(), ZoneOffset.UTC));
            default -> bound.iso();
        };
    }
}
