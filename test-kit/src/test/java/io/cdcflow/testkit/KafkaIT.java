package io.cdcflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class KafkaIT {

    @Test
    void readAllReturnsCommittedRecordsOnly() throws Exception {
        TestKafka.createTopics(3, "kit-events");
        TestKafka.createTopics(3, "kit-events"); // idempotent

        Map<String, Object> props = TestKafka.producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kit-tx");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 20; i++) {
                producer.send(record("kit-events", "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record("kit-events", "k0", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(record("kit-events", "k1", "open")).get();

            List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readAll("kit-events", Duration.ofSeconds(20));
            assertThat(records).hasSize(20)
                    .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).startsWith("committed-"));
            assertThat(records).isSortedAccordingTo((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            producer.commitTransaction();
        }
        assertThat(TestKafka.readAll("kit-events", Duration.ofSeconds(20))).hasSize(21);
    }

    @Test
    void compactedTopicsAndMissingTopics() throws Exception {
        TestKafka.createCompactedTopics(1, "kit-state");
        try (Admin admin = TestKafka.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "kit-state");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
        assertThat(TestKafka.readAll("kit-state", Duration.ofSeconds(5))).isEmpty();
        assertThatThrownBy(() -> TestKafka.readAll("kit-missing", Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TestKafka.consumerProps("g")).containsEntry("isolation.level", "read_committed");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
