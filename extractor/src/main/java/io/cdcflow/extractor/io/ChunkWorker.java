package io.cdcflow.extractor.io;

import io.cdcflow.common.config.DatasourceConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.ChunkTask;
import io.cdcflow.extractor.core.ChunkTaskResult;
import io.cdcflow.extractor.core.Dialect;
import io.cdcflow.extractor.core.Dialects;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.FailureReasons;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads chunk tasks of {@code parallel_chunks} runs from the chunk-tasks topic, in the consumer group
 * every extractor instance joins, and does each in one Kafka transaction: the task's rows, its
 * {@link ChunkTaskResult} and the task's offset commit together. A task is therefore done exactly
 * once, whoever does it; a worker that dies mid-task leaves nothing, and the task goes to another.
 *
 * <p>Database failures that may pass are retried with the run's backoff; a failure that persists, or
 * a permanent one, is committed as a failed result, which fails the run's attempt. Kafka failures
 * (a rebalance that fenced the transaction, the broker gone) drop the clients and start over from
 * the committed offsets.
 */
public final class ChunkWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PAUSE_AFTER_KAFKA_FAILURE = Duration.ofSeconds(2);

    private final String worker;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<TransactionalSender> senders;
    private final Topics topics;
    private final Function<String, Optional<TableConfig>> tables;
    private final Function<TableConfig, DatasourceConfig> datasources;
    private final DataSources pools;
    private final int fetchSize;
    private final Backoff backoff;
    private final FailureReasons reasons;
    private final ExtractorMetrics metrics;
    private final Cancellation stopped = new Cancellation();
    private volatile Consumer<byte[], byte[]> consumer;

    /**
     * @param worker names this worker in results and logs
     * @param consumers make a consumer in the chunk-tasks group (read_committed, manual offsets)
     * @param senders make a transactional producer of this worker's own
     * @param tables a table's configuration by its name
     * @param fetchSize rows per JDBC fetch
     */
    public ChunkWorker(String worker, Supplier<Consumer<byte[], byte[]>> consumers,
                       Supplier<TransactionalSender> senders, Topics topics,
                       Function<String, Optional<TableConfig>> tables,
                       Function<TableConfig, DatasourceConfig> datasources, DataSources pools, int fetchSize,
                       Backoff backoff, FailureReasons reasons, ExtractorMetrics metrics) {
        this.worker = worker;
        this.consumers = consumers;
        this.senders = senders;
        this.topics = topics;
        this.tables = tables;
        this.datasources = datasources;
        this.pools = pools;
        this.fetchSize = fetchSize;
        this.backoff = backoff;
        this.reasons = reasons;
        this.metrics = metrics;
    }

    /** Stops the worker: a task in progress is abandoned (its transaction aborted) and read again elsewhere. */
    public void stop() {
        stopped.cancel();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        TopicNames names = topics.names();
        while (!stopped.isCancelled()) {
            try (Consumer<byte[], byte[]> tasks = consumers.get(); TransactionalSender sender = senders.get()) {
                consumer = tasks;
                tasks.subscribe(List.of(names.chunkTasks()));
                LOG.info("Chunk worker {} reading {}", worker, names.chunkTasks());
                while (!stopped.isCancelled()) {
                    for (ConsumerRecord<byte[], byte[]> record : tasks.poll(POLL)) {
                        handle(record, tasks, sender);
                    }
                }
            } catch (WakeupException | Cancellation.CancelledException e) {
                if (!stopped.isCancelled()) {
                    LOG.warn("Chunk worker {} woken up unexpectedly; starting over", worker);
                }
            } catch (KafkaException e) {
                if (stopped.isCancelled()) {
                    break;
                }
                LOG.warn("Chunk worker {}: Kafka failed ({}); starting over from the committed tasks", worker,
                        reasons.describe(e));
                stopped.sleep(PAUSE_AFTER_KAFKA_FAILURE);
            } finally {
                consumer = null;
            }
        }
        LOG.info("Chunk worker {} stopped", worker);
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, Consumer<byte[], byte[]> tasks,
                        TransactionalSender sender) {
        CommandOffset offset = new CommandOffset(new TopicPartition(record.topic(), record.partition()),
                record.offset(), tasks::groupMetadata);
        ChunkTask task;
        try {
            task = ChunkTask.parse(record.value());
        } catch (IllegalArgumentException e) {
            LOG.error("Chunk worker {} skips a record that is not a chunk task at {}-{} offset {}: {}", worker,
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            sender.commit(offset);
            return;
        }
        int partitions = sender.partitions(topics.names().rows());
        for (int retry = 0; ; retry++) {
            AttemptPublisher publisher = new AttemptPublisher(sender, topics, task.attempt(), partitions,
                    Integer.MAX_VALUE);
            long started = System.nanoTime();
            try {
                ChunkTaskResult result = execute(task, publisher);
                publisher.commitTask(resultRecord(result), offset);
                LOG.info("Chunk worker {} did task {} of run {} ({}): {} chunks, {} rows read, {} published in {} ms",
                        worker, task.index(), task.attempt().runId(), task.tableId(), result.layout().chunks().size(),
                        result.rowsRead(), publisher.counts().total(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return;
            } catch (Cancellation.CancelledException | KafkaException e) {
                publisher.abortTask();
                throw e;
            } catch (SQLException | RuntimeException e) {
                publisher.abortTask();
                if (stopped.isCancelled()) {
                    // a failure caused by stopping (statement cancelled, pool closing) is not the task's
                    throw new Cancellation.CancelledException();
                }
                boolean retriable = DatabaseErrors.isRetriable(e) || e instanceof SchemaMovedException;
                String reason = reasons.describe(e);
                if (retriable && !(e instanceof SchemaMovedException) && backoff.allowsRetry(retry)) {
                    Duration delay = backoff.delayBefore(retry + 1);
                    LOG.warn("Chunk worker {}: task {} of run {} failed, retry {} of {} in {}: {}", worker,
                            task.index(), task.attempt().runId(), retry + 1, backoff.maxRetries(), delay, reason);
                    stopped.sleep(delay);
                    continue;
                }
                LOG.error("Chunk worker {}: task {} of run {} ({}) failed: {}", worker, task.index(),
                        task.attempt().runId(), task.tableId(), reason);
                sender.send(topics.names().chunkResults(), null, key(task),
                        ChunkTaskResult.failed(task, worker, partitions, reason, retriable).toJson());
                sender.commit(offset);
                return;
            }
        }
    }

    private ChunkTaskResult execute(ChunkTask task, AttemptPublisher publisher) throws SQLException {
        TableConfig table = tables.apply(task.attempt().table())
                .filter(t -> t.datasource().equals(task.attempt().datasource()))
                .orElseThrow(() -> new IllegalStateException("table " + task.tableId()
                        + " is not in this extractor's configuration"));
        DatasourceConfig datasource = datasources.apply(table);
        Dialect dialect = Dialects.of(datasource.type());
        publisher.onRow(metrics.rowsRead(table.datasource(), table.name())::increment);
        try (Connection connection = pools.pool(datasource.name()).getConnection()) {
            ExtractionPlan plan = SchemaReader.read(connection, dialect, table);
            RowCodec codec = new RowCodec(plan.schema());
            if (!TableAvroSchemas.fingerprint(codec.schema()).equals(task.schemaFingerprint())) {
                throw new SchemaMovedException("the schema of " + task.tableId() + " changed during the run");
            }
            HashPartitionScan.Outcome outcome = new HashPartitionScan(connection, dialect, plan, codec, table,
                    fetchSize, publisher, stopped, HashPartitionScan.ChunkRecorder.NONE)
                    .run(task.layout(), table.partitionSize());
            return ChunkTaskResult.done(task, worker, publisher.counts().toArray(), outcome.layout(),
                    outcome.spared(), outcome.rowsRead());
        }
    }

    private ProducerRecord<byte[], byte[]> resultRecord(ChunkTaskResult result) {
        return new ProducerRecord<>(topics.names().chunkResults(), result.runId().getBytes(StandardCharsets.UTF_8),
                result.toJson());
    }

    private static byte[] key(ChunkTask task) {
        return task.attempt().runId().getBytes(StandardCharsets.UTF_8);
    }

    /** The table's schema is not the one the attempt started with: a new attempt must read it again. */
    static final class SchemaMovedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaMovedException(String message) {
            super(message);
        }
    }
}
