package io.cdcflow.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns configuration JSON into a {@link CdcConfig}, collecting every error before failing. */
final class ConfigParser {
    /** The value of {@code storage.endpoint} and {@code kafka.bootstrap_servers} asking for the built-in one. */
    static final String EMBEDDED = "embedded";

    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ParseContext context;

    private ConfigParser(Function<String, String> environment) {
        this.context = new ParseContext(environment);
    }

    /** Parses and validates {@code json}, resolving {@code ${env:NAME}} through {@code environment}. */
    static CdcConfig parse(String json, Function<String, String> environment) {
        return new ConfigParser(environment).parse(readTree(json));
    }

    private CdcConfig parse(JsonNode root) {
        ConfigNode node = context.object(root, ConfigPaths.ROOT);
        GlobalSettings global = new GlobalSettingsParser(context).parse(node.object("global_settings"));
        ConfigNode datasourceNodes = requiredObject(node, "datasources");
        Map<String, DatasourceConfig> datasources = datasources(datasourceNodes);
        SnapshotFormat defaultFormat = global == null ? SnapshotFormat.JSON : global.snapshot().format();
        ParquetCompression defaultCompression =
                global == null ? ParquetCompression.SNAPPY : global.snapshot().parquetCompression();
        ConfigNode tableNodes = tableSection(node);
        Map<String, TableConfig> tables =
                tables(tableNodes, new TableParser(context, datasourceNodes.keys(), defaultFormat,
                        defaultCompression));
        StorageConfig storage = new StorageParser(context).parse(node.object("storage"));
        KafkaSettings kafka = new KafkaParser(context,
                storage == null ? StorageParser.DEFAULT_DATA_DIR : storage.dataDir()).parse(node.object("kafka"));
        if (kafka != null) {
            checkTopicNames(tableNodes, kafka.topicPrefix(), tables.values());
        }
        List<ConfigError> errors = context.finish();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new CdcConfig(global, datasources, tables, storage, kafka);
    }

    private ConfigNode requiredObject(ConfigNode parent, String key) {
        if (!parent.has(key)) {
            context.error(parent.pathOf(key), "is required");
            return context.absentObject(parent.pathOf(key));
        }
        return parent.object(key);
    }

    private ConfigNode tableSection(ConfigNode root) {
        int mark = context.errorCount();
        ConfigNode section = requiredObject(root, "tables");
        if (context.errorCount() == mark && section.keys().isEmpty()) {
            context.error(section.path(), "must define at least one table");
        }
        return section;
    }

    private Map<String, DatasourceConfig> datasources(ConfigNode section) {
        checkNames(section);
        DatasourceParser parser = new DatasourceParser(context);
        Map<String, DatasourceConfig> datasources = new LinkedHashMap<>();
        section.objectEntries().forEach((name, entry) -> {
            DatasourceConfig datasource = parser.parse(name, entry);
            if (datasource != null) {
                datasources.put(name, datasource);
            }
        });
        return datasources;
    }

    private Map<String, TableConfig> tables(ConfigNode section, TableParser parser) {
        checkNames(section);
        Map<String, TableConfig> tables = new LinkedHashMap<>();
        section.objectEntries().forEach((name, entry) -> {
            TableConfig table = parser.parse(name, entry);
            if (table != null) {
                tables.put(name, table);
            }
        });
        return tables;
    }

    private void checkNames(ConfigNode section) {
        for (String name : section.keys()) {
            Identifiers.checkName(context, section.pathOf(name), name);
        }
    }

    // Mirrors the per-table change topic <prefix>.changes.<datasource>.<table> of the pipeline.
    private void checkTopicNames(ConfigNode section, String topicPrefix, Iterable<TableConfig> tables) {
        for (TableConfig table : tables) {
            int length = (topicPrefix + ".changes." + table.datasource() + "." + table.name()).length();
            if (length > MAX_TOPIC_NAME_LENGTH) {
                context.error(section.pathOf(table.name()), "makes the change topic name "
                        + length + " characters long; Kafka allows " + MAX_TOPIC_NAME_LENGTH);
            }
        }
    }

    private static JsonNode readTree(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(new ConfigError(ConfigPaths.ROOT, malformed(e))));
        }
        if (root.isMissingNode()) {
            throw new ConfigException(List.of(new ConfigError(ConfigPaths.ROOT, "is empty")));
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of(new ConfigError(ConfigPaths.ROOT,
                    "must be an object (was " + ErrorText.type(root) + ")")));
        }
        return root;
    }

    private static String malformed(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        // Jackson quotes the offending token, which may be an unquoted secret.
        String detail = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("token '[^']*'", "token");
        return "malformed JSON" + where + ": " + detail;
    }
}
