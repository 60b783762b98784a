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
 * @param duplicates rows of the attempt whose key the attempt had already read in this partition
 * @param duplicateKey the primary key JSON of the first of them, or null
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
        @JsonProperty("schema_change") SchemaChange schemaChange,
        @JsonProperty("duplicates") long duplicates,
        @JsonProperty("duplicate_key") String duplicateKey) {

    /** Progress of a run whose schema is the previous run's. */
    public RunProgress(String runId, String attempt, String method, long runStartedMs, String schemaFingerprint,
                       long seen, Counts counts, boolean finished) {
        this(runId, attempt, method, runStartedMs, schemaFingerprint, seen, counts, finished, null);
    }

    /** Progress without duplicate keys. */
    public RunProgress(String runId, String attempt, String method, long runStartedMs, String schemaFingerprint,
                       long seen, Counts counts, boolean finished, SchemaChange schemaChange) {
        this(runId, attempt, method, runStartedMs, schemaFingerprint, seen, counts, finished, schemaChange, 0, null);
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

    /**
     * Whether a START of run {@code otherRunId} starting at {@code otherStartedMs} reuses this run's id
     * for another run: same id, other start. A retried attempt re-executes the same command, so it has
     * the same start; a new command (say {@code cdc trigger --run-id X} twice) has another.
     */
    public boolean reusedBy(String otherRunId, long otherStartedMs) {
        return runId.equals(otherRunId) && runStartedMs != otherStartedMs;
    }

    /** Why a run reusing this run's id is refused (see {@link #reusedBy}). */
    public String reusedRunIdStatus() {
        return "refused: run id " + runId + " was already used by the run started "
                + java.time.Instant.ofEpochMilli(runStartedMs) + "; give every run a new run id";
    }

    /**
     * Progress after one more row with the given verdict.
     *
     * @throws IllegalArgumentException for {@link RowDiffer.Verdict#DUPLICATE}: see {@link #withDuplicate}
     */
    public RunProgress withRow(RowDiffer.Verdict verdict) {
        Counts c = counts;
        Counts next = switch (verdict) {
            case ADDED -> new Counts(c.rows() + 1, c.added() + 1, c.modified(), c.deleted(), c.unchanged());
            case MODIFIED -> new Counts(c.rows() + 1, c.added(), c.modified() + 1, c.deleted(), c.unchanged());
            case UNCHANGED -> new Counts(c.rows() + 1, c.added(), c.modified(), c.deleted(), c.unchanged() + 1);
            // seen by an earlier attempt of this run, which already counted it
            case REPEATED -> c;
            case DUPLICATE -> throw new IllegalArgumentException("a duplicate key is counted by withDuplicate");
        };
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen + 1, next, finished,
                schemaChange, duplicates, duplicateKey);
    }

    /**
     * Progress after one more row whose key this attempt had already read ({@link
     * RowDiffer.Verdict#DUPLICATE}): it counts towards the rows seen, not as a change.
     *
     * @param primaryKey the row's primary key JSON, kept if it is the first duplicate
     */
    public RunProgress withDuplicate(String primaryKey) {
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen + 1, counts, finished,
                schemaChange, duplicates + 1, duplicateKey == null ? primaryKey : duplicateKey);
    }

    /**
     * Why the attempt cannot complete because of duplicate keys, or null if it had none. Names the
     * table, the number and one key, never row values (they may be sensitive).
     */
    public String duplicateKeyStatus(String tableId) {
        if (duplicates == 0) {
            return null;
        }
        return "duplicate keys: " + duplicates + " row(s) of " + tableId
                + " repeat a primary key already read by this run, e.g. " + duplicateKey
                + "; configure a \"primary_key\" that is unique";
    }

    /** Progress after {@code n} deletes. */
    public RunProgress withDeletes(long n) {
        Counts c = counts;
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen,
                new Counts(c.rows(), c.added(), c.modified(), c.deleted() + n, c.unchanged()), finished, schemaChange,
                duplicates, duplicateKey);
    }

    public RunProgress finish() {
        return new RunProgress(runId, attempt, method, runStartedMs, schemaFingerprint, seen, counts, true, schemaChange,
                duplicates, duplicateKey);
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
