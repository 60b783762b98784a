package io.cdcflow.common.config;

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
        return context.ifNoErrorsSince(mark, () -> new KafkaSettings(embedded, embedded ? null : bootstrapServers,
                topicPrefix != null ? topicPrefix : "cdc", partitions, replicationFactor, properties,
                stateDir != null ? stateDir : dataDir.resolve("streams").toString()));
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
