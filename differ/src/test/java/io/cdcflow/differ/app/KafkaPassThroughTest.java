package io.cdcflow.differ.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.testkit.SecureKafkaConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * TLS/SASL pass-through (docs/reliability.md, S-05): the {@code kafka.properties} of the config reach
 * the differ's Kafka Streams settings revealed (the secret wrapper is only for logs), while the
 * exactly-once guarantee cannot be overridden from the config.
 */
class KafkaPassThroughTest {
    @Test
    void securityPropertiesReachKafkaStreamsAndExactlyOnceWins() {
        CdcConfig config = SecureKafkaConfig.with(Map.of("processing.guarantee", "at_least_once"));
        assertThat(config.toString()).doesNotContain(SecureKafkaConfig.SECRETS);

        Properties props = DifferService.properties(config, new TopicNames("cdc"), SecureKafkaConfig.BOOTSTRAP,
                Map.of());

        assertThat(props).containsAllEntriesOf(SecureKafkaConfig.SECURITY)
                .containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"cdc\" password=\"k-secret\";")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b1:9093");
    }

    @Test
    void producersCompressWithLz4UnlessTheConfigChoosesACodec() {
        Properties defaults = DifferService.properties(SecureKafkaConfig.with(Map.of()), new TopicNames("cdc"),
                SecureKafkaConfig.BOOTSTRAP, Map.of());
        assertThat(defaults).containsEntry("producer.compression.type", "lz4");

        Properties chosen = DifferService.properties(SecureKafkaConfig.with(Map.of("compression.type", "zstd")),
                new TopicNames("cdc"), SecureKafkaConfig.BOOTSTRAP, Map.of());
        assertThat(chosen).containsEntry("compression.type", "zstd").doesNotContainKey("producer.compression.type");
    }
}
