package io.cdcflow.differ.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a state store's changelog topic partition by partition, {@code read_committed}, from its
 * beginning up to a given end offset (no consumer group, nothing committed). Not thread-safe; close it.
 */
public final class ChangelogReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final KafkaConsumer<String, byte[]> consumer;

    /** @param clientProperties bootstrap servers and security settings */
    public ChangelogReader(Map<String, Object> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** What to do with one record. */
    public interface Handler {
        /** @param value the value, null for a tombstone */
        void record(String key, byte[] value, long offset);
    }

    /** The topic's partition count, or 0 if it does not exist. */
    public int partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        return infos == null ? 0 : infos.size();
    }

    /** The end offsets (last stable offsets under {@code read_committed}) of every partition. */
    public Map<Integer, Long> endOffsets(String topic, int partitions) {
        List<TopicPartition> all = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        Map<Integer, Long> ends = new HashMap<>();
        consumer.assign(all);
        consumer.endOffsets(all, TIMEOUT).forEach((tp, offset) -> ends.put(tp.partition(), offset));
        return ends;
    }

    /** Hands every record of the partition below {@code end} whose key starts with {@code keyPrefix} to the handler. */
    public void scan(String topic, int partition, long end, String keyPrefix, Handler handler) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(tp) < end) {
            boolean any = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                any = true;
                if (record.offset() >= end) {
                    break;
                }
                if (record.key() != null && record.key().startsWith(keyPrefix)) {
                    handler.record(record.key(), record.value(), record.offset());
                }
            }
            if (any) {
                deadline = System.nanoTime() + TIMEOUT.toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no progress reading " + tp + " at offset " + consumer.position(tp)
                        + " of " + end);
            }
        }
        consumer.unsubscribe();
    }

    /**
     * The live keys of the partition below {@code end} that start with {@code keyPrefix}, each with
     * the offset of its latest value (a tombstone removes the key). Memory: one map entry per key.
     */
    public Map<String, Long> latest(String topic, int partition, long end, String keyPrefix) {
        Map<String, Long> latest = new HashMap<>();
        scan(topic, partition, end, keyPrefix, (key, value, offset) -> {
            if (value == null) {
                latest.remove(key);
            } else {
                latest.put(key, offset);
            }
        });
        return latest;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
