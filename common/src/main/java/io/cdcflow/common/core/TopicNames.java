package io.cdcflow.common.core;

import java.util.Objects;

/**
 * Names of every topic the pipeline uses, derived from one configurable prefix. The serdes that go
 * with each name live in {@code io.cdcflow.common.io.Topics}.
 */
public record TopicNames(String prefix) {
    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Run commands (JSON), key {@code datasource.table}. */
    public String commands() {
        return prefix + ".commands";
    }

    /** Commands that could not be parsed or executed, with error headers. */
    public String commandsDeadLetter() {
        return prefix + ".commands.dlq";
    }

    /** Row events and run markers (Avro), key {@code datasource.table} + NUL + primary key. */
    public String rows() {
        return prefix + ".rows";
    }

    /** Table schemas (Avro schema JSON), compacted, key = schema fingerprint. */
    public String schemas() {
        return prefix + ".schemas";
    }

    /**
     * High-water marks of timestamp-method tables (JSON), compacted, one partition, key {@code
     * datasource.table}; written by the extractor in the transaction that completes a run.
     */
    public String watermarks() {
        return prefix + ".watermarks";
    }

    /** Run lifecycle events (JSON), key {@code datasource.table}. */
    public String runEvents() {
        return prefix + ".run-events";
    }

    /**
     * Chunk tasks of {@code parallel_chunks} runs (JSON), key {@code run id#task}; read by every
     * extractor instance in one consumer group.
     */
    public String chunkTasks() {
        return prefix + ".chunk-tasks";
    }

    /** Results of chunk tasks (JSON), key the run id; read by the instance running the run. */
    public String chunkResults() {
        return prefix + ".chunk-results";
    }

    /** Changes and end-of-partition markers for the writer (JSON), key {@code datasource.table}. */
    public String writerFeed() {
        return prefix + ".writer-feed";
    }

    /** Per-table change topic for downstream subscribers (JSON envelope), key = primary key. */
    public String changes(String datasource, String table) {
        return prefix + ".changes." + datasource + "." + table;
    }

    /** The Kafka Streams application id of the differ; prefixes its internal topics. */
    public String differApplicationId() {
        return prefix + "-differ";
    }
}
