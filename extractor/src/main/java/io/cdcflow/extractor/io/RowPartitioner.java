package io.cdcflow.extractor.io;

import org.apache.kafka.common.utils.Utils;

/**
 * The rows-topic partition of a row key: murmur2 of the key bytes, as Kafka's default partitioner
 * computes it. The extractor picks the partition itself so that it knows each partition's row count
 * for the END markers. The rows topic's partition count must never change: a key's partition
 * decides which differ state store holds it.
 */
public final class RowPartitioner {
    private RowPartitioner() {
    }

    /** The partition of {@code keyBytes} among {@code partitions}. */
    public static int partition(byte[] keyBytes, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }
}
