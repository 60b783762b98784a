package io.cdcflow.differ.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.SchemaChange;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One partition's progress through the current run of one table.
 *
 * @param runId the run
 * @param attempt the extraction attempt whose rows are being counted
 * @param method CDC method of the run
 * @param runStartedMs run start, epoch ms
 * @param schemaFingerprint fingerprint of the run's table schema
 * @param seen rows of the attempt seen so far in this partition
 * @param counts changes of the run in this partition (all attempts)
 * @param finished whether the END marker has been processed
 * @param schemaChange how the run's schema differs from the previous run's, or null
 */
public record RunProgress(
        @JsonProperty("run_id") String runId,
        @JsonProperty("attempt") String attempt,
        @JsonProperty("method") String method,
        @JsonProperty("run_started_ms") long runStartedMs,
        @JsonProperty("schema") String schemaFingerprint,
        @JsonProperty("seen") long seen,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("finished") boolean finished,
        @JsonProperty("schema_change") SchemaChange schemaChange) {

    /** Progress of a run whose schema is the previous run's. */
    public RunProgress(String runId, String attempt, String method, long runStartedMs, String schemaFingerprint,
                       long seen, Counts counts, boolean finished) {
        this(runId, attempt, method, runStartedMs, schemaFingerprint, seen, counts, finished, null);
    }

    /**
     * The schema change of a new attempt of a run with schema {@code fingerprint}, this being the
     * table's progress so far (null before its first run): against the previous run's schema.
     */
    public static SchemaChange schemaChange(RunProgress current, String runId, String fingerprint) {
        if (current == null) {
            return null;
        }
        boolean sameRun = current.runId().equals(runId);
        String previous = sameRun && current.schemaChange() != null ? current.schemaChange().previous()
                : current.schemaFingerprint();
        return SchemaChange.between(previous, fingerprint);
    }

    /** Progress after one more row with the given verdict. */
    public RunProgress withRow(RowDiffer.Verdict verdict) {
        Counts c = counts;
        Counts next = switch (verdict) {
            case ADDED -> new Counts(c.rows() + 1, c.added() + 1, c.modified(), c.deleted(), c.unchanged());
            case MODIFIED -> new Counts(c.rows() + 1, c.added(), c.modified() + 1, c.deleted(), c.unchanged());
            case UNCHANGED -> new Counts(c.rows() + 1, c.added(), c.modified(), c.deleted(), c.unchanged() + 1);
            // seen by an earlier attempt of this run, which already counted it
            case REPEATED -> c;
        };
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen + 1, next, finished,
                schemaChange);
    }

    /** Progress after {@code n} deletes. */
    public RunProgress withDeletes(long n) {
        Counts c = counts;
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen,
                new Counts(c.rows(), c.added(), c.modified(), c.deleted() + n, c.unchanged()), finished, schemaChange);
    }

    public RunProgress finish() {
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen, counts, true, schemaChange);
    }

    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunProgress fromBytes(byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, RunProgress.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt run progress", e);
        }
    }
}
