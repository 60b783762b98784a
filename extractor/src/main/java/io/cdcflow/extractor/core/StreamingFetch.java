package io.cdcflow.extractor.core;

/**
 * Connection and statement settings that make a driver stream a large result instead of holding
 * it in memory. Statements are always forward-only and read-only.
 *
 * @param autoCommit the connection's auto-commit mode while the query runs (PostgreSQL streams only
 *     inside a transaction)
 * @param fetchSize the statement's fetch size ({@link Integer#MIN_VALUE} asks MySQL Connector/J
 *     for row-by-row streaming)
 */
public record StreamingFetch(boolean autoCommit, int fetchSize) {
}
