package io.cdcflow.extractor.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientConfigsTest {
    @Test
    void producerIsTransactionalWhateverThePassThroughSays() {
        Map<String, Object> props = KafkaClientConfigs.producer("b:9092", Map.of(
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.LINGER_MS_CONFIG, 50,
                "security.protocol", "SSL"), "cdc-extractor-0");

        assertThat(props).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cdc-extractor-0")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void consumerReadsCommittedOneCommandAtATime() {
        Map<String, Object> props = KafkaClientConfigs.consumer("b:9092", Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.GROUP_ID_CONFIG, "other"), "cdc-extractor", "cdc-extractor-0");

        assertThat(props).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "cdc-extractor")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
}
