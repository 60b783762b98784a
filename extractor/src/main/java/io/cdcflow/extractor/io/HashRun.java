package io.cdcflow.extractor.io;

import io.cdcflow.common.config.CdcMethod;
import io.cdcflow.common.config.DatasourceConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Topics;
import io.cdcflow.extractor.core.Backoff;
import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.Dialect;
import io.cdcflow.extractor.core.Dialects;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.FailureReasons;
import io.cdcflow.extractor.core.RunRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a {@code hash} run: reads the whole table in one streaming SELECT and publishes every
 * row, hashed and Avro-encoded, by the {@link RowEvent} protocol (see {@link AttemptPublisher}).
 *
 * <p>Database failures that may pass (lost connection, pool timeout, server restart) are retried
 * with bounded backoff, each retry as a new attempt with its own START markers, since rows of the
 * failed attempt may already be committed. A permanent failure, or one that outlasts the retries,
 * ends the attempt with "failed" END markers and a FAILED run event; the command is then done.
 * Kafka failures propagate: nothing of the command is committed, and it is read again.
 *
 * <p>Not thread-safe: one run at a time.
 */
public final class HashRun {
    private static final Logger LOG = LoggerFactory.getLogger(HashRun.class);

    private final Function<TableConfig, DatasourceConfig> datasources;
    private final DataSources pools;
    private final TransactionalSender sender;
    private final Topics topics;
    private final int batchSize;
    private final Backoff backoff;
    private final FailureReasons reasons;

    /**
     * @param datasources the configuration of a table's datasource
     * @param pools the connection pools
     * @param sender the transactional producer
     * @param batchSize rows per Kafka transaction
     * @param backoff retries of retriable database failures
     * @param reasons turns failures into secret-free reasons
     */
    public HashRun(Function<TableConfig, DatasourceConfig> datasources, DataSources pools, TransactionalSender sender,
                   Topics topics, int batchSize, Backoff backoff, FailureReasons reasons) {
        this.datasources = datasources;
        this.pools = pools;
        this.sender = sender;
        this.topics = topics;
        this.batchSize = batchSize;
        this.backoff = backoff;
        this.reasons = reasons;
    }

    /**
     * Executes the run and commits the command offset with its final transaction.
     *
     * @throws Cancellation.CancelledException if cancelled; the open transaction is aborted and the
     *     offset not committed
     * @throws KafkaException if publishing fails; the offset is not committed
     */
    public void execute(RunRequest request, CommandOffset offset, Cancellation cancellation) {
        TableConfig table = request.table();
        if (table.method() != CdcMethod.HASH) {
            fail(request, new AttemptPublisher(sender, topics, attempt(request), 1, batchSize),
                    "method " + table.method().jsonName() + " is not supported by this extractor yet", offset);
            return;
        }
        for (int retry = 0; ; retry++) {
            RowEvent.RunAttempt attempt = attempt(request);
            AttemptPublisher publisher = new AttemptPublisher(sender, topics, attempt,
                    sender.partitions(topics.rows().name()), batchSize);
            try {
                extract(request, attempt, publisher, offset, cancellation);
                return;
            } catch (Cancellation.CancelledException e) {
                sender.abort();
                LOG.info("Run {} attempt {} cancelled after {} rows; its open transaction is aborted",
                        request.runId(), attempt.attempt(), publisher.rowsSent());
                throw e;
            } catch (KafkaException e) {
                sender.abort();
                if (!isRecordTooLarge(e)) {
                    throw e;
                }
                // A row too large for Kafka fails the same way on every try.
                fail(request, publisher, "a row exceeds Kafka's maximum record size: " + reasons.describe(e), offset);
                return;
            } catch (SQLException | RuntimeException e) {
                sender.abort();
                if (DatabaseErrors.isRetriable(e) && backoff.allowsRetry(retry)) {
                    Duration delay = backoff.delayBefore(retry + 1);
                    LOG.warn("Run {} attempt {} failed after {} rows, retry {} of {} in {}: {}", request.runId(),
                            attempt.attempt(), publisher.rowsSent(), retry + 1, backoff.maxRetries(), delay,
                            reasons.describe(e));
                    cancellation.sleep(delay);
                    continue;
                }
                fail(request, publisher, reasons.describe(e), offset);
                return;
            }
        }
    }

    private void fail(RunRequest request, AttemptPublisher publisher, String reason, CommandOffset offset) {
        LOG.error("Run {} of {} failed after {} rows: {}", request.runId(), request.tableId(), publisher.rowsSent(),
                reason);
        publisher.fail(reason, event(request, RunEvent.State.FAILED), offset);
    }

    private static boolean isRecordTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void extract(RunRequest request, RowEvent.RunAttempt attempt, AttemptPublisher publisher,
                         CommandOffset offset, Cancellation cancellation) throws SQLException {
        DatasourceConfig datasource = datasources.apply(request.table());
        Dialect dialect = Dialects.of(datasource.type());
        long started = System.nanoTime();
        try (Connection connection = pools.pool(datasource.name()).getConnection()) {
            ExtractionPlan plan = SchemaReader.read(connection, dialect, request.table());
            RowCodec codec = new RowCodec(plan.schema());
            publisher.start(codec.schema(), event(request, RunEvent.State.STARTED));
            LOG.info("Run {} attempt {} started: {} columns, {} rows-topic partitions", request.runId(),
                    attempt.attempt(), plan.columns().size(), publisher.counts().partitions());
            RowPipeline.publish(new TableReader(connection, plan, codec, dialect.streamingFetch(batchSize),
                    RowPipeline.handoff(batchSize)), publisher, cancellation, started);
        }
        long rows = publisher.rowsSent();
        publisher.finish(event(request, RunEvent.State.EXTRACTED), offset);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Run {} extracted {} rows in {} ms ({} rows/s); per partition {}", request.runId(), rows, millis,
                rowsPerSecond(rows, millis), publisher.counts());
    }

    private static RowEvent.RunAttempt attempt(RunRequest request) {
        return new RowEvent.RunAttempt(request.table().datasource(), request.table().name(), request.runId(),
                UUID.randomUUID().toString(), request.runStartedMs(), request.table().method().jsonName());
    }

    private static RunEvent event(RunRequest request, RunEvent.State state) {
        return RunEvent.of(request.runId(), request.table().datasource(), request.table().name(), state,
                Instant.now(), request.table().method().jsonName());
    }

    static long rowsPerSecond(long rows, long millis) {
        return millis == 0 ? rows : rows * 1000 / millis;
    }
}
