package io.cdcflow.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (combined KRaft broker and controller) running inside this JVM.
 *
 * <p>All state lives under the log directory given to {@link #start(Path)}: the first start formats
 * it and records the cluster id and the chosen ports in {@value #STATE_FILE}; later starts on the
 * same directory reuse both, so topics, committed offsets and transactions survive a restart. The
 * broker listens on 127.0.0.1 only, without authentication.
 *
 * <p>The topic defaults suit one node: replication factor 1, one partition, no automatic topic
 * creation, and no time- or size-based retention (the data is kept until the topic is deleted or
 * compacted).
 *
 * <p>Kafka's own loggers ({@code kafka}, {@code org.apache.kafka}, {@code state.change.logger})
 * are very chatty at INFO. When Logback is the SLF4J backend they are lowered to WARN (the quorum
 * controller's to ERROR) unless the application configured their level explicitly; with another
 * backend, configure those loggers there.
 *
 * <p>Not thread-safe; one instance per log directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Name of the file, inside the log directory, that records cluster id and ports. */
    public static final String STATE_FILE = "embedded-broker.properties";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String DATA_DIR = "kafka-logs";
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final String bootstrapServers;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Path logDir, String bootstrapServers, KafkaRaftServer server) {
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
    }

    /**
     * Starts a broker on {@code logDir}, formatting the directory first if it is new, and returns
     * once the broker accepts client requests.
     *
     * @param logDir directory holding all broker state; created if missing
     * @return the running broker
     * @throws IllegalStateException if the broker does not start or become ready within 60 s
     */
    public static EmbeddedKafkaBroker start(Path logDir) {
        return start(logDir, Map.of());
    }

    /**
     * Starts a broker like {@link #start(Path)}, with extra broker settings.
     *
     * @param logDir directory holding all broker state; created if missing
     * @param overrides broker configuration entries applied over the defaults; listener, port,
     *     node id and directory settings must not be overridden
     * @return the running broker
     * @throws IllegalStateException if the broker does not start or become ready within 60 s
     */
    public static EmbeddedKafkaBroker start(Path logDir, Map<String, ?> overrides) {
        QuietLogging.warnOnly("kafka", "org.apache.kafka", "state.change.logger");
        // warns on every start of a one-node quorum ("Performing controller activation")
        QuietLogging.errorOnly("org.apache.kafka.controller.QuorumController");
        Path dir = logDir.toAbsolutePath();
        Path dataDir = dir.resolve(DATA_DIR);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka log directory " + dataDir, e);
        }
        State state = State.loadOrCreate(dir.resolve(STATE_FILE), dataDir);
        Map<String, Object> props = brokerProperties(state, dataDir);
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(config, state, dataDir);
        }

        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrap = HOST + ":" + state.brokerPort;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, bootstrap, server);
        try {
            server.startup();
            awaitReady(bootstrap);
        } catch (RuntimeException e) {
            IllegalStateException failure =
                    new IllegalStateException("Embedded Kafka broker on " + dir + " did not start", e);
            try {
                broker.close();
            } catch (RuntimeException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        LOG.info("Kafka broker on {} ready at {} in {} ms", dir, bootstrap,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return broker;
    }

    /** Returns the {@code bootstrap.servers} value for clients, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns the directory holding the broker's state. */
    public Path logDir() {
        return logDir;
    }

    /** Shuts the broker down and waits until it has stopped; calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, Object> brokerProperties(State state, Path dataDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + state.brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + state.controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + state.brokerPort);
        p.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("controller.quorum.bootstrap.servers", HOST + ":" + state.controllerPort);
        p.put("log.dirs", dataDir.toString());

        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");

        // the standalone mode keeps its change history in Kafka: nothing may expire
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", "-1");
        // the 128 MB default is sized for big production brokers; this one shares a JVM
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    private static void format(KafkaConfig config, State state, Path dataDir) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            DynamicVoters voters = DynamicVoters.parse(
                    NODE_ID + "@" + HOST + ":" + state.controllerPort + ":" + Uuid.randomUuid());
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(NODE_ID)
                    .setClusterId(state.clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(dataDir.toString())
                    .setHasDynamicQuorum(true)
                    .setInitialControllers(voters)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + dataDir, e);
        }
        LOG.debug("Formatted {}: {}", dataDir, output.toString(StandardCharsets.UTF_8));
    }

    private static void awaitReady(String bootstrap) {
        Map<String, Object> adminProps = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                Exception last;
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(5, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    last = null;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Broker at " + bootstrap + " not ready after "
                            + READY_TIMEOUT.toSeconds() + " s", last);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for broker at " + bootstrap, e);
        }
    }

    /** Cluster id and ports, chosen once per log directory. */
    private static final class State {
        final String clusterId;
        final int brokerPort;
        final int controllerPort;

        private State(String clusterId, int brokerPort, int controllerPort) {
            this.clusterId = clusterId;
            this.brokerPort = brokerPort;
            this.controllerPort = controllerPort;
        }

        static State loadOrCreate(Path file, Path dataDir) {
            try {
                if (Files.exists(file)) {
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        p.load(in);
                    }
                    return new State(required(p, "cluster.id", file),
                            Integer.parseInt(required(p, "broker.port", file)),
                            Integer.parseInt(required(p, "controller.port", file)));
                }
                if (Files.exists(dataDir.resolve("meta.properties"))) {
                    throw new IllegalStateException(dataDir + " is formatted but " + file
                            + " is missing; cannot know the ports the cluster was formatted with");
                }
                int brokerPort = FreePorts.next();
                int controllerPort = FreePorts.next();
                while (controllerPort == brokerPort) {
                    controllerPort = FreePorts.next();
                }
                State state = new State(Uuid.randomUuid().toString(), brokerPort, controllerPort);
                state.save(file);
                return state;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read or write " + file, e);
            }
        }

        private void save(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("cluster.id", clusterId);
            p.setProperty("broker.port", String.valueOf(brokerPort));
            p.setProperty("controller.port", String.valueOf(controllerPort));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Embedded Kafka broker: ports and cluster id, fixed at format time");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        private static String required(Properties p, String key, Path file) {
            String value = p.getProperty(key);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(file + " has no " + key);
            }
            return value.trim();
        }
    }
}
