package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.KafkaSettings;
import io.cdcflow.common.config.StorageConfig;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.common.io.TopicAdmin;
import io.cdcflow.common.io.Topics;
import io.cdcflow.differ.app.DifferService;
import io.cdcflow.embedded.EmbeddedKafkaBroker;
import io.cdcflow.embedded.EmbeddedObjectStore;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.writer.app.WriterService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: the embedded broker and object store where the config asks for
 * them, the topics, and the extractor, differ and writer services. Closing stops everything in
 * reverse order.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CdcConfig config;
    private final Topics topics;

    private ExtractorService extractor;
    private DifferService differService;
    private WriterService writer;

    private Pipeline(CdcConfig configured, Map<String, Object> serviceOverrides, MeterRegistry registry) {
        try {
            this.config = startEmbedded(configured, started);
            this.topics = new Topics(new TopicNames(config.kafka().topicPrefix()));
            createTopics(config);
            extractor = ExtractorService.start(config, config.kafka().bootstrapServers(), serviceOverrides,
                    ExtractorService.instanceIdFromEnvironment(), registry);
            started.push(extractor);
            DifferService differ = DifferService.start(config, config.kafka().bootstrapServers(), serviceOverrides,
                    registry);
            differService = differ;
            started.push(differ);
            writer = WriterService.start(config, config.kafka().bootstrapServers(), serviceOverrides,
                    ObjectStoreSettings.of(config.storage()), registry);
            started.push(writer);
            if (!differ.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the differ did not start within 60 s (state " + differ.state() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the pipeline", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the pipeline for a config; {@code serviceOverrides} go to every Kafka client (tests). */
    public static Pipeline start(CdcConfig config, Map<String, Object> serviceOverrides) {
        return new Pipeline(config, serviceOverrides, Metrics.none());
    }

    /** Starts the pipeline, its three services recording their meters in {@code registry}. */
    public static Pipeline start(CdcConfig config, Map<String, Object> serviceOverrides, MeterRegistry registry) {
        return new Pipeline(config, serviceOverrides, registry);
    }

    /** Registers the readiness checks of the three services (one {@code kafka} check for all). */
    public void addReadinessChecks(OpsServer server) {
        extractor.addReadinessChecks(server);
        differService.addReadinessChecks(server);
        writer.addReadinessChecks(server);
    }

    /** The config with the embedded endpoints filled in: what the services actually use. */
    public CdcConfig config() {
        return config;
    }

    public Topics topics() {
        return topics;
    }

    /** A client that triggers runs and follows their events. */
    public io.cdcflow.standalone.io.RunClient runClient() {
        return new io.cdcflow.standalone.io.RunClient(topics, config.kafka().bootstrapServers(),
                config.kafka().clientPropertiesRevealed());
    }

    /**
     * Creates the pipeline's topics for a config with a concrete bootstrap address (idempotent).
     *
     * @return every topic of the pipeline, in creation order, with whether it was created now
     */
    public static Map<String, Boolean> createTopics(CdcConfig config) {
        Topics topics = new Topics(new TopicNames(config.kafka().topicPrefix()));
        Map<String, Object> props = new java.util.HashMap<>(config.kafka().clientPropertiesRevealed());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            short replication = config.kafka().replicationFactor();
            TopicAdmin topicAdmin = new TopicAdmin(admin, config.kafka().partitions(),
                    replication > 0 ? Optional.of(replication) : Optional.empty());
            List<NewTopic> wanted = topicAdmin.pipelineTopics(topics.names(), config.tables().values().stream()
                    .map(t -> Map.entry(t.datasource(), t.name())).toList());
            Set<String> created = topicAdmin.ensure(wanted);
            Map<String, Boolean> result = new LinkedHashMap<>();
            wanted.forEach(topic -> result.put(topic.name(), created.contains(topic.name())));
            return result;
        }
    }

    /**
     * Starts the embedded broker and object store where {@code config} asks for them (under
     * {@code storage.data_dir}), pushing each onto {@code started} for the caller to close, and returns
     * the config with their concrete addresses.
     */
    static CdcConfig startEmbedded(CdcConfig config, Deque<AutoCloseable> started) {
        String bootstrap = config.kafka().bootstrapServers();
        if (config.kafka().embedded()) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.storage().dataDir().resolve("kafka"));
            started.push(broker);
            bootstrap = broker.bootstrapServers();
        }
        StorageConfig storage = config.storage();
        if (storage.embedded()) {
            EmbeddedObjectStore store = EmbeddedObjectStore.start(storage.dataDir().resolve("objects"),
                    storage.accessKey(), storage.secretKey().reveal());
            started.push(store);
            storage = new StorageConfig(false, store.endpoint(), storage.accessKey(), storage.secretKey(),
                    false, storage.bucket(), storage.region(), storage.format(), storage.dataDir(),
                    storage.checkpointsKept());
        }
        return resolved(config, bootstrap, storage);
    }

    static CdcConfig resolved(CdcConfig config, String bootstrap, StorageConfig storage) {
        KafkaSettings kafka = config.kafka();
        KafkaSettings concrete = kafka.withCluster(bootstrap, kafka.embedded() ? 1 : kafka.replicationFactor());
        return new CdcConfig(config.global(), config.datasources(), config.tables(), storage, concrete);
    }

    /** The table configs by name (for result rendering). */
    public TableConfig table(String name) {
        return config.table(name);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
