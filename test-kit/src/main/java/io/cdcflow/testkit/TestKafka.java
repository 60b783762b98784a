package io.cdcflow.testkit;

import io.cdcflow.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka broker of this JVM: one {@link EmbeddedKafkaBroker} on a temporary directory, started
 * on first use and stopped (and its directory deleted) by a shutdown hook.
 *
 * <p>Tests share the broker, so each test should use its own topic names and consumer groups.
 * All methods are thread-safe.
 */
public final class TestKafka {

    private static EmbeddedKafkaBroker broker;

    private TestKafka() {
    }

    /**
     * Returns the {@code bootstrap.servers} value of the broker, starting it if needed.
     *
     * @return {@code 127.0.0.1:PORT}
     */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            Path dir = TempDirs.create("cdc-test-kafka-");
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                TempDirs.deleteRecursively(dir);
            }, "stop-test-kafka"));
            broker = started;
        }
        return broker.bootstrapServers();
    }

    /**
     * Opens an admin client on the broker; the caller closes it.
     *
     * @return the admin client
     */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * Creates topics with the broker's defaults (delete cleanup policy, unlimited retention); topics
     * that already exist are left as they are.
     *
     * @param partitions number of partitions of each topic
     * @param names topic names
     */
    public static void createTopics(int partitions, String... names) {
        create(partitions, Map.of(), names);
    }

    /**
     * Creates compacted topics ({@code cleanup.policy=compact}); topics that already exist are left
     * as they are.
     *
     * @param partitions number of partitions of each topic
     * @param names topic names
     */
    public static void createCompactedTopics(int partitions, String... names) {
        create(partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), names);
    }

    /**
     * Reads the committed records of a topic from the beginning up to the end offsets at the time of
     * the call ({@code isolation.level=read_committed}, no consumer group).
     *
     * @param topic an existing topic
     * @param timeout how long to try to reach the end offsets
     * @return the records, ordered by partition then offset
     * @throws IllegalArgumentException if the topic does not exist
     * @throws IllegalStateException if the end offsets are not reached in time
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
        return readAll(bootstrapServers(), topic, timeout);
    }

    /**
     * Reads like {@link #readAll(String, Duration)} from another broker.
     *
     * @param bootstrap the {@code bootstrap.servers} of that broker
     * @param topic an existing topic
     * @param timeout how long to try to reach the end offsets
     * @return the records, ordered by partition then offset
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, Duration timeout) {
        Map<String, Object> props = consumerProps(bootstrap, null);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("No such topic: " + topic);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // under read_committed these are the last stable offsets: open transactions are excluded
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Did not reach end offsets " + end + " of " + topic
                            + " within " + timeout + "; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                });
            }
            records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            return records;
        }
    }

    /**
     * Returns new settings for a byte-array producer on the broker (idempotent, {@code acks=all});
     * add {@code transactional.id} for a transactional one.
     *
     * @return a mutable map
     */
    public static Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    /**
     * Returns new settings for a byte-array consumer on the broker: {@code read_committed},
     * {@code auto.offset.reset=earliest}, auto-commit off.
     *
     * @param group the consumer group id, or {@code null} for none
     * @return a mutable map
     */
    public static Map<String, Object> consumerProps(String group) {
        return consumerProps(bootstrapServers(), group);
    }

    private static Map<String, Object> consumerProps(String bootstrap, String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return props;
    }

    private static void create(int partitions, Map<String, String> configs, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1).configs(configs));
        }
        try (Admin admin = admin()) {
            for (KafkaFuture<Void> future : admin.createTopics(topics).values().values()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topics " + List.of(names), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
