package io.cdcflow.extractor.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.DatasourceConfig;
import io.cdcflow.common.config.Secret;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.KafkaCheck;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.common.io.TopicAdmin;
import io.cdcflow.common.io.Topics;
import io.cdcflow.common.core.Backoff;
import io.cdcflow.extractor.core.CommandResolver;
import io.cdcflow.extractor.core.FailureReasons;
import io.cdcflow.extractor.io.ChunkWorker;
import io.cdcflow.extractor.io.CommandHandler;
import io.cdcflow.extractor.io.CommandLoop;
import io.cdcflow.extractor.io.DataSources;
import io.cdcflow.extractor.io.DeadLetters;
import io.cdcflow.extractor.io.ExtractorMetrics;
import io.cdcflow.extractor.io.KafkaClientConfigs;
import io.cdcflow.extractor.io.RunExecutor;
import io.cdcflow.extractor.io.TransactionalSender;
import io.cdcflow.extractor.io.WatermarkStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extractor service: consumes run commands and extracts the tables they name into the rows
 * topic, on a thread of its own (plus one worker thread for the run in progress).
 *
 * <p>Each instance has a stable Kafka {@code transactional.id}, {@code <prefix>-extractor-<instance
 * id>}, so a restarted instance aborts its predecessor's open transaction at once; instances
 * running side by side need distinct instance ids. Commands are keyed by {@code datasource.table},
 * so the commands of one table are handled one after the other by one instance.
 *
 * <p>The pipeline's topics must exist ({@link #ensureTopics}); the rows topic's partition count
 * must never change.
 *
 * <p>Threads: {@code cdc-extractor-<instance id>} runs the commands consumer;
 * {@code <prefix>-extractor-<instance id>-run} runs one command at a time; during a run, a
 * {@code ...-run-reader} thread reads the table.
 */
public final class ExtractorService implements AutoCloseable {
    /** Environment variable holding the instance id; default {@value #DEFAULT_INSTANCE_ID}. */
    public static final String INSTANCE_ID_ENV = "CDC_INSTANCE_ID";
    /** The instance id when {@value #INSTANCE_ID_ENV} is not set. */
    public static final String DEFAULT_INSTANCE_ID = "0";

    private static final Logger LOG = LoggerFactory.getLogger(ExtractorService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final Thread thread;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile CommandLoop loop;
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile DataSources dataSources;
    private final String bootstrapServers;
    private final Map<String, Object> clientProperties;
    private final ExtractorMetrics metrics;
    private final List<String> datasourceNames;
    private final List<Map.Entry<ChunkWorker, Thread>> chunkWorkers = new CopyOnWriteArrayList<>();

    private ExtractorService(CdcConfig config, String bootstrapServers, Map<String, Object> extraKafkaProps,
                             String instanceId, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        Map<String, Object> client = new LinkedHashMap<>(config.kafka().clientPropertiesRevealed());
        client.putAll(extraKafkaProps);
        this.clientProperties = client;
        this.metrics = new ExtractorMetrics(registry);
        this.datasourceNames = List.copyOf(config.datasources().keySet());
        this.thread = new Thread(() -> run(config, bootstrapServers, extraKafkaProps, instanceId),
                "cdc-extractor-" + instanceId);
    }

    /**
     * Starts an extractor with the instance id from {@value #INSTANCE_ID_ENV} (default
     * {@value #DEFAULT_INSTANCE_ID}) and returns at once; the service runs until {@link #close()}.
     *
     * @param config the pipeline configuration (tables, datasources, batch size, topic prefix)
     * @param bootstrapServers the Kafka cluster, overriding the configuration's
     * @param extraKafkaProps client properties applied over the configuration's {@code kafka.properties}
     * @return the running service
     */
    public static ExtractorService start(CdcConfig config, String bootstrapServers,
                                         Map<String, Object> extraKafkaProps) {
        return start(config, bootstrapServers, extraKafkaProps, instanceIdFromEnvironment());
    }

    /** The instance id from {@value #INSTANCE_ID_ENV}, default {@value #DEFAULT_INSTANCE_ID}. */
    public static String instanceIdFromEnvironment() {
        return Optional.ofNullable(System.getenv(INSTANCE_ID_ENV)).filter(s -> !s.isBlank())
                .orElse(DEFAULT_INSTANCE_ID);
    }

    /**
     * Starts an extractor with the given instance id and returns at once.
     *
     * @param instanceId distinguishes instances running side by side; stable across restarts
     * @see #start(CdcConfig, String, Map)
     */
    public static ExtractorService start(CdcConfig config, String bootstrapServers,
                                         Map<String, Object> extraKafkaProps, String instanceId) {
        return start(config, bootstrapServers, extraKafkaProps, instanceId, Metrics.none());
    }

    /**
     * Starts an extractor that records its meters (see {@link ExtractorMetrics}, plus the commands
     * consumer's Kafka client metrics) in {@code registry}.
     *
     * @see #start(CdcConfig, String, Map, String)
     */
    public static ExtractorService start(CdcConfig config, String bootstrapServers,
                                         Map<String, Object> extraKafkaProps, String instanceId,
                                         MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(registry, "registry");
        ExtractorService service = new ExtractorService(config, bootstrapServers, Map.copyOf(extraKafkaProps),
                instanceId, registry);
        service.thread.start();
        return service;
    }

    /**
     * Registers the extractor's readiness checks: {@code kafka} (the cluster answers),
     * {@code extractor} (consuming commands) and {@code datasource <name>} for each datasource (a
     * valid connection from its pool).
     */
    public void addReadinessChecks(OpsServer server) {
        server.check("kafka", new KafkaCheck(bootstrapServers, clientProperties));
        server.check("extractor", () -> {
            if (loop == null || terminated.getCount() == 0) {
                throw new IllegalStateException(terminated.getCount() == 0 ? "stopped" : "starting");
            }
        });
        for (String name : datasourceNames) {
            server.check("datasource " + name, () -> {
                DataSources pools = dataSources;
                if (pools == null) {
                    throw new IllegalStateException("starting");
                }
                pools.check(name);
            });
        }
    }

    /**
     * Creates the pipeline's topics that do not exist yet, with the configuration's partition count
     * and replication factor; existing topics are left as they are.
     *
     * @param extraKafkaProps admin client properties applied over the configuration's
     * @return the names of the topics created
     */
    public static Set<String> ensureTopics(CdcConfig config, String bootstrapServers,
                                           Map<String, Object> extraKafkaProps) {
        Map<String, Object> adminProps = new LinkedHashMap<>(config.kafka().clientPropertiesRevealed());
        adminProps.putAll(extraKafkaProps);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        short replication = config.kafka().replicationFactor();
        List<Map.Entry<String, String>> tables = new ArrayList<>();
        for (TableConfig table : config.tables().values()) {
            tables.add(Map.entry(table.datasource(), table.name()));
        }
        try (Admin admin = Admin.create(adminProps)) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, config.kafka().partitions(),
                    replication < 0 ? Optional.empty() : Optional.of(replication));
            return topicAdmin.ensure(topicAdmin.pipelineTopics(new TopicNames(config.kafka().topicPrefix()), tables));
        }
    }

    /**
     * Stops the service: a run in progress is cancelled and its open transaction aborted (its command
     * is run again by the next instance), then clients and pools are closed. Waits up to 60 s.
     */
    @Override
    public void close() {
        if (terminated.getCount() == 0) {
            return;
        }
        closing = true;
        CommandLoop running = loop;
        if (running != null) {
            running.stop();
        } else {
            // still connecting (e.g. initTransactions waiting for the broker)
            thread.interrupt();
        }
        if (!awaitTermination(CLOSE_TIMEOUT)) {
            LOG.warn("Extractor did not stop within {}", CLOSE_TIMEOUT);
        }
    }

    /**
     * Waits until the service has stopped (closed, or failed).
     *
     * @return whether it stopped within {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) {
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Why the service stopped by itself, if it did: Kafka unreachable at start (after the
     * producer's {@code max.block.ms}), a fenced producer, an authorization failure.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run(CdcConfig config, String bootstrapServers, Map<String, Object> extraKafkaProps,
                     String instanceId) {
        TopicNames names = new TopicNames(config.kafka().topicPrefix());
        Topics topics = new Topics(names);
        Map<String, Object> passThrough = new LinkedHashMap<>(config.kafka().clientPropertiesRevealed());
        passThrough.putAll(extraKafkaProps);
        String clientId = names.prefix() + "-extractor-" + instanceId;
        KafkaClientMetrics consumerMetrics = null;
        try (DataSources pools = new DataSources(config);
             WatermarkStore watermarks = new WatermarkStore(names.watermarks(),
                     () -> new KafkaConsumer<>(KafkaClientConfigs.watermarkConsumer(bootstrapServers, passThrough,
                             clientId + "-watermarks")),
                     () -> Admin.create(KafkaClientConfigs.admin(bootstrapServers, passThrough,
                             clientId + "-watermarks-admin")));
             TransactionalSender sender = new TransactionalSender(() -> new KafkaProducer<>(
                     KafkaClientConfigs.producer(bootstrapServers, passThrough, clientId)))) {
            dataSources = pools;
            FailureReasons reasons = new FailureReasons(secrets(config));
            RunExecutor runs = new RunExecutor(config::datasourceOf, pools, sender, topics, watermarks,
                    config.global().batchSize(), Backoff.DEFAULT, reasons, metrics)
                    .distributingChunks(() -> new KafkaConsumer<>(KafkaClientConfigs.watermarkConsumer(
                            bootstrapServers, passThrough, clientId + "-chunk-results")));
            boolean anyParallel = config.tables().values().stream().anyMatch(TableConfig::parallelChunks);
            for (int n = 0; anyParallel && n < config.global().chunkWorkers(); n++) {
                String workerId = clientId + "-chunks-" + n;
                ChunkWorker worker = new ChunkWorker(workerId,
                        () -> new KafkaConsumer<>(KafkaClientConfigs.chunkTaskConsumer(bootstrapServers, passThrough,
                                names.prefix() + "-extractor-chunks", workerId)),
                        () -> new TransactionalSender(() -> new KafkaProducer<>(
                                KafkaClientConfigs.producer(bootstrapServers, passThrough, workerId))),
                        topics, name -> Optional.ofNullable(config.tables().get(name)), config::datasourceOf, pools,
                        config.global().batchSize(), Backoff.DEFAULT, reasons, metrics);
                Thread thread = new Thread(worker, workerId);
                thread.setDaemon(true);
                thread.start();
                chunkWorkers.add(Map.entry(worker, thread));
            }
            try {
                CommandHandler handler = new CommandHandler(new CommandResolver(config), runs,
                        new DeadLetters(sender, topics), metrics);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientConfigs.consumer(
                        bootstrapServers, passThrough, names.prefix() + "-extractor", clientId));
                consumerMetrics = new KafkaClientMetrics(consumer);
                consumerMetrics.bindTo(metrics.registry());
                loop = new CommandLoop(consumer, names.commands(), handler, clientId + "-run");
                if (closing) {
                    // close() ran while this thread was connecting; the loop then just closes its consumer
                    loop.stop();
                }
                LOG.info("Extractor {} consuming {} ({} tables)", clientId, names.commands(), config.tables().size());
                loop.run();
            } finally {
                // before the pools close: a worker stopped mid-task aborts it rather than failing it
                stopChunkWorkers();
            }
            LOG.info("Extractor {} stopped", clientId);
        } catch (RuntimeException | Error e) {
            if (!closing) {
                failure = e;
                LOG.error("Extractor {} failed", clientId, e);
            }
        } finally {
            if (consumerMetrics != null) {
                consumerMetrics.close();
            }
            terminated.countDown();
        }
    }

    /** Stops the chunk workers and waits for them, before the pools they use close. */
    private void stopChunkWorkers() {
        chunkWorkers.forEach(worker -> worker.getKey().stop());
        for (Map.Entry<ChunkWorker, Thread> worker : chunkWorkers) {
            try {
                worker.getValue().join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<String> secrets(CdcConfig config) {
        List<String> secrets = new ArrayList<>();
        for (DatasourceConfig datasource : config.datasources().values()) {
            if (datasource.password() != null) {
                secrets.add(datasource.password().reveal());
            }
        }
        config.kafka().clientPropertiesRevealed().forEach((key, value) -> {
            if (!config.kafka().clientProperties().get(key).equals(value.toString())) {
                secrets.add(value.toString());
            }
        });
        Secret storageKey = config.storage().secretKey();
        secrets.add(storageKey.reveal());
        return secrets;
    }
}
