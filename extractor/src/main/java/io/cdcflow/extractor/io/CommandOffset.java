package io.cdcflow.extractor.io;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The commands-topic position to commit, inside a transaction, once a command is dealt with.
 *
 * @param partition the command's partition
 * @param offset the command's offset; {@code offset + 1} is committed
 * @param groupMetadata the consumer's latest group metadata (generation), read when committing so a
 *     consumer that lost the partition meanwhile is fenced
 */
public record CommandOffset(TopicPartition partition, long offset, Supplier<ConsumerGroupMetadata> groupMetadata) {
    public CommandOffset {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(groupMetadata, "groupMetadata");
    }

    /** The offsets to send to the transaction. */
    public Map<TopicPartition, OffsetAndMetadata> next() {
        return Map.of(partition, new OffsetAndMetadata(offset + 1));
    }
}
