package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.extractor.io.KafkaClientConfigs;
import io.cdcflow.testkit.SecureKafkaConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TLS/SASL pass-through (docs/reliability.md, S-05): the {@code kafka.properties} of the config reach
 * every Kafka client of the extractor revealed, while the settings exactly-once depends on cannot
 * be overridden from the config. The differ's side is checked by the differ module's
 * {@code KafkaPassThroughTest}.
 */
class KafkaPassThroughTest {
    @Test
    void securityPropertiesReachEveryExtractorClientAndExactlyOnceWins() {
        CdcConfig config = SecureKafkaConfig.with(Map.of("transactional.id", "evil",
                "isolation.level", "read_uncommitted", "enable.auto.commit", true));
        assertThat(config.toString()).doesNotContain(SecureKafkaConfig.SECRETS);
        Map<String, Object> passThrough = config.kafka().clientPropertiesRevealed();

        Map<String, Object> producer = KafkaClientConfigs.producer("b1:9093", passThrough, "cdc-extractor-0");
        Map<String, Object> consumer = KafkaClientConfigs.consumer("b1:9093", passThrough, "cdc-extractor", "c");
        for (Map<String, Object> client : List.of(producer, consumer,
                KafkaClientConfigs.admin("b1:9093", passThrough, "a"),
                KafkaClientConfigs.watermarkConsumer("b1:9093", passThrough, "w"))) {
            assertThat(client).containsAllEntriesOf(SecureKafkaConfig.SECURITY)
                    .containsEntry("bootstrap.servers", "b1:9093");
        }
        assertThat(producer).containsEntry("transactional.id", "cdc-extractor-0")
                .containsEntry("enable.idempotence", true).containsEntry("acks", "all");
        assertThat(consumer).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false);
    }
}
