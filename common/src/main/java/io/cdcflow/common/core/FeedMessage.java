package io.cdcflow.common.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A record on the writer feed (key {@code datasource.table}, so one writer instance owns a table):
 * either one change, or the differ's report that one rows-topic partition finished a run.
 *
 * @param type {@link #CHANGE} or {@link #PARTITION_DONE}
 * @param runStartedMs the run's start, epoch ms (names the files)
 * @param key CHANGE: the primary key as a JSON object
 * @param change CHANGE: the change envelope
 * @param partition PARTITION_DONE: the rows-topic partition that finished
 * @param partitions PARTITION_DONE: how many partitions the run spans
 * @param status PARTITION_DONE: {@code complete}, or why the partition's part is incomplete
 * @param counts PARTITION_DONE: the partition's counts for the run
 * @param schemaJson PARTITION_DONE: the table's Avro schema for the run
 * @param schemaChange PARTITION_DONE: how the schema differs from the previous run's, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedMessage(
        @JsonProperty("type") String type,
        @JsonProperty("datasource") String datasource,
        @JsonProperty("table") String table,
        @JsonProperty("run_id") String runId,
        @JsonProperty("run_started_ms") long runStartedMs,
        @JsonProperty("method") String method,
        @JsonProperty("key") JsonNode key,
        @JsonProperty("change") ChangeEvent change,
        @JsonProperty("partition") Integer partition,
        @JsonProperty("partitions") Integer partitions,
        @JsonProperty("status") String status,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("schema") String schemaJson,
        @JsonProperty("schema_change") SchemaChange schemaChange) {

    public static final String CHANGE = "change";
    public static final String PARTITION_DONE = "partition_done";
    public static final String COMPLETE = "complete";

    /** A message without a schema change. */
    public FeedMessage(String type, String datasource, String table, String runId, long runStartedMs, String method,
                       JsonNode key, ChangeEvent change, Integer partition, Integer partitions, String status,
                       Counts counts, String schemaJson) {
        this(type, datasource, table, runId, runStartedMs, method, key, change, partition, partitions, status, counts,
                schemaJson, null);
    }

    public static FeedMessage change(String method, long runStartedMs, JsonNode key, ChangeEvent change) {
        ChangeEvent.Source source = change.source();
        return new FeedMessage(CHANGE, source.datasource(), source.table(), source.runId(), runStartedMs, method,
                key, change, null, null, null, null, null, null);
    }

    public static FeedMessage partitionDone(RowEvent end, int partition, String status, Counts counts,
                                            String schemaJson) {
        return partitionDone(end, partition, status, counts, schemaJson, null);
    }

    /** A partition report; {@code schemaChange} is null when the run's schema is the previous run's. */
    public static FeedMessage partitionDone(RowEvent end, int partition, String status, Counts counts,
                                            String schemaJson, SchemaChange schemaChange) {
        return new FeedMessage(PARTITION_DONE, end.datasource(), end.table(), end.runId(), end.runStartedMs(),
                end.method(), null, null, partition, end.partitions(), status, counts, schemaJson, schemaChange);
    }

    public boolean isChange() {
        return CHANGE.equals(type);
    }

    public String tableId() {
        return TableIds.of(datasource, table);
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FeedMessage parse(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, FeedMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed writer feed message", e);
        }
    }
}
