package io.cdcflow.writer.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.KafkaSettings;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.KafkaCheck;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.common.io.ObjectStoreException;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.common.io.TopicAdmin;
import io.cdcflow.common.io.Topics;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.writer.io.RunEventPublisher;
import io.cdcflow.writer.io.SnapshotFormatWriters;
import io.cdcflow.writer.io.SpillStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer: consumes the writer feed (consumer group {@code <prefix>-writer}, read_committed),
 * spills each run's changes to local files, and when every partition of a run has reported, writes
 * the run's snapshot files and summary to the object store and publishes its run events. Offsets are
 * committed only up to the first message of the oldest run not yet written, so after a crash the feed
 * is re-read from there and the same objects are produced again (see {@code writer/README.md}).
 *
 * <p>Runs on a thread of its own from {@link #start} until {@link #close}. Each instance needs a data
 * directory of its own: it deletes its spill area when it starts.
 */
public final class WriterService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterService.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Backoff BACKOFF = new Backoff(Backoff.UNBOUNDED, Duration.ofMillis(500), Duration.ofSeconds(30));
    // 0.5 + 1 + 2 + 4 + 8 + 16 + 30 + 30 s: about a minute and a half of WARNs before they turn ERROR.
    private static final int WARN_ATTEMPTS = 8;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String feedTopic;
    private final RunEventPublisher events;
    private final ObjectStore store;
    private final SpillStore spills;
    private final FeedProcessor processor;
    private final Retrier retrier;
    private final StopSignal stop;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread thread;
    private volatile Throwable failure;
    private final KafkaClientMetrics consumerMetrics;
    private final Map<String, Object> clientProperties;

    private WriterService(KafkaConsumer<String, byte[]> consumer, String feedTopic, RunEventPublisher events,
            ObjectStore store, SpillStore spills, SnapshotOptions options, WriterMetrics metrics,
            Map<String, Object> clientProperties) {
        this.clientProperties = clientProperties;
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics.registry());
        this.consumer = consumer;
        this.feedTopic = feedTopic;
        this.events = events;
        this.store = store;
        this.spills = spills;
        this.stop = new StopSignal();
        this.retrier = new Retrier(BACKOFF, WARN_ATTEMPTS, stop);
        RunFinisher finisher = new RunFinisher(options, SnapshotFormatWriters.standard(), store, events, retrier,
                Clock.systemUTC(), metrics);
        this.processor = new FeedProcessor(spills, finisher);
        this.thread = new Thread(this::run, "cdc-writer");
    }

    /**
     * Starts a writer on its own thread. Creates the writer feed and run-events topics if they do not
     * exist; connects to the object store lazily (creating the bucket if needed, retried until the
     * store answers).
     *
     * @param config the pipeline configuration (topic prefix, Kafka client properties, data directory,
     *     tables and snapshot settings)
     * @param bootstrapServers the Kafka cluster to use (the configured one, or an embedded broker's)
     * @param extraKafkaProperties client properties applied on top of the configured ones; may be empty
     * @param objectStore the object store to write to
     * @return the running writer; {@link #close()} it
     * @throws IllegalStateException if the topics cannot be created
     * @throws KafkaException if the Kafka clients cannot be created from the given properties
     * @throws UncheckedIOException if the spill area cannot be cleared
     */
    public static WriterService start(CdcConfig config, String bootstrapServers,
            Map<String, Object> extraKafkaProperties, ObjectStoreSettings objectStore) {
        return start(config, bootstrapServers, extraKafkaProperties, objectStore, Metrics.none());
    }

    /**
     * Starts a writer that records its meters ({@link WriterMetrics}, and the feed consumer's Kafka
     * client metrics with its lag) in {@code registry}.
     *
     * @see #start(CdcConfig, String, Map, ObjectStoreSettings)
     */
    public static WriterService start(CdcConfig config, String bootstrapServers,
            Map<String, Object> extraKafkaProperties, ObjectStoreSettings objectStore, MeterRegistry registry) {
        KafkaSettings kafka = config.kafka();
        Map<String, Object> client = new HashMap<>(kafka.clientPropertiesRevealed());
        client.putAll(extraKafkaProperties);
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        TopicNames names = new TopicNames(kafka.topicPrefix());
        Topics topics = new Topics(names);
        ensureTopics(client, kafka, names);
        SpillStore spills = SpillStore.under(config.storage().dataDir());
        try {
            spills.clearAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the spill area " + spills.root(), e);
        }
        RunEventPublisher events = RunEventPublisher.create(client, topics.runEvents());
        ObjectStore store = ObjectStore.connect(objectStore);
        LOG.info("Object store {} bucket {}", objectStore.endpoint(), objectStore.bucket());
        KafkaConsumer<String, byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(client, kafka.topicPrefix()), new StringDeserializer(),
                    new ByteArrayDeserializer());
        } catch (KafkaException e) {
            closeQuietly("run-event producer", events);
            closeQuietly("object store client", store);
            throw e;
        }
        WriterService service = new WriterService(consumer, names.writerFeed(), events, store, spills,
                new SnapshotOptions(config), new WriterMetrics(registry), client);
        service.thread.start();
        LOG.info("Writer started: feed {}, group {}, spill area {}", names.writerFeed(), groupId(kafka.topicPrefix()),
                spills.root());
        return service;
    }

    /** The consumer group of the writers of a topic prefix. */
    public static String groupId(String topicPrefix) {
        return topicPrefix + "-writer";
    }

    /**
     * Registers the writer's readiness checks: {@code kafka} (the cluster answers), {@code writer} (its
     * thread runs) and {@code object store} (the store answers and the bucket exists).
     */
    public void addReadinessChecks(OpsServer server) {
        server.check("kafka", new KafkaCheck(String.valueOf(clientProperties.get(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)), clientProperties));
        server.check("writer", () -> {
            if (!isRunning()) {
                throw new IllegalStateException("stopped");
            }
        });
        server.check("object store", () -> {
            try {
                store.checkBucket();
            } catch (ObjectStoreException e) {
                throw new IllegalStateException(e.reason(), e);
            }
        });
    }

    /** Whether the writer's thread is still running. */
    public boolean isRunning() {
        return terminated.getCount() > 0;
    }

    /** The failure that ended the writer's thread, if it ended by one. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Waits until the writer's thread ends (after {@link #close()} or a failure).
     *
     * @return whether it ended within the timeout
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the writer: a run being written is abandoned (its offsets are not committed, so it is
     * written again after the restart), committable offsets are committed, clients are closed. Returns
     * when the thread has ended, or after a minute.
     */
    @Override
    public void close() {
        stop.stop();
        consumer.wakeup();
        try {
            if (!awaitTermination(STOP_TIMEOUT)) {
                LOG.warn("Writer thread did not stop within {} s", STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            ensureBucket();
            consumer.subscribe(List.of(feedTopic), new Rebalance());
            while (!stop.isStopped()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (processor.handle(record.partition(), record.offset(), record.value())) {
                        commit();
                    }
                }
                commit();
            }
        } catch (WakeupException | WriterStoppedException e) {
            LOG.debug("Writer stopping");
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("Writer failed", e);
        } finally {
            shutDown();
        }
    }

    /**
     * Creates the bucket, retrying while the store is unreachable. If the store refuses for good (bad
     * credentials, no permission), the writer still starts: each run then fails with the reason and is
     * parked, which tells the run-event consumers, and the runs are written after a fixed restart.
     */
    private void ensureBucket() {
        try {
            retrier.run("create bucket " + store.bucket(), store::ensureBucket);
        } catch (ObjectStoreException e) {
            LOG.error("The object store refuses to create or check bucket {}; runs will fail and stay uncommitted "
                    + "until the configuration is fixed: {}", store.bucket(), e.reason());
        }
    }

    private void shutDown() {
        try {
            if (failure == null) {
                commit();
            }
        } catch (KafkaException e) {
            LOG.warn("Final offset commit failed: {}", e.toString());
        }
        processor.dropAll();
        consumerMetrics.close();
        closeQuietly("consumer", consumer);
        closeQuietly("run-event producer", events);
        closeQuietly("object store client", store);
        LOG.info("Writer stopped");
        terminated.countDown();
    }

    /** Commits, for every assigned partition, the offset that no unwritten run still needs, if it moved. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            processor.committable(partition.partition()).ifPresent(offset -> {
                if (!Long.valueOf(offset).equals(committed.get(partition))) {
                    offsets.put(partition, new OffsetAndMetadata(offset));
                }
            });
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
            LOG.debug("Committed {}", offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // Harmless: the new owner re-reads from the last committed offsets and skips sets already stored.
            LOG.warn("Offset commit failed during a rebalance: {}", e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit();
            } catch (KafkaException e) {
                LOG.warn("Offset commit on revocation failed: {}", e.toString());
            }
            forget(partitions);
            LOG.info("Feed partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
            LOG.warn("Feed partitions lost: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Spill files left by an earlier owner of these partitions are stale: the feed is re-read.
            forget(partitions);
            LOG.info("Feed partitions assigned: {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                processor.drop(partition.partition());
                committed.remove(partition);
            }
        }
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> client, String topicPrefix) {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(topicPrefix));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cdc-writer-feed");
        return properties;
    }

    private static void ensureTopics(Map<String, Object> client, KafkaSettings kafka, TopicNames names) {
        Optional<Short> replication = kafka.replicationFactor() < 0
                ? Optional.empty() : Optional.of(kafka.replicationFactor());
        Set<String> needed = Set.of(names.writerFeed(), names.runEvents());
        try (Admin admin = Admin.create(client)) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, kafka.partitions(), replication);
            topicAdmin.ensure(topicAdmin.pipelineTopics(names, List.of()).stream()
                    .filter(topic -> needed.contains(topic.name()))
                    .toList());
        }
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing the {} failed: {}", what, e.toString());
        }
    }
}
