package io.cdcflow.extractor.io;

import io.cdcflow.common.config.CdcMethod;
import io.cdcflow.common.config.DatasourceConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Topics;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.ChunkLayout;
import io.cdcflow.extractor.core.ChunkTask;
import io.cdcflow.extractor.core.ChunkTaskPlan;
import io.cdcflow.extractor.core.ChunkTaskResult;
import io.cdcflow.extractor.core.Dialect;
import io.cdcflow.extractor.core.Dialects;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.FailureReasons;
import io.cdcflow.extractor.core.RunRequest;
import io.cdcflow.extractor.core.ScanQuery;
import io.cdcflow.extractor.core.TimestampRunPlan;
import io.cdcflow.extractor.core.WatermarkState;
import io.cdcflow.extractor.core.WatermarkTracker;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a run of a table: reads it with one streaming SELECT and publishes the rows it selects,
 * hashed and Avro-encoded, by the {@link RowEvent} protocol (see {@link AttemptPublisher}).
 *
 * <ul>
 *   <li>{@code hash}: the whole table.</li>
 *   <li>{@code timestamp}: the rows whose timestamp column is at least the stored watermark minus
 *       the overlap, or the whole table when a full run is due ({@link TimestampRunPlan}). The new
 *       watermark is written to the watermarks topic in the transaction that commits the END
 *       markers and the command offset ({@link WatermarkStore}), so it advances exactly when the
 *       run completes.</li>
 *   <li>{@code hash-partition}: chunk by chunk, publishing only chunks that changed ({@link
 *       HashPartitionScan}); the next chunk layout is committed with the END markers, which name the
 *       chunks proven unchanged.</li>
 * </ul>
 *
 * <p>Database failures that may pass (lost connection, pool timeout, server restart) are retried
 * with bounded backoff, each retry as a new attempt with its own START markers, since rows of the
 * failed attempt may already be committed. A permanent failure, or one that outlasts the retries,
 * ends the attempt with "failed" END markers and a FAILED run event; the command is then done.
 * Kafka failures propagate: nothing of the command is committed, and it is read again.
 *
 * <p>Not thread-safe: one run at a time.
 */
public final class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);
    private static final String EXTRACTED = "extracted";
    private static final String FAILED = "failed";
    /** A chunk task holds about this many times {@code partition_size} rows. */
    private static final int TASK_PARTITIONS = 4;
    private static final Duration RESULT_POLL = Duration.ofMillis(200);
    private static final Duration NO_RESULT_WARNING = Duration.ofSeconds(60);

    private final Function<TableConfig, DatasourceConfig> datasources;
    private final DataSources pools;
    private final TransactionalSender sender;
    private final Topics topics;
    private final WatermarkStore watermarks;
    private final int batchSize;
    private final Backoff backoff;
    private final FailureReasons reasons;
    private final ExtractorMetrics metrics;
    private Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> chunkResultReaders;

    /**
     * @param datasources the configuration of a table's datasource
     * @param pools the connection pools
     * @param sender the transactional producer
     * @param watermarks the watermarks of timestamp tables
     * @param batchSize rows per Kafka transaction
     * @param backoff retries of retriable database failures
     * @param reasons turns failures into secret-free reasons
     */
    public RunExecutor(Function<TableConfig, DatasourceConfig> datasources, DataSources pools,
                       TransactionalSender sender, Topics topics, WatermarkStore watermarks, int batchSize,
                       Backoff backoff, FailureReasons reasons) {
        this(datasources, pools, sender, topics, watermarks, batchSize, backoff, reasons, ExtractorMetrics.NONE);
    }

    /**
     * Like the other constructor, recording rows and runs in {@code metrics}.
     */
    public RunExecutor(Function<TableConfig, DatasourceConfig> datasources, DataSources pools,
                       TransactionalSender sender, Topics topics, WatermarkStore watermarks, int batchSize,
                       Backoff backoff, FailureReasons reasons, ExtractorMetrics metrics) {
        this.metrics = metrics;
        this.datasources = datasources;
        this.pools = pools;
        this.sender = sender;
        this.topics = topics;
        this.watermarks = watermarks;
        this.batchSize = batchSize;
        this.backoff = backoff;
        this.reasons = reasons;
    }

    /**
     * Lets {@code parallel_chunks} tables hand their chunks to the chunk workers of every instance
     * ({@link ChunkWorker}); without this, one instance reads every chunk of a run.
     *
     * @param resultReaders make a consumer without group, read_committed, for the chunk-results topic
     * @return this executor
     */
    public RunExecutor distributingChunks(
            Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> resultReaders) {
        this.chunkResultReaders = resultReaders;
        return this;
    }

    /**
     * Executes the run and commits the command offset with its final transaction.
     *
     * @throws Cancellation.CancelledException if cancelled; the open transaction is aborted and the
     *     offset not committed
     * @throws KafkaException if publishing fails; the offset is not committed
     */
    public void execute(RunRequest request, CommandOffset offset, Cancellation cancellation) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            outcome = executeAttempts(request, offset, cancellation);
        } catch (Cancellation.CancelledException e) {
            outcome = "cancelled";
            throw e;
        } finally {
            metrics.runEnded(request.table().datasource(), request.table().name(), outcome,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Executes the run's attempts; returns the outcome for the metrics, {@code extracted} or {@code failed}. */
    private String executeAttempts(RunRequest request, CommandOffset offset, Cancellation cancellation) {
        for (int retry = 0; ; retry++) {
            Attempt attempt = new Attempt(request, sender.partitions(topics.rows().name()));
            try {
                extract(request, attempt, offset, cancellation);
                return EXTRACTED;
            } catch (Cancellation.CancelledException e) {
                sender.abort();
                LOG.info("Run {} attempt {} cancelled after {} rows; its open transaction is aborted",
                        request.runId(), attempt.id, attempt.publisher.rowsSent());
                throw e;
            } catch (KafkaException e) {
                sender.abort();
                if (!isRecordTooLarge(e)) {
                    throw e;
                }
                // A row too large for Kafka fails the same way on every try.
                fail(request, attempt, "a row exceeds Kafka's maximum record size: " + reasons.describe(e), offset);
                return FAILED;
            } catch (SQLException | RuntimeException e) {
                sender.abort();
                boolean retriable = e instanceof ChunkTaskFailedException taskFailure ? taskFailure.retriable()
                        : DatabaseErrors.isRetriable(e);
                if (retriable && backoff.allowsRetry(retry)) {
                    Duration delay = backoff.delayBefore(retry + 1);
                    LOG.warn("Run {} attempt {} failed after {} rows, retry {} of {} in {}: {}", request.runId(),
                            attempt.id, attempt.publisher.rowsSent(), retry + 1, backoff.maxRetries(), delay,
                            reasons.describe(e));
                    cancellation.sleep(delay);
                    continue;
                }
                fail(request, attempt, reasons.describe(e), offset);
                return FAILED;
            }
        }
    }

    private void fail(RunRequest request, Attempt attempt, String reason, CommandOffset offset) {
        LOG.error("Run {} of {} failed after {} rows: {}", request.runId(), request.tableId(),
                attempt.publisher.rowsSent(), reason);
        attempt.publisher.fail(reason, event(request, RunEvent.State.FAILED, attempt.method), offset);
    }

    private static boolean isRecordTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void extract(RunRequest request, Attempt attempt, CommandOffset offset, Cancellation cancellation)
            throws SQLException {
        TableConfig table = request.table();
        DatasourceConfig datasource = datasources.apply(table);
        Dialect dialect = Dialects.of(datasource.type());
        long started = System.nanoTime();
        // Read before taking a connection: the read may wait for Kafka.
        Optional<WatermarkState> stored = table.method() == CdcMethod.TIMESTAMP
                ? watermarks.read(request.tableId(), cancellation) : Optional.empty();
        if (table.method() == CdcMethod.HASH_PARTITION) {
            ChunkLayout layout = watermarks.readLayout(request.tableId(), cancellation)
                    .orElseGet(() -> ChunkLayout.initial(table.digest()));
            ChunkLayout start = layout.forRun(request.runId(), table.digest());
            ChunkTaskPlan tasks = ChunkTaskPlan.of(start, table.partitionSize(),
                    (long) TASK_PARTITIONS * table.partitionSize());
            if (table.parallelChunks() && chunkResultReaders != null && tasks.tasks() > 1) {
                extractChunkTasks(request, attempt, offset, cancellation, dialect, datasource, layout, tasks, started);
                return;
            }
            extractChunks(request, attempt, offset, cancellation, dialect, datasource, layout, started);
            return;
        }
        Scan scan;
        try (Connection connection = pools.pool(datasource.name()).getConnection()) {
            ExtractionPlan plan = SchemaReader.read(connection, dialect, table);
            scan = table.method() == CdcMethod.TIMESTAMP
                    ? timestampScan(request, dialect, plan, stored)
                    : new Scan(table.method().jsonName(), ScanQuery.of(plan.selectSql()), row -> { }, List::of,
                            () -> "");
            attempt.method(request, scan.method());
            RowCodec codec = new RowCodec(plan.schema());
            attempt.publisher.start(codec.schema(), event(request, RunEvent.State.STARTED, scan.method()));
            LOG.info("Run {} attempt {} started: method {}, {} columns, {} rows-topic partitions", request.runId(),
                    attempt.id, scan.method(), plan.columns().size(), attempt.partitions);
            RowPipeline.publish(new TableReader(connection, plan, scan.query(), scan.observer(), codec,
                    dialect.streamingFetch(batchSize), RowPipeline.handoff(batchSize)), attempt.publisher,
                    cancellation, started);
        }
        long rows = attempt.publisher.rowsSent();
        attempt.publisher.finish(event(request, RunEvent.State.EXTRACTED, scan.method()), offset,
                scan.completion().get());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Run {} extracted {} rows in {} ms ({} rows/s); per partition {}{}", request.runId(), rows, millis,
                rowsPerSecond(rows, millis), attempt.publisher.counts(), scan.outcome().get());
    }

    private void extractChunks(RunRequest request, Attempt attempt, CommandOffset offset, Cancellation cancellation,
                               Dialect dialect, DatasourceConfig datasource, ChunkLayout stored, long started)
            throws SQLException {
        TableConfig table = request.table();
        ChunkLayout start = stored.forRun(request.runId(), table.digest());
        HashPartitionScan.Outcome outcome;
        try (Connection connection = pools.pool(datasource.name()).getConnection()) {
            ExtractionPlan plan = SchemaReader.read(connection, dialect, table);
            RowCodec codec = new RowCodec(plan.schema());
            attempt.publisher.start(codec.schema(), event(request, RunEvent.State.STARTED, attempt.method));
            LOG.info("Run {} attempt {} started: method {} (digest {}), {} chunks{}, {} rows-topic partitions",
                    request.runId(), attempt.id, attempt.method, table.digest(), start.chunks().size(),
                    stored.resumedBy(request.runId()) ? " (resuming: " + start.chunks().stream()
                            .filter(c -> c.done()).count() + " done)" : "", attempt.partitions);
            outcome = new HashPartitionScan(connection, dialect, plan, codec, table, batchSize, attempt.publisher,
                    cancellation, layout -> watermarks.record(request.tableId(), layout))
                    .run(start, table.partitionSize());
        }
        long rows = attempt.publisher.rowsSent();
        attempt.publisher.finish(event(request, RunEvent.State.EXTRACTED, attempt.method), offset,
                List.of(watermarks.record(request.tableId(), outcome.layout())), outcome.spared());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Run {} extracted {} rows in {} ms ({} rows/s); per partition {}{}", request.runId(), rows, millis,
                rowsPerSecond(rows, millis), attempt.publisher.counts(), outcome.describe());
    }

    /**
     * A {@code parallel_chunks} attempt: START markers, then the chunk tasks for any instance's
     * {@link ChunkWorker}; as their results come in (each committed with its rows), the layout so far
     * is recorded so a re-executed run skips the tasks done; once all are in, END markers with the
     * row counts the tasks report, the next layout and the command offset commit together.
     */
    private void extractChunkTasks(RunRequest request, Attempt attempt, CommandOffset offset,
                                   Cancellation cancellation, Dialect dialect, DatasourceConfig datasource,
                                   ChunkLayout stored, ChunkTaskPlan plan, long started) throws SQLException {
        TableConfig table = request.table();
        RowCodec codec;
        try (Connection connection = pools.pool(datasource.name()).getConnection()) {
            codec = new RowCodec(SchemaReader.read(connection, dialect, table).schema());
        }
        String fingerprint = TableAvroSchemas.fingerprint(codec.schema());
        attempt.publisher.start(codec.schema(), event(request, RunEvent.State.STARTED, attempt.method));
        RowEvent.RunAttempt runAttempt = attempt.runAttempt(request);
        Map<Integer, ChunkTaskResult> results = new HashMap<>();
        try (org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> reader = chunkResultReaders.get()) {
            List<TopicPartition> partitions = reader.partitionsFor(topics.names().chunkResults()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToEnd(partitions);
            partitions.forEach(reader::position);
            // round robin rather than key hashing: every worker that holds a task partition gets its share
            int taskPartitions = sender.partitions(topics.names().chunkTasks());
            for (int index = 0; index < plan.tasks(); index++) {
                ChunkTask task = new ChunkTask(runAttempt, index, fingerprint, plan.taskLayout(index));
                sender.send(topics.names().chunkTasks(), index % taskPartitions,
                        task.key().getBytes(StandardCharsets.UTF_8), task.toJson());
            }
            sender.commit();
            LOG.info("Run {} attempt {} started: method {} (digest {}), {} chunks in {} tasks for the chunk workers{}",
                    request.runId(), attempt.id, attempt.method, table.digest(), plan.start().chunks().size(),
                    plan.tasks(), stored.resumedBy(request.runId()) ? " (resuming: " + plan.start().chunks().stream()
                            .filter(c -> c.done()).count() + " chunks done)" : "");
            collectResults(request, attempt, plan, reader, results, cancellation);
        }
        ChunkTaskPlan.Outcome outcome = plan.complete(results);
        long rowsRead = 0;
        for (ChunkTaskResult result : results.values()) {
            attempt.publisher.counts().addCommitted(result.partitionCounts());
            rowsRead += result.rowsRead();
        }
        attempt.publisher.finish(event(request, RunEvent.State.EXTRACTED, attempt.method), offset,
                List.of(watermarks.record(request.tableId(), outcome.layout())), outcome.spared());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        long rows = attempt.publisher.counts().total();
        LOG.info("Run {} extracted {} rows in {} ms ({} rows/s) by {} chunk tasks; per partition {}; {} chunks, {}"
                        + " unchanged ({} rows read)", request.runId(), rows, millis, rowsPerSecond(rows, millis),
                plan.tasks(), attempt.publisher.counts(), outcome.layout().chunks().size(), outcome.spared().size(),
                rowsRead);
    }

    private void collectResults(RunRequest request, Attempt attempt, ChunkTaskPlan plan,
                                org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> reader,
                                Map<Integer, ChunkTaskResult> results,
                                Cancellation cancellation) {
        long progressEvery = Duration.ofSeconds(Long.getLong(HashPartitionScan.PROGRESS_SECONDS_PROPERTY, 5)).toNanos();
        long lastProgress = System.nanoTime();
        long lastResult = System.nanoTime();
        int recorded = 0;
        while (results.size() < plan.tasks()) {
            cancellation.throwIfCancelled();
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(RESULT_POLL)) {
                ChunkTaskResult result;
                try {
                    result = ChunkTaskResult.parse(record.value());
                } catch (IllegalArgumentException e) {
                    LOG.warn("Skipping a record of {} that is not a chunk task result: {}", record.topic(),
                            e.getMessage());
                    continue;
                }
                if (!result.of(request.runId(), attempt.id) || results.containsKey(result.index())) {
                    continue;
                }
                if (result.failed()) {
                    throw new ChunkTaskFailedException("chunk task " + result.index() + " failed on " + result.worker()
                            + ": " + result.error(), result.retriable());
                }
                if (result.index() >= plan.tasks() || !plan.withinIdBlock(result.index(), result.layout())) {
                    throw new IllegalStateException("chunk task " + result.index() + " reported chunks outside its"
                            + " id block");
                }
                results.put(result.index(), result);
                lastResult = System.nanoTime();
            }
            long now = System.nanoTime();
            if (results.size() > recorded && results.size() < plan.tasks() && now - lastProgress >= progressEvery) {
                long rows = results.values().stream().mapToLong(r -> Arrays.stream(r.partitionCounts()).sum()).sum();
                ProducerRecord<byte[], byte[]> layout = watermarks.record(request.tableId(), plan.progress(results));
                sender.send(layout.topic(), layout.partition(), layout.key(), layout.value());
                RunEvents.send(sender, topics, request.tableId(), event(request, RunEvent.State.PROGRESS, attempt.method)
                        .withCounts(new Counts(rows, 0, 0, 0, 0)));
                sender.commit();
                recorded = results.size();
                lastProgress = now;
                LOG.info("Run {}: {} of {} chunk tasks done, {} rows published", request.runId(), results.size(),
                        plan.tasks(), rows);
            }
            if (now - lastResult > NO_RESULT_WARNING.toNanos()) {
                LOG.warn("Run {}: no chunk task result for {}; {} of {} tasks done. Is an extractor with chunk workers"
                        + " running?", request.runId(), NO_RESULT_WARNING, results.size(), plan.tasks());
                lastResult = now;
            }
        }
    }

    private Scan timestampScan(RunRequest request, Dialect dialect, ExtractionPlan plan,
                               Optional<WatermarkState> stored) {
        TimestampRunPlan run = TimestampRunPlan.plan(request.table(), dialect, plan, stored);
        WatermarkTracker tracker = run.tracker();
        LOG.info("Run {} of {}: {}", request.runId(), request.tableId(), run.describe());
        AtomicReference<WatermarkState> next = new AtomicReference<>();
        return new Scan(run.markerMethod(), run.query(), tracker::observe, () -> {
            next.set(run.next(request.runId(), tracker.max()));
            return List.of(watermarks.record(request.tableId(), next.get()));
        }, () -> "; watermark " + next.get().watermark() + " (" + next.get().runsSinceReconcile()
                + " incremental runs since the last full run)");
    }

    private static RunEvent event(RunRequest request, RunEvent.State state, String method) {
        return RunEvent.of(request.runId(), request.table().datasource(), request.table().name(), state,
                Instant.now(), method);
    }

    static long rowsPerSecond(long rows, long millis) {
        return millis == 0 ? rows : rows * 1000 / millis;
    }

    /**
     * What an attempt reads and what its last transaction also commits.
     *
     * @param method the method its markers and events carry
     * @param query the SELECT
     * @param observer sees each row read, on the reader thread
     * @param completion the records to commit with the END markers, asked for once the rows are published
     * @param outcome what the committed run leaves behind, for the log line
     */
    private record Scan(String method, ScanQuery query, Consumer<Object[]> observer,
                        Supplier<List<ProducerRecord<byte[], byte[]>>> completion, Supplier<String> outcome) {
    }

    /** One execution of the run; its publisher carries the table's method until the scan decides its own. */
    private final class Attempt {
        RowEvent.RunAttempt runAttempt(RunRequest request) {
            return new RowEvent.RunAttempt(request.table().datasource(), request.table().name(), request.runId(), id,
                    request.runStartedMs(), method);
        }

        private final String id = UUID.randomUUID().toString();
        private final int partitions;
        private String method;
        private AttemptPublisher publisher;
        private final Counter rowsRead;

        Attempt(RunRequest request, int partitions) {
            this.partitions = partitions;
            this.rowsRead = metrics.rowsRead(request.table().datasource(), request.table().name());
            method(request, request.table().method().jsonName());
        }

        /** Sets the method; only before the publisher started. */
        void method(RunRequest request, String newMethod) {
            method = newMethod;
            publisher = new AttemptPublisher(sender, topics, new RowEvent.RunAttempt(request.table().datasource(),
                    request.table().name(), request.runId(), id, request.runStartedMs(), newMethod), partitions,
                    batchSize);
            publisher.onRow(rowsRead::increment);
        }
    }
}
