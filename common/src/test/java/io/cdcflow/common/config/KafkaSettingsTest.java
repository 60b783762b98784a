package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.json;
import static io.cdcflow.common.config.Configs.withSection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

    private static KafkaSettings kafka(String body) {
        return Configs.parse(withSection("kafka", body)).kafka();
    }

    @Test
    void isEmbeddedWithReplicationFactorOneByDefault() {
        KafkaSettings kafka = kafka("{'bootstrap_servers': 'embedded'}");

        assertThat(kafka.embedded()).isTrue();
        assertThat(kafka.bootstrapServers()).isNull();
        assertThat(kafka.topicPrefix()).isEqualTo("cdc");
        assertThat(kafka.partitions()).isEqualTo(6);
        assertThat(kafka.replicationFactor()).isEqualTo((short) 1);
        assertThat(kafka.clientProperties()).isEmpty();
        assertThat(kafka.stateDir()).isEqualTo(Path.of("./cdc-data", "streams").toString());
    }

    @Test
    void usesTheBrokerDefaultReplicationFactorForAnExternalCluster() {
        KafkaSettings kafka = kafka("{'bootstrap_servers': 'k1:9092, k2:9092', 'topic_prefix': 'shop.cdc_v-1',"
                + " 'partitions': 12, 'state_dir': '/tmp/streams'}");

        assertThat(kafka.embedded()).isFalse();
        assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092, k2:9092");
        assertThat(kafka.topicPrefix()).isEqualTo("shop.cdc_v-1");
        assertThat(kafka.partitions()).isEqualTo(12);
        assertThat(kafka.replicationFactor()).isEqualTo((short) -1);
        assertThat(kafka.stateDir()).isEqualTo("/tmp/streams");
    }

    @Test
    void takesAnExplicitReplicationFactor() {
        assertThat(kafka("{'bootstrap_servers': 'k:9092', 'replication_factor': 3}").replicationFactor())
                .isEqualTo((short) 3);
    }

    @Test
    void putsTheStateDirectoryUnderTheStorageDataDirectory() {
        CdcConfig config = Configs.parse(json("{'datasources': {" + Configs.PG + "}, 'tables': {'t': "
                + Configs.HASH_TABLE + "}, 'storage': {'data_dir': '/data'}}"));

        assertThat(config.kafka().stateDir()).isEqualTo(Path.of("/data", "streams").toString());
    }

    @Test
    void masksSecretClientPropertiesExceptInTheRevealedView() {
        KafkaSettings kafka = kafka("{'bootstrap_servers': 'k:9092', 'properties': {"
                + "'security.protocol': 'SASL_SSL', 'sasl.jaas.config': 'jaas-secret',"
                + " 'ssl.truststore.password': 'trust-secret', 'linger.ms': 5, 'enable.idempotence': true}}");

        assertThat(kafka.clientProperties()).containsExactly(
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.jaas.config", "******"),
                entry("ssl.truststore.password", "******"),
                entry("linger.ms", "5"),
                entry("enable.idempotence", "true"));
        assertThat(kafka.clientPropertiesRevealed()).containsExactly(
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.jaas.config", "jaas-secret"),
                entry("ssl.truststore.password", "trust-secret"),
                entry("linger.ms", "5"),
                entry("enable.idempotence", "true"));
        assertThat(kafka.toString()).doesNotContain("jaas-secret", "trust-secret");
    }

    @Test
    void rejectsBootstrapServersAmongTheProperties() {
        assertThat(errors(withSection("kafka", "{'properties': {'bootstrap.servers': 'k:9092'}}")))
                .containsExactly(error("$.kafka.properties[\"bootstrap.servers\"]",
                        "set $.kafka.bootstrap_servers instead"));
    }

    @Test
    void rejectsNonScalarProperties() {
        assertThat(errors(withSection("kafka", "{'properties': {'acks': ['all']}}")))
                .containsExactly(error("$.kafka.properties.acks",
                        "must be a string, number or boolean (was an array)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka", "k:", "k:0", "k:9092,", "k:9092;j:9092"})
    void rejectsBadBootstrapServers(String servers) {
        assertThat(errors(withSection("kafka", "{'bootstrap_servers': '" + servers + "'}")))
                .containsExactly(error("$.kafka.bootstrap_servers",
                        "must be \"embedded\" or a comma-separated list of host:port (was \"" + servers + "\")"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/es",
        "a2345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"})
    void rejectsBadTopicPrefixes(String prefix) {
        assertThat(errors(withSection("kafka", "{'topic_prefix': '" + prefix + "'}")))
                .containsExactly(error("$.kafka.topic_prefix", "must be 1 to 100 characters from a-z, A-Z, 0-9, \".\","
                        + " \"_\" and \"-\" (was \"" + prefix + "\")"));
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        assertThat(errors(withSection("kafka", "{'partitions': 10001, 'replication_factor': 0, 'state_dir': ''}")))
                .containsExactly(
                        error("$.kafka.partitions", "must be between 1 and 10000 (was 10001)"),
                        error("$.kafka.replication_factor",
                                "must be -1 (the broker's default) or between 1 and 32767 (was 0)"),
                        error("$.kafka.state_dir", "must not be empty"));
        assertThat(errors(withSection("kafka", "{'replication_factor': -2}"))).containsExactly(
                error("$.kafka.replication_factor", "must be between -1 and 32767 (was -2)"));
    }

    @Test
    void rejectsTablesWhoseChangeTopicNameWouldBeTooLong() {
        String name = "t".repeat(100);
        String prefix = "p".repeat(100);
        // p*100 + ".changes." + "pg" + "." + t*100 = 212 characters: fine; a longer datasource breaks it.
        String datasource = "d".repeat(40);
        String config = json("{'datasources': {'" + datasource + "': {'url': 'postgres://db/x'}},"
                + " 'tables': {'" + name + "': {'datasource': '" + datasource + "', 'method': 'hash'}},"
                + " 'kafka': {'topic_prefix': '" + prefix + "'}}");

        assertThat(errors(config)).containsExactly(error("$.tables." + name,
                "makes the change topic name 250 characters long; Kafka allows 249"));
    }

    @Test
    void hasValueSemantics() {
        assertThat(kafka("{'partitions': 3}")).isEqualTo(kafka("{'partitions': 3}"))
                .hasSameHashCodeAs(kafka("{'partitions': 3}"))
                .isNotEqualTo(kafka("{'partitions': 4}"));
    }

    @Test
    void writesJsonChangeTopicsByDefault() {
        KafkaSettings kafka = kafka("{}");

        assertThat(kafka.changeFormat()).isEqualTo(ChangeFormat.JSON);
        assertThat(kafka.schemaRegistry()).isNull();
    }

    @Test
    void takesAvroChangeTopicsWithASchemaRegistry() {
        KafkaSettings kafka = kafka("{'change_format': 'AVRO', 'schema_registry': {"
                + "'url': 'https://registry.example.com:8081/apis/ccompat/v7/', 'username': 'cdc',"
                + " 'password': 'registry-secret', 'timeout_seconds': '30'}}");

        assertThat(kafka.changeFormat()).isEqualTo(ChangeFormat.AVRO);
        assertThat(kafka.schemaRegistry()).isEqualTo(new SchemaRegistrySettings(
                "https://registry.example.com:8081/apis/ccompat/v7", "cdc", Secret.of("registry-secret"), 30));
        assertThat(kafka.toString()).doesNotContain("registry-secret")
                .contains("changeFormat=avro", "url=https://registry.example.com:8081/apis/ccompat/v7");
    }

    @Test
    void defaultsToNoAuthenticationAndTenSecondRequests() {
        assertThat(kafka("{'change_format': 'avro', 'schema_registry': {'url': 'http://sr:8081'}}").schemaRegistry())
                .isEqualTo(SchemaRegistrySettings.of("http://sr:8081"));
    }

    @Test
    void keepsTheRegistryOfJsonChangeTopicsForAnEasySwitch() {
        assertThat(kafka("{'schema_registry': {'url': 'http://sr:8081'}}").schemaRegistry())
                .isEqualTo(SchemaRegistrySettings.of("http://sr:8081"));
    }

    @Test
    void requiresASchemaRegistryForAvroChangeTopics() {
        assertThat(errors(withSection("kafka", "{'change_format': 'avro'}"))).containsExactly(
                error("$.kafka.schema_registry",
                        "is required when $.kafka.change_format is \"avro\" (an object with the registry's \"url\")"));
    }

    @Test
    void rejectsUnknownChangeFormats() {
        assertThat(errors(withSection("kafka", "{'change_format': 'protobuf'}"))).containsExactly(
                error("$.kafka.change_format", "must be one of json, avro (was \"protobuf\")"));
    }

    @Test
    void rejectsBadSchemaRegistrySettingsWithoutShowingTheirValues() {
        assertThat(errors(withSection("kafka", "{'change_format': 'avro', 'schema_registry': {"
                + "'url': 'https://cdc:url-secret@sr:8081', 'username': 'cdc', 'timeout_seconds': 0, 'token': 'x'}}")))
                .containsExactly(
                        error("$.kafka.schema_registry.timeout_seconds", "must be between 1 and 3600 (was 0)"),
                        error("$.kafka.schema_registry.url",
                                "must not contain credentials: set username and password beside it"),
                        error("$.kafka.schema_registry.password", "is required with $.kafka.schema_registry.username"),
                        error("$.kafka.schema_registry.token",
                                "unknown key (expected one of: url, username, password, timeout_seconds)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sr:8081", "ftp://sr/", "http://", "http://sr:8081/x?a=b", "http://sr 1:8081"})
    void rejectsSchemaRegistryUrlsThatAreNotHttpUrls(String url) {
        assertThat(errors(withSection("kafka", "{'schema_registry': {'url': '" + url + "'}}")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.path()).isEqualTo("$.kafka.schema_registry.url");
                    assertThat(e.reason()).startsWith("must").doesNotContain(url);
                });
    }

    @Test
    void requiresTheRegistryUrlAndAPasswordPartner() {
        assertThat(errors(withSection("kafka", "{'schema_registry': {'password': 'p'}}"))).containsExactly(
                error("$.kafka.schema_registry.url", "is required"),
                error("$.kafka.schema_registry.username", "is required with $.kafka.schema_registry.password"));
    }
}
