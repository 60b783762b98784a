package io.cdcflow.differ.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.Json;
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
 */
public record RunProgress(
        @JsonProperty("run_id") String runId,
        @JsonProperty("attempt") String attempt,
        @JsonProperty("method") String method,
        @JsonProperty("run_started_ms") long runStartedMs,
        @JsonProperty("schema") String schemaFingerprint,
        @JsonProperty("seen") long seen,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("finished") boolean finished) {

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
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen + 1, next, finished);
    }

    /** Progress after {@code n} deletes. */
    public RunProgress withDeletes(long n) {
        Counts c = counts;
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen,
                new Counts(c.rows(), c.added(), c.modified(), c.deleted() + n, c.unchanged()), finished);
    }

    public RunProgress finish() {
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen, counts, true);
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
