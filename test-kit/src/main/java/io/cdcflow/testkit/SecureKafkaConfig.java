package io.cdcflow.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config whose {@code kafka.properties} carry TLS/SASL settings with secrets, for the pass-through
 * checks of every service (docs/reliability.md, S-05): bootstrap servers {@value #BOOTSTRAP}, one
 * PostgreSQL table {@code pg.users}.
 */
public final class SecureKafkaConfig {
    /** The configured bootstrap servers. */
    public static final String BOOTSTRAP = "b1:9093";

    /** The security properties, as every Kafka client must receive them. */
    public static final Map<String, Object> SECURITY = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "ScramLoginModule required username=\"cdc\" password=\"k-secret\";",
            "ssl.truststore.location", "/etc/cdc/truststore.jks",
            "ssl.truststore.password", "ts-secret");

    /** The secret values in {@link #SECURITY}, which no config text may show. */
    public static final List<String> SECRETS = List.of("k-secret", "ts-secret");

    private SecureKafkaConfig() {
    }

    /**
     * The config with {@link #SECURITY} and {@code overrides} (settings a service must not let the
     * config change) in {@code kafka.properties}.
     */
    public static CdcConfig with(Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(SECURITY);
        properties.putAll(overrides);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(Map.of(
                    "datasources", Map.of("pg", Map.of("url", "jdbc:postgresql://db/crm", "username", "u",
                            "password", "p")),
                    "tables", Map.of("users", Map.of("datasource", "pg", "method", "hash")),
                    "kafka", Map.of("bootstrap_servers", BOOTSTRAP, "properties", properties)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return CdcConfig.parse(json, variable -> null);
    }
}
