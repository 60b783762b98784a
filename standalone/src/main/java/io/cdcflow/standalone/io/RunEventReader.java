package io.cdcflow.standalone.io;

import io.cdcflow.common.core.RunEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the run-events topic from the beginning up to its end at the time of the call, without a
 * consumer group (nothing is committed, nothing is left behind on the cluster).
 */
public final class RunEventReader {
    private RunEventReader() {
    }

    /** What was read: the events in partition and offset order, and how many records were not events. */
    public record Result(List<RunEvent> events, int malformed) {
    }

    /**
     * Reads every committed event of {@code topic}.
     *
     * @param timeout how long to wait for the cluster and to reach the end offsets
     * @throws MissingTopicException if the topic does not exist
     * @throws IllegalStateException if the end is not reached in time
     */
    public static Result readAll(String topic, String bootstrapServers, Map<String, Object> clientProperties,
                                 Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new MissingTopicException(topic, bootstrapServers);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                });
            }
            records.sort(Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            List<RunEvent> events = new ArrayList<>(records.size());
            int[] malformed = {0};
            records.forEach(record -> parse(record, events::add, () -> malformed[0]++));
            return new Result(events, malformed[0]);
        }
    }

    private static void parse(ConsumerRecord<String, byte[]> record, Consumer<RunEvent> ok, Runnable bad) {
        if (record.value() == null) {
            bad.run();
            return;
        }
        try {
            ok.accept(RunEvent.parse(record.value()));
        } catch (RuntimeException e) {
            bad.run();
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
