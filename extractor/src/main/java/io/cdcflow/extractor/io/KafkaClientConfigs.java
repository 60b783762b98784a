package io.cdcflow.extractor.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings of the extractor. Pass-through properties (security, timeouts) apply first; the
 * settings exactly-once depends on (transactions, isolation, manual offsets, serializers) always
 * win.
 */
public final class KafkaClientConfigs {
    /** Rows per producer batch are small; 256 KB batches with a short linger keep throughput up. */
    static final int BATCH_BYTES = 256 * 1024;
    static final int LINGER_MS = 10;
    /** Long enough for a batch of rows from a slow database, short enough to unblock readers soon. */
    static final int TRANSACTION_TIMEOUT_MS = 120_000;

    private KafkaClientConfigs() {
    }

    /**
     * Settings of the transactional producer.
     *
     * @param passThrough client properties from the configuration and the caller, in that order
     * @param transactionalId stable per extractor instance, so a restart fences its predecessor
     */
    public static Map<String, Object> producer(String bootstrapServers, Map<String, Object> passThrough,
                                               String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        props.putAll(passThrough);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * Settings of the commands consumer: one record per poll (a run is long), read_committed, no
     * auto-commit (offsets commit inside the run's last transaction), cooperative rebalancing (a
     * rebalance revokes only the partitions that move, not the one a run is working on). Keys and
     * values stay bytes, so a rejected command is dead-lettered exactly as it arrived.
     *
     * @param passThrough client properties from the configuration and the caller, in that order
     */
    public static Map<String, Object> consumer(String bootstrapServers, Map<String, Object> passThrough,
                                               String groupId, String clientId) {
        Map<String, Object> props = new HashMap<>(passThrough);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * Settings of a chunk worker's consumer: those of the commands consumer, with room for a task of
     * a chunk that grew large between two polls.
     */
    public static Map<String, Object> chunkTaskConsumer(String bootstrapServers, Map<String, Object> passThrough,
                                                        String groupId, String clientId) {
        Map<String, Object> props = consumer(bootstrapServers, passThrough, groupId, clientId);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
        return props;
    }

    /**
     * Settings of the watermarks reader: read_committed, no group (it is assigned its partitions),
     * no offsets committed, never creating the topic by reading it.
     *
     * @param passThrough client properties from the configuration and the caller, in that order
     */
    public static Map<String, Object> watermarkConsumer(String bootstrapServers, Map<String, Object> passThrough,
                                                        String clientId) {
        Map<String, Object> props = new HashMap<>(passThrough);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * Settings of an admin client.
     *
     * @param passThrough client properties from the configuration and the caller, in that order
     */
    public static Map<String, Object> admin(String bootstrapServers, Map<String, Object> passThrough, String clientId) {
        Map<String, Object> props = new HashMap<>(passThrough);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
