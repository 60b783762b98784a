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
 *   <li>{@link #row}: each row to the partition of its key, committed every {@code batchSize} rows;
 *       at most every {@link #DEFAULT_PROGRESS_EVERY} a batch's transaction also carries a
 *       {@code progress} run event with the rows sent so far;</li>
 *   <li>{@link #finish} or {@link #fail}: an END marker to every partition with that partition's
 *       row count and status, the run event, and the command offset, committed together.</li>
 * </ol>
 * Not thread-safe.
 */
public final class AttemptPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptPublisher.class);
    /** At most this often a batch commit also carries a {@code progress} run event. */
    public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(2);

    private final TransactionalSender sender;
    private final Topics topics;
    private final RowEvent.RunAttempt attempt;
    private final byte[] markerKey;
    private final int batchSize;
    private final PartitionCounts counts;
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
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int partition = RowPartitioner.partition(keyBytes, counts.partitions());
        sender.send(topics.rows().name(), partition, keyBytes, topics.rows().value(attempt.row(hash, encodedRow)));
        counts.add(partition);
        total++;
        onRow.run();
        if (++rowsInTransaction >= batchSize) {
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
        sendEndMarkers(RowEvent.STATUS_OK);
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
        counts.rollback();
        if (started) {
            sendEndMarkers("failed: " + reason);
        }
        sendRunEvent(failedEvent.withError(reason).withCounts(rowCounts()));
        sender.commit(offset);
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

    private void sendEndMarkers(String status) {
        for (int partition = 0; partition < counts.partitions(); partition++) {
            RowEvent end = attempt.end(counts.partitions(), counts.of(partition), status);
            sender.send(topics.rows().name(), partition, markerKey, topics.rows().value(end));
        }
    }

    private void sendRunEvent(RunEvent event) {
        RunEvents.send(sender, topics, TableIds.of(attempt.datasource(), attempt.table()), event);
    }
}
