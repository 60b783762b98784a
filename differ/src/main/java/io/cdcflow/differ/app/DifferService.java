package io.cdcflow.differ.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ChangeFormat;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.KafkaCheck;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.differ.io.DifferMetrics;
import io.cdcflow.differ.io.DifferTopology;
import io.cdcflow.differ.io.SchemaRegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the differ topology as a Kafka Streams application. Instances with the same config share
 * the rows topic's partitions; adding one rebalances tasks and their state.
 */
public final class DifferService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DifferService.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final String bootstrapServers;
    private final Map<String, Object> clientProperties;
    private final CheckpointService checkpoints;
    private final SchemaRegistryClient schemaRegistry;

    private DifferService(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, String bootstrapServers,
                          Map<String, Object> clientProperties, CheckpointService checkpoints,
                          SchemaRegistryClient schemaRegistry) {
        this.schemaRegistry = schemaRegistry;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.checkpoints = checkpoints;
    }

    /**
     * Starts the differ.
     *
     * @param config the pipeline config
     * @param bootstrapServers Kafka to use (the config's, or the embedded broker's)
     * @param extraProperties extra Streams properties (tests lower timings); may be empty
     */
    public static DifferService start(CdcConfig config, String bootstrapServers, Map<String, Object> extraProperties) {
        return start(config, bootstrapServers, extraProperties, Metrics.none());
    }

    /**
     * Starts the differ, recording its meters ({@link DifferMetrics}, and the Kafka Streams client
     * metrics, among them the consumer lag) in {@code registry}.
     */
    public static DifferService start(CdcConfig config, String bootstrapServers, Map<String, Object> extraProperties,
                                      MeterRegistry registry) {
        TopicNames names = new TopicNames(config.kafka().topicPrefix());
        Set<String> withoutImages = config.tables().values().stream()
                .filter(table -> !table.storeRowImages())
                .map(DifferService::tableId)
                .collect(Collectors.toUnmodifiableSet());
        DifferTopology.Options options = new DifferTopology.Options(id -> !withoutImages.contains(id), true);
        SchemaRegistryClient schemaRegistry = null;
        if (config.kafka().changeFormat() == ChangeFormat.AVRO) {
            schemaRegistry = new SchemaRegistryClient(config.kafka().schemaRegistry());
            options = options.withAvroChanges(schemaRegistry);
            LOG.info("Change topics are Avro; schemas go to the registry at {}", schemaRegistry.url());
        }
        KafkaStreams streams = new KafkaStreams(DifferTopology.build(names, options, new DifferMetrics(registry)),
                properties(config, names, bootstrapServers, extraProperties));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Differ stream thread failed; replacing it (state and offsets are transactional)", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streams.start();
        LOG.info("Differ started (application id {})", names.differApplicationId());
        Map<String, Object> client = new HashMap<>(config.kafka().clientPropertiesRevealed());
        client.putAll(extraProperties);
        return new DifferService(streams, streamsMetrics, bootstrapServers, client,
                startCheckpoints(config, bootstrapServers), schemaRegistry);
    }

    /** State checkpoints after each complete run, unless turned off or the store's endpoint is unknown. */
    private static CheckpointService startCheckpoints(CdcConfig config, String bootstrapServers) {
        if (config.storage().checkpointsKept() == 0) {
            LOG.info("State checkpoints are off (storage.checkpoints_kept is 0)");
            return null;
        }
        if (config.storage().embedded()) {
            LOG.warn("No state checkpoints: the embedded object store runs only inside `cdc run`");
            return null;
        }
        return CheckpointService.start(config, bootstrapServers);
    }

    /**
     * Registers the differ's readiness checks: {@code kafka} (the cluster answers) and {@code differ}
     * (Kafka Streams is {@code RUNNING}: joined, state restored, processing) and, with Avro change
     * topics, {@code schema_registry} (the last schema registration did not fail for good).
     */
    public void addReadinessChecks(OpsServer server) {
        server.check("kafka", new KafkaCheck(bootstrapServers, clientProperties));
        server.check("differ", () -> {
            KafkaStreams.State state = streams.state();
            if (state != KafkaStreams.State.RUNNING) {
                throw new IllegalStateException("Kafka Streams is " + state);
            }
        });
        if (schemaRegistry != null) {
            // Not ready while registrations fail: the stream thread keeps retrying its task, and the
            // run waits (nothing of it is committed) until the registry answers again.
            server.check("schema_registry", () -> {
                String failure = schemaRegistry.lastFailure();
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
            });
        }
    }

    /** Kafka Streams commit interval (exactly-once default: 100 ms). */
    static final int COMMIT_INTERVAL_MS = 500;

    static Properties properties(CdcConfig config, TopicNames names, String bootstrapServers,
                                 Map<String, Object> extra) {
        Properties props = new Properties();
        // Defaults that kafka.properties may override. One stream thread per core: a single thread
        // diffed every partition on one core. A longer commit interval than exactly-once's 100 ms
        // default means fewer transactions and store flushes; a run's end reaches the writer at
        // most this much later.
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Runtime.getRuntime().availableProcessors());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        // The changelog carries every row's state (and image) again each run: compress it, the
        // change topics and the feed like the extractor's rows. A prefixed setting beats a plain
        // one in Streams, so the default gives way to a compression.type the user configured.
        Map<String, Object> client = config.kafka().clientPropertiesRevealed();
        if (!client.containsKey(ProducerConfig.COMPRESSION_TYPE_CONFIG)) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        }
        props.putAll(client);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, names.differApplicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.kafka().stateDir());
        short replication = config.kafka().replicationFactor();
        if (replication > 0) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
        }
        props.putAll(extra);
        return props;
    }

    private static String tableId(TableConfig table) {
        return TableIds.of(table.datasource(), table.name());
    }

    /** The Streams state, for readiness checks. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the differ has joined its group and restored its state, or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()
                    && streams.state() != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Stops processing; committed work stays committed, the rest is redone by the next instance. */
    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.close();
        }
        // Leaving the group hands this instance's partitions over at once instead of after the
        // session timeout, so a restarted `cdc run` or a scaled-down differ resumes quickly.
        streamsMetrics.close();
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        LOG.info("Differ stopped");
    }
}
