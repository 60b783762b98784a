package io.cdcflow.differ.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.TopicNames;
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
        CdcConfig config = CdcConfig.parse("""
            {"datasources": {"pg": {"url": "jdbc:postgresql://db/crm", "username": "u", "password": "p"}},
             "tables": {"users": {"datasource": "pg", "method": "hash"}},
             "kafka": {"bootstrap_servers": "b1:9093", "properties": {
               "security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512",
               "sasl.jaas.config": "ScramLoginModule required username=\\"cdc\\" password=\\"k-secret\\";",
               "ssl.truststore.location": "/etc/cdc/truststore.jks", "ssl.truststore.password": "ts-secret",
               "processing.guarantee": "at_least_once"}}}
            """, variable -> null);
        assertThat(config.toString()).doesNotContain("k-secret", "ts-secret");

        Properties props = DifferService.properties(config, new TopicNames("cdc"), "b1:9093", Map.of());

        assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"cdc\" password=\"k-secret\";")
                .containsEntry("ssl.truststore.location", "/etc/cdc/truststore.jks")
                .containsEntry("ssl.truststore.password", "ts-secret")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b1:9093");
    }
}
