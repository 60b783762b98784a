package io.cdcflow.extractor.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RowPartitionerTest {
    @Test
    void agreesWithKafkasDefaultPartitioner() {
        for (int i = 0; i < 1_000; i++) {
            byte[] key = ("shop.orders\u0000[" + i + ",\"x\"]").getBytes(StandardCharsets.UTF_8);
            for (int partitions : new int[] {1, 3, 6, 7}) {
                assertThat(RowPartitioner.partition(key, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
            }
        }
    }
}
