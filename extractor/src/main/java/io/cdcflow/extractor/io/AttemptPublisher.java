package io.cdcflow.extractor.io;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.io.Topics;
import io.cdcflow.extractor.core.PartitionCounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one attempt of a run by the {@link RowEvent} protocol, in Kafka transactions:
 * <ol>
 *   <li>{@link #start}: the table's Avro schema, the STARTED run event and a START marker to every
 *       rows-topic partition, committed together;</li>
 *   <li>{@link #row}: each row to the partition of its key, in BATCH records of up to {@value
 *       #MESSAGE_ROWS} rows, committed every {@code batchSize} rows; at most every {@link
 *       #DEFAULT_PROGRESS_EVERY} a batch's transaction also carries a {@code progress} run event with
 *       the rows sent so far;</li>
 *   <li>{@link #finish} or {@link #fail}: an END marker to every partition with that partition's
 *       row count and status, the run event, and the command offset, committed together.</li>
 * </ol>
 * Not thread-safe.
 */
public final class AttemptPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptPublisher.class);
    /** Rows per BATCH record at most. */
    static final int MESSAGE_ROWS = 500;
    /** Bytes per BATCH record at most, roughly (a larger single row goes alone). */
    static final int MESSAGE_BYTES = 256 * 1024;
    /** At most this often a batch commit also carries a {@code progress} run event. */
    public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(2);

    private final TransactionalSender sender;
    private final Topics topics;
    private final RowEvent.RunAttempt attempt;
    private final byte[] markerKey;
    private final int batchSize;
    private final PartitionCounts counts;
    private final List<List<RowEvent.BatchRow>> pending;
    private final int[] pendingBytes;
    private int rowsInTransaction;
    private long total;
    private boolean started;
    private Runnable onRow = () -> { };
    private long progressEveryNanos = DEFAULT_PROGRESS_EVERY.toNanos();
    private long lastProgressNanos;

    /**
     * @param partitions the rows topic's partition count
     * @param batchSize rows per transaction
     */
    public AttemptPublisher(TransactionalSender sender, Topics topics, RowEvent.RunAttempt attempt, int partitions,
                            int batchSize) {
        this.sender = sender;
        this.topics = topics;
        this.attempt = attempt;
        this.markerKey = topics.rows().key(TableIds.of(attempt.datasource(), attempt.table()));
        this.batchSize = batchSize;
        this.counts = new PartitionCounts(partitions);
        this.pending = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            pending.add(new ArrayList<>());
        }
        this.pendingBytes = new int[partitions];
    }

    /** Runs {@code listener} after each row sent (metrics). */
    public void onRow(Runnable listener) {
        this.onRow = listener;
    }

    /** How often at most a batch commit carries a {@code progress} event (default 2 s; zero: every batch). */
    public void progressEvery(Duration interval) {
        this.progressEveryNanos = interval.toNanos();
    }

    /** Publishes the schema, the STARTED event and the START markers, and commits. */
    public void start(Schema schema, RunEvent startedEvent) {
        String schemaJson = schema.toString();
        sender.send(topics.schemas().name(), null, topics.schemas().key(TableAvroSchemas.fingerprint(schema)),
                topics.schemas().value(schemaJson));
        sendRunEvent(startedEvent);
        RowEvent start = attempt.start(schemaJson, counts.partitions());
        for (int partition = 0; partition < counts.partitions(); partition++) {
            sender.send(topics.rows().name(), partition, markerKey, topics.rows().value(start));
        }
        sender.commit();
        started = true;
        lastProgressNanos = System.nanoTime();
    }

    /** Publishes one row; commits the transaction when it holds {@code batchSize} rows. */
    public void row(String key, byte[] hash, byte[] encodedRow) {
        add(RowPartitioner.partition(key.getBytes(StandardCharsets.UTF_8), counts.partitions()),
                new RowEvent.BatchRow(key, hash, encodedRow, RowEvent.NO_CHUNK));
    }

    /**
     * Publishes one row of a chunk: adds it to its partition's BATCH, which is sent when it holds
     * {@value #MESSAGE_ROWS} rows or {@value #MESSAGE_BYTES} bytes; commits the transaction (all
     * batches sent first) when it holds {@code batchSize} rows.
     */
    public void row(byte[] keyBytes, byte[] hash, byte[] encodedRow, long chunk) {
        add(RowPartitioner.partition(keyBytes, counts.partitions()),
                new RowEvent.BatchRow(new String(keyBytes, StandardCharsets.UTF_8), hash, encodedRow, chunk));
    }

    private void add(int partition, RowEvent.BatchRow row) {
        pending.get(partition).add(row);
        pendingBytes[partition] += row.approximateBytes();
        if (pending.get(partition).size() >= MESSAGE_ROWS || pendingBytes[partition] >= MESSAGE_BYTES) {
            sendBatch(partition);
        }
        counts.add(partition);
        total++;
        onRow.run();
        if (++rowsInTransaction >= batchSize) {
            sendBatches();
            sendProgressIfDue();
            sender.commit();
            counts.commit();
            LOG.debug("Committed a batch of {} rows; {} rows so far", rowsInTransaction, total);
            rowsInTransaction = 0;
        }
    }

    /** Rows published so far, per partition (after {@link #fail}: those committed). */
    public PartitionCounts counts() {
        return counts;
    }

    /** Rows published so far by this attempt, committed or not. */
    public long rowsSent() {
        return total;
    }

    /**
     * Publishes END markers with status ok, the given event with the row count, and the command
     * offset, and commits.
     */
    public void finish(RunEvent extractedEvent, CommandOffset offset) {
        finish(extractedEvent, offset, List.of());
    }

    /**
     * Like {@link #finish(RunEvent, CommandOffset)}, with more records in the same transaction: they
     * are committed exactly when the run's extraction is (a timestamp table's watermark).
     *
     * @param alsoCommit records to send after the END markers and the event
     */
    public void finish(RunEvent extractedEvent, CommandOffset offset, List<ProducerRecord<byte[], byte[]>> alsoCommit) {
        finish(extractedEvent, offset, alsoCommit, List.of());
    }

    /**
     * Like {@link #finish(RunEvent, CommandOffset, List)}, with END markers naming the chunks the run
     * proved unchanged (hash-partition).
     */
    public void finish(RunEvent extractedEvent, CommandOffset offset, List<ProducerRecord<byte[], byte[]>> alsoCommit,
                       List<Long> sparedChunks) {
        sendBatches();
        sendEndMarkers(RowEvent.STATUS_OK, sparedChunks);
        sendRunEvent(extractedEvent.withCounts(rowCounts()));
        for (ProducerRecord<byte[], byte[]> record : alsoCommit) {
            sender.send(record.topic(), record.partition(), record.key(), record.value());
        }
        sender.commit(offset);
        counts.commit();
    }

    /**
     * Aborts the open transaction, then publishes END markers with status {@code failed: reason}
     * and the committed row counts (only if the START markers were published), the given event with
     * the reason and the committed row count, and the command offset, and commits.
     */
    public void fail(String reason, RunEvent failedEvent, CommandOffset offset) {
        sender.abort();
        pending.forEach(List::clear);
        Arrays.fill(pendingBytes, 0);
        counts.rollback();
        if (started) {
            sendEndMarkers("failed: " + reason, List.of());
        }
        sendRunEvent(failedEvent.withError(reason).withCounts(rowCounts()));
        sender.commit(offset);
    }

    /**
     * Ends a chunk task of the attempt (no markers: the attempt's coordinator sends them): sends the
     * rows still buffered and {@code result}, and commits them with the task's offset.
     */
    public void commitTask(ProducerRecord<byte[], byte[]> result, CommandOffset taskOffset) {
        sendBatches();
        sender.send(result.topic(), result.partition(), result.key(), result.value());
        sender.commit(taskOffset);
        counts.commit();
    }

    /**
     * Aborts the open transaction of a chunk task and forgets its rows; the task is read again.
     */
    public void abortTask() {
        sender.abort();
        pending.forEach(List::clear);
        Arrays.fill(pendingBytes, 0);
        counts.rollback();
    }

    /**
     * Adds a {@code progress} event with the rows sent so far to the transaction about to commit,
     * if the last one is older than the interval: the rows it counts are committed with it.
     */
    private void sendProgressIfDue() {
        long now = System.nanoTime();
        if (now - lastProgressNanos < progressEveryNanos) {
            return;
        }
        lastProgressNanos = now;
        sendRunEvent(RunEvent.of(attempt.runId(), attempt.datasource(), attempt.table(), RunEvent.State.PROGRESS,
                Instant.now(), attempt.method()).withCounts(new Counts(total, 0, 0, 0, 0)));
    }

    private Counts rowCounts() {
        return new Counts(counts.total(), 0, 0, 0, 0);
    }

    /** Sends a record in the open transaction: it commits with the rows before it. */
    public void alsoSend(ProducerRecord<byte[], byte[]> record) {
        sender.send(record.topic(), record.partition(), record.key(), record.value());
    }

    private void sendBatches() {
        for (int partition = 0; partition < pending.size(); partition++) {
            if (!pending.get(partition).isEmpty()) {
                sendBatch(partition);
            }
        }
    }

    private void sendBatch(int partition) {
        List<RowEvent.BatchRow> rows = pending.get(partition);
        sender.send(topics.rows().name(), partition, markerKey, topics.rows().value(attempt.batch(rows)));
        rows.clear();
        pendingBytes[partition] = 0;
    }

    private void sendEndMarkers(String status, List<Long> sparedChunks) {
        for (int partition = 0; partition < counts.partitions(); partition++) {
            RowEvent end = attempt.end(counts.partitions(), counts.of(partition), status, sparedChunks);
            sender.send(topics.rows().name(), partition, markerKey, topics.rows().value(end));
        }
    }

    private void sendRunEvent(RunEvent event) {
        RunEvents.send(sender, topics, TableIds.of(attempt.datasource(), attempt.table()), event);
    }
}
