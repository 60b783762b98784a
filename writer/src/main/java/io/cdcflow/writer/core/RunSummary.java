package io.cdcflow.writer.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code ..._summary.json} object of a snapshot set. It is uploaded after the data files, so its
 * presence tells ETL that the set is complete. Its content depends only on the run (no wall-clock
 * time), so a re-written summary is byte-identical to the first one.
 *
 * @param runId the run
 * @param datasource configured datasource
 * @param table configured table
 * @param method CDC method of the run
 * @param timestamp {@code YYYYMMDD_HHMMSS} of the set's object names
 * @param runStarted the run's start
 * @param status {@value #COMPLETE} or {@value #INCOMPLETE}
 * @param incompleteReason why the run is incomplete; null when complete
 * @param changes rows in the data files, per operation
 * @param rowsRead rows the differ received for the run
 * @param rowsUnchanged rows whose hash did not change
 * @param format the data files' format, e.g. {@code csv}
 * @param compression {@code gzip}, or null when the files are not compressed
 * @param files the data files, in the order added, modified, deleted
 * @param schemaFingerprint Avro parsing fingerprint of the table schema of the run, or null if unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(
        @JsonProperty("run_id") String runId,
        @JsonProperty("datasource") String datasource,
        @JsonProperty("table") String table,
        @JsonProperty("method") String method,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("run_started") Instant runStarted,
        @JsonProperty("status") String status,
        @JsonProperty("incomplete_reason") String incompleteReason,
        @JsonProperty("changes") Changes changes,
        @JsonProperty("rows_read") long rowsRead,
        @JsonProperty("rows_unchanged") long rowsUnchanged,
        @JsonProperty("format") String format,
        @JsonProperty("compression") String compression,
        @JsonProperty("files") List<SummaryFile> files,
        @JsonProperty("schema_fingerprint") String schemaFingerprint) {

    /** {@link #status()} of a run every partition of which completed. */
    public static final String COMPLETE = "complete";
    /** {@link #status()} of a run some partition of which did not complete. */
    public static final String INCOMPLETE = "incomplete";

    private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();

    public RunSummary {
        files = List.copyOf(files);
    }

    /**
     * Rows per operation.
     *
     * @param added rows in the added file
     * @param modified rows in the modified file
     * @param deleted rows in the deleted file
     */
    public record Changes(
            @JsonProperty("added") long added,
            @JsonProperty("modified") long modified,
            @JsonProperty("deleted") long deleted) {

        /** The rows of the files, per operation. */
        public static Changes of(List<SummaryFile> files) {
            long[] rows = new long[Operation.values().length];
            for (SummaryFile file : files) {
                for (Operation op : Operation.values()) {
                    if (op.category().equals(file.operation())) {
                        rows[op.ordinal()] += file.rows();
                    }
                }
            }
            return new Changes(rows[Operation.ADDED.ordinal()], rows[Operation.MODIFIED.ordinal()],
                    rows[Operation.DELETED.ordinal()]);
        }
    }

    /** Whether every partition of the run completed. */
    public boolean complete() {
        return COMPLETE.equals(status);
    }

    /** The run's counts as recorded here (rows in the files, rows read, rows unchanged). */
    public Counts counts() {
        return new Counts(rowsRead, changes.added(), changes.modified(), changes.deleted(), rowsUnchanged);
    }

    /** The object names of the set: the data files, then the summary itself. */
    public List<String> objectNames(String summaryObjectName) {
        return Stream.concat(files.stream().map(SummaryFile::path), Stream.of(summaryObjectName)).toList();
    }

    /** Pretty-printed UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return PRETTY.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render run summary", e);
        }
    }

    /**
     * Parses a summary written by {@link #toJson()}.
     *
     * @throws UncheckedIOException if the content is not a summary
     */
    public static RunSummary parse(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, RunSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed run summary", e);
        }
    }
}
