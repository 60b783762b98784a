package io.cdcflow.extractor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import java.util.Map;

/** Builds pipeline configurations for tests through the real parser. */
public final class TestConfigs {
    private final ObjectNode root = Json.MAPPER.createObjectNode();

    private TestConfigs() {
        root.putObject("global_settings").put("batch_size", 10_000);
        root.putObject("datasources");
        root.putObject("tables");
        root.putObject("kafka").put("bootstrap_servers", "127.0.0.1:9").put("topic_prefix", "cdc").put("partitions", 3);
    }

    /** A configuration with no datasources or tables yet. */
    public static TestConfigs builder() {
        return new TestConfigs();
    }

    public TestConfigs batchSize(int rows) {
        ((ObjectNode) root.get("global_settings")).put("batch_size", rows);
        return this;
    }

    public TestConfigs connectionTimeoutSeconds(int seconds) {
        ((ObjectNode) root.get("global_settings")).putObject("connection_pool").put("timeout", seconds);
        return this;
    }

    public TestConfigs topicPrefix(String prefix) {
        ((ObjectNode) root.get("kafka")).put("topic_prefix", prefix);
        return this;
    }

    /** Adds a datasource. */
    public TestConfigs datasource(String name, String url, String user, String password) {
        ObjectNode datasource = ((ObjectNode) root.get("datasources")).putObject(name);
        datasource.put("url", url).put("user", user).put("password", password);
        return this;
    }

    /** Adds a table; {@code settings} are further keys of its entry (values: strings or lists). */
    public TestConfigs table(String name, String datasource, Map<String, Object> settings) {
        ObjectNode table = ((ObjectNode) root.get("tables")).putObject(name);
        table.put("datasource", datasource).put("method", "hash");
        settings.forEach((key, value) -> table.set(key, Json.MAPPER.valueToTree(value)));
        return this;
    }

    public CdcConfig build() {
        return CdcConfig.parse(root.toString(), name -> null);
    }
}
