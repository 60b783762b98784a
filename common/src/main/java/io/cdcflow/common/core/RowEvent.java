package io.cdcflow.common.core;

import java.util.List;
import java.util.Objects;

/**
 * A record on the rows topic: a run marker or one row. See {@code docs/messages.md}.
 *
 * <p>Protocol: for each attempt of a run the extractor sends a {@link Kind#START} marker to every
 * partition, then the rows (each to the partition of its key), then an {@link Kind#END} marker to
 * every partition carrying the number of rows of that attempt it sent to that partition. The
 * differ treats a partition's part of the run as complete only when it has counted exactly that
 * many rows of the attempt.
 *
 * @param kind START, ROW or END
 * @param datasource configured datasource
 * @param table configured table
 * @param runId the run
 * @param attempt unique per execution of the run; a re-executed run (after a crash) has a new one
 * @param runStartedMs the run's start (request time), epoch milliseconds
 * @param method the CDC method name ({@code hash}, {@code timestamp}, {@code hash-partition})
 * @param hash ROW: 16-byte MD5 of the hashed columns; otherwise null
 * @param row ROW: the row, Avro single-object encoded; otherwise null
 * @param schemaJson START: the table's Avro schema; otherwise null
 * @param partitions START/END: partition count of the rows topic at the time of the run
 * @param count END: rows of this attempt sent to this partition
 * @param status END: {@code ok}, or {@code failed: reason} when the extraction failed
 * @param chunk ROW of a {@code hash-partition} run: the id of the key-range chunk the row belongs
 *     to; otherwise {@link #NO_CHUNK}
 * @param batch BATCH: rows of the attempt that go to this partition, in order; otherwise empty
 * @param sparedChunks END of a {@code hash-partition} run: the chunks the run proved unchanged
 *     without publishing their rows; keys the differ last saw in one of them are not deleted.
 *     Otherwise empty.
 */
public record RowEvent(
        Kind kind,
        String datasource,
        String table,
        String runId,
        String attempt,
        long runStartedMs,
        String method,
        byte[] hash,
        byte[] row,
        String schemaJson,
        int partitions,
        long count,
        String status,
        long chunk,
        List<BatchRow> batch,
        List<Long> sparedChunks) {

    /**
     * What a row event is. The extractor sends rows in BATCH records (many rows of one partition in
     * one Kafka record, so the per-record cost of Kafka and Streams is paid once per batch); ROW, one
     * row per record keyed by the row key, is still understood.
     */
    public enum Kind { START, ROW, END, BATCH }

    /**
     * One row of a BATCH.
     *
     * @param key the row key ({@link RowKeys})
     * @param hash 16-byte MD5 of the hashed columns
     * @param row the row, Avro single-object encoded
     * @param chunk the row's chunk ({@code hash-partition}) or {@link #NO_CHUNK}
     */
    public record BatchRow(String key, byte[] hash, byte[] row, long chunk) {
        public BatchRow {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(row, "row");
        }

        /** Bytes the row takes in a batch, roughly. */
        public int approximateBytes() {
            return key.length() + hash.length + row.length + 16;
        }
    }

    public static final String STATUS_OK = "ok";
    /** The chunk of rows of runs that do not split the table into chunks. */
    public static final long NO_CHUNK = -1;

    public RowEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(datasource, "datasource");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(method, "method");
        batch = batch == null ? List.of() : List.copyOf(batch);
        sparedChunks = sparedChunks == null ? List.of() : List.copyOf(sparedChunks);
    }

    /** Rows this event carries: 1 for ROW, the batch size for BATCH, else 0. */
    public int rowCount() {
        return switch (kind) {
            case ROW -> 1;
            case BATCH -> batch.size();
            default -> 0;
        };
    }

    /**
     * The rows this event carries with their keys: a BATCH's rows as they are (no copy), a ROW as one
     * row keyed by {@code recordKey}, none for a marker. Run, attempt and table are this event's.
     */
    public List<BatchRow> rows(String recordKey) {
        return switch (kind) {
            case ROW -> List.of(new BatchRow(recordKey, hash, row, chunk));
            case BATCH -> batch;
            default -> List.of();
        };
    }

    /** The {@code datasource.table} id. */
    public String tableId() {
        return TableIds.of(datasource, table);
    }

    /** Whether an END marker reports a successful extraction. */
    public boolean ok() {
        return STATUS_OK.equals(status);
    }

    /** Identity of a run attempt, shared by its markers and rows. */
    public record RunAttempt(String datasource, String table, String runId, String attempt, long runStartedMs,
                             String method) {
        public RowEvent start(String schemaJson, int partitions) {
            return new RowEvent(Kind.START, datasource, table, runId, attempt, runStartedMs, method,
                    null, null, schemaJson, partitions, 0, null, NO_CHUNK, List.of(), List.of());
        }

        public RowEvent row(byte[] hash, byte[] row) {
            return row(hash, row, NO_CHUNK);
        }

        public RowEvent row(byte[] hash, byte[] row, long chunk) {
            return new RowEvent(Kind.ROW, datasource, table, runId, attempt, runStartedMs, method,
                    hash, row, null, 0, 0, null, chunk, List.of(), List.of());
        }

        public RowEvent batch(List<BatchRow> rows) {
            return new RowEvent(Kind.BATCH, datasource, table, runId, attempt, runStartedMs, method,
                    null, null, null, 0, 0, null, NO_CHUNK, rows, List.of());
        }

        public RowEvent end(int partitions, long count, String status) {
            return end(partitions, count, status, List.of());
        }

        public RowEvent end(int partitions, long count, String status, List<Long> sparedChunks) {
            return new RowEvent(Kind.END, datasource, table, runId, attempt, runStartedMs, method,
                    null, null, null, partitions, count, status, NO_CHUNK, List.of(), sparedChunks);
        }
    }
}
