package io.cdcflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "events";
    private static final String GROUP = "it-group";

    @TempDir
    Path dir;

    @Test
    void transactionsTopicsAndOffsetsSurviveRestart() throws Exception {
        String bootstrap;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
            bootstrap = broker.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            try (Admin admin = admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            }
            produceInTransaction(bootstrap, "tx-1", "a", 10, true);
            produceInTransaction(bootstrap, "tx-1", "aborted", 3, false);

            List<String> values = readCommitted(bootstrap, GROUP, 10);
            assertThat(values).hasSize(10).allMatch(v -> v.startsWith("a-"));
        }
        assertThat(dir.resolve(EmbeddedKafkaBroker.STATE_FILE)).exists();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = admin(bootstrap)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                        // 10 records + 2 commit markers (one per partition) + aborted records and markers
                        .isGreaterThanOrEqualTo(10);
            }
            List<String> fromStart = readCommitted(bootstrap, "other-group", 10);
            assertThat(fromStart).hasSize(10).allMatch(v -> v.startsWith("a-"));

            // the same transactional id fences its old epoch and keeps working after a restart
            produceInTransaction(bootstrap, "tx-1", "b", 5, true);
            List<String> rest = readCommitted(bootstrap, GROUP, 5);
            assertThat(rest).hasSize(5).allMatch(v -> v.startsWith("b-"));
        }
    }

    @Test
    void autoCreationIsOff() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir);
                Admin admin = admin(broker.bootstrapServers())) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("missing", "x"));
            }
            assertThat(admin.listTopics().names().get()).doesNotContain("missing");
            assertThat(Files.readString(dir.resolve(EmbeddedKafkaBroker.STATE_FILE)))
                    .contains("broker.port=", "controller.port=", "cluster.id=");
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static void produceInTransaction(String bootstrap, String txId, String prefix, int count,
            boolean commit) throws ExecutionException, InterruptedException {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, prefix + "-" + i)).get();
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    private static List<String> readCommitted(String bootstrap, String group, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // a short extra poll shows that nothing beyond the committed records arrives
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            consumer.commitSync();
        }
        return values;
    }
}
