package io.cdcflow.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;

/** Reads {@code kafka}; an absent section means the embedded broker. */
final class KafkaParser {
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
    private static final short EMBEDDED_REPLICATION_FACTOR = 1;
    private static final short BROKER_DEFAULT_REPLICATION_FACTOR = -1;

    private final ParseContext context;
    private final Path dataDir;

    /** @param dataDir the storage data directory, under which the streams state lives by default */
    KafkaParser(ParseContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
    }

    /** The Kafka settings, or null if the section has errors (they are reported). */
    KafkaSettings parse(ConfigNode node) {
        int mark = context.errorCount();
        String bootstrapServers = node.string("bootstrap_servers");
        boolean embedded = !node.has("bootstrap_servers") || ConfigParser.EMBEDDED.equalsIgnoreCase(bootstrapServers);
        if (!embedded && bootstrapServers != null) {
            checkBootstrapServers(node.pathOf("bootstrap_servers"), bootstrapServers);
        }
        String topicPrefix = node.string("topic_prefix");
        if (topicPrefix != null && !TOPIC_PREFIX.matcher(topicPrefix).matches()) {
            context.error(node.pathOf("topic_prefix"), "must be 1 to 100 characters from a-z, A-Z, 0-9, \".\", \"_\""
                    + " and \"-\" (was " + ErrorText.quote(topicPrefix) + ")");
        }
        int partitions = node.integer("partitions", 6, 1, 10_000);
        short replicationFactor = replicationFactor(node, embedded);
        Map<String, String> properties = node.passThrough("properties");
        if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            context.error(ConfigPaths.child(node.pathOf("properties"), CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                    "set " + node.pathOf("bootstrap_servers") + " instead");
        }
        String stateDir = node.string("state_dir");
        if (stateDir != null && stateDir.isBlank()) {
            context.error(node.pathOf("state_dir"), "must not be empty");
        }
        ChangeFormat changeFormat = node.choice("change_format", ChangeFormat.byJsonName(), ChangeFormat.JSON);
        SchemaRegistrySettings schemaRegistry = node.has("schema_registry")
                ? schemaRegistry(node.object("schema_registry")) : null;
        if (changeFormat == ChangeFormat.AVRO && !node.has("schema_registry")) {
            context.error(node.pathOf("schema_registry"), "is required when " + node.pathOf("change_format")
                    + " is \"avro\" (an object with the registry's \"url\")");
        }
        return context.ifNoErrorsSince(mark, () -> new KafkaSettings(embedded, embedded ? null : bootstrapServers,
                topicPrefix != null ? topicPrefix : "cdc", partitions, replicationFactor, properties,
                stateDir != null ? stateDir : dataDir.resolve("streams").toString(), changeFormat, schemaRegistry));
    }

    /** {@code schema_registry}, or null if it has errors (they are reported). */
    private SchemaRegistrySettings schemaRegistry(ConfigNode node) {
        int mark = context.errorCount();
        String url = node.requiredString("url");
        String username = node.string("username");
        String password = node.string("password");
        int timeout = node.integer("timeout_seconds", SchemaRegistrySettings.DEFAULT_TIMEOUT_SECONDS, 1, 3600);
        String base = url == null ? null : registryUrl(node.pathOf("url"), url);
        if (username != null && password == null && !node.has("password")) {
            context.error(node.pathOf("password"), "is required with " + node.pathOf("username"));
        }
        if (password != null && username == null && !node.has("username")) {
            context.error(node.pathOf("username"), "is required with " + node.pathOf("password"));
        }
        return context.ifNoErrorsSince(mark, () -> new SchemaRegistrySettings(base, username,
                password == null ? null : Secret.of(password), timeout));
    }

    /** The URL without a trailing slash, or null if it is invalid (reported without quoting it: it may hold a secret). */
    private String registryUrl(String path, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            context.error(path, "must be an http(s):// URL (it is not a valid URL)");
            return null;
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            context.error(path, "must be an http(s):// URL with a host");
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            context.error(path, "must not contain credentials: set username and password beside it");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            context.error(path, "must not have a query or a fragment");
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private void checkBootstrapServers(String path, String bootstrapServers) {
        for (String server : bootstrapServers.split(",", -1)) {
            if (!HostPort.isValid(server.trim(), true)) {
                context.error(path, "must be \"embedded\" or a comma-separated list of host:port (was "
                        + ErrorText.quote(bootstrapServers) + ")");
                return;
            }
        }
    }

    private short replicationFactor(ConfigNode node, boolean embedded) {
        short fallback = embedded ? EMBEDDED_REPLICATION_FACTOR : BROKER_DEFAULT_REPLICATION_FACTOR;
        int factor = node.integer("replication_factor", fallback, -1, Short.MAX_VALUE);
        if (factor == 0) {
            context.error(node.pathOf("replication_factor"),
                    "must be -1 (the broker's default) or between 1 and " + Short.MAX_VALUE + " (was 0)");
            return fallback;
        }
        return (short) factor;
    }
}
