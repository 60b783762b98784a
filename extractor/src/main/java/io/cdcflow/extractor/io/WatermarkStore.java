package io.cdcflow.extractor.io;

import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.ChunkLayout;
import io.cdcflow.extractor.core.WatermarkState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extractor's state between runs, kept in the compacted topic {@code <prefix>.watermarks}: the
 * watermarks of timestamp tables (key {@code datasource.table}, value {@link WatermarkState} JSON)
 * and the chunk layouts of hash-partition tables (key {@code datasource.table#chunks}, value
 * {@link ChunkLayout} JSON). A run's new state is a record of the
 * transaction that commits the run's END markers and command offset ({@link #record}), so it exists
 * exactly when the run completed.
 *
 * <p>{@link #read} returns the latest committed state of a table. It keeps one {@code
 * read_committed} consumer, assigned to the topic without a group, and reads on from where it
 * stopped, up to the topic's end at the time of the call: it waits (up to {@value
 * #CATCH_UP_SECONDS} s) until the transaction markers of records already written are in, so a run
 * that starts right after the previous run of its table committed sees that run's state. If another
 * transaction stays open longer (a crashed instance's), it goes on with the states committed
 * before it: an older watermark only makes a run read more rows, never fewer.
 *
 * <p>Used by the run thread only.
 */
public final class WatermarkStore implements AutoCloseable {
    static final int CATCH_UP_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkStore.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Admin> admins;
    private final Map<String, byte[]> latest = new HashMap<>();
    private Consumer<byte[], byte[]> consumer;
    private Admin admin;
    private List<TopicPartition> partitions;

    /**
     * @param topic the watermarks topic
     * @param consumers makes a {@code read_committed} consumer without a group (owned: closed here)
     * @param admins makes an admin client (owned: closed here)
     */
    public WatermarkStore(String topic, Supplier<Consumer<byte[], byte[]>> consumers, Supplier<Admin> admins) {
        this.topic = topic;
        this.consumers = consumers;
        this.admins = admins;
    }

    /** The watermarks topic. */
    public String topic() {
        return topic;
    }

    /**
     * The latest committed state of a table. A value that does not parse is logged and ignored (the
     * run then reads the whole table, which is always safe).
     *
     * @param tableId {@code datasource.table}
     * @throws IllegalStateException if the topic does not exist
     * @throws KafkaException if Kafka cannot be read
     * @throws Cancellation.CancelledException if cancelled while waiting
     */
    public Optional<WatermarkState> read(String tableId, Cancellation cancellation) {
        try {
            catchUp(cancellation);
        } catch (KafkaException | IllegalStateException e) {
            // Start over with fresh clients next time.
            closeClients();
            throw e;
        }
        byte[] value = latest.get(tableId);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(WatermarkState.parse(value));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the malformed watermark of {} in {} ({}): the run reads the whole table", tableId,
                    topic, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The latest committed chunk layout of a hash-partition table (key {@code datasource.table#chunks}).
     * A value that does not parse is logged and ignored (the run then reads every chunk: safe).
     */
    public Optional<ChunkLayout> readLayout(String tableId, Cancellation cancellation) {
        try {
            catchUp(cancellation);
        } catch (KafkaException | IllegalStateException e) {
            closeClients();
            throw e;
        }
        byte[] value = latest.get(layoutKey(tableId));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChunkLayout.parse(value));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the malformed chunk layout of {} in {} ({}): the run reads every chunk", tableId,
                    topic, e.getMessage());
            return Optional.empty();
        }
    }

    /** The record that stores a table's chunk layout; send it in a transaction of the run. */
    public ProducerRecord<byte[], byte[]> record(String tableId, ChunkLayout layout) {
        return new ProducerRecord<>(topic, layoutKey(tableId).getBytes(StandardCharsets.UTF_8), layout.toJson());
    }

    private static String layoutKey(String tableId) {
        return tableId + "#chunks";
    }

    /** The record that stores a table's new state; send it in the run's last transaction. */
    public ProducerRecord<byte[], byte[]> record(String tableId, WatermarkState state) {
        return new ProducerRecord<>(topic, tableId.getBytes(StandardCharsets.UTF_8), state.toJson());
    }

    @Override
    public void close() {
        closeClients();
    }

    private void catchUp(Cancellation cancellation) {
        open();
        Map<TopicPartition, Long> end = endOffsets();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS);
        while (!reached(end)) {
            cancellation.throwIfCancelled();
            if (System.nanoTime() > deadline) {
                LOG.warn("Transactions on {} still open after {} s; using the watermarks committed before them",
                        topic, CATCH_UP_SECONDS);
                return;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (key == null) {
                    continue;
                }
                if (record.value() == null) {
                    latest.remove(key);
                } else {
                    latest.put(key, record.value());
                }
            }
        }
    }

    private void open() {
        if (consumer != null) {
            return;
        }
        admin = admins.get();
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            partitions = description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("the watermarks topic " + topic + " does not exist; create it"
                        + " (compacted, 1 partition), e.g. by starting the extractor's main, which creates missing"
                        + " topics");
            }
            throw new KafkaException("cannot describe " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot describe " + topic + " within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        }
        consumer = consumers.get();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        latest.clear();
    }

    /** The log end offsets, transactions open or not (read_committed end offsets stop before open ones). */
    private Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> end = new HashMap<>();
            result.forEach((partition, info) -> end.put(partition, info.offset()));
            return end;
        } catch (ExecutionException e) {
            throw new KafkaException("cannot list the offsets of " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot list the offsets of " + topic + " within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void closeClients() {
        if (consumer != null) {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                // e.g. a run thread that did not stop still uses it; the process is going down anyway
                LOG.debug("Closing the watermarks consumer failed", e);
            }
            consumer = null;
        }
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the watermarks admin client failed", e);
            }
            admin = null;
        }
        latest.clear();
    }
}
