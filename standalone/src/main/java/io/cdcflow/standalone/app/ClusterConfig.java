package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import java.nio.file.Path;

/**
 * The config of a command that works on a running deployment ({@code trigger}, {@code status},
 * {@code topics create}): it must name an external Kafka cluster, since the embedded broker lives
 * only inside {@code cdc run} and {@code cdc demo}.
 */
record ClusterConfig(CdcConfig config, Path path) {

    /**
     * Loads and validates the config.
     *
     * @throws CliException (exit 2) if the config is invalid or names the embedded broker
     */
    static ClusterConfig load(Path path, String command) {
        CdcConfig config;
        try {
            config = CdcConfig.load(path);
        } catch (ConfigException e) {
            throw new CliException(CliException.USAGE, e.getMessage());
        }
        if (config.kafka().embedded()) {
            throw new CliException(CliException.USAGE, "cdc " + command + " talks to a running deployment, but "
                    + path + " has kafka.bootstrap_servers \"embedded\" (the embedded broker runs only inside "
                    + "`cdc run` and `cdc demo`); set kafka.bootstrap_servers to your cluster, e.g. \"kafka:9092\"");
        }
        return new ClusterConfig(config, path);
    }

    String bootstrapServers() {
        return config.kafka().bootstrapServers();
    }

    Topics topics() {
        return new Topics(new TopicNames(config.kafka().topicPrefix()));
    }

    /** A configured table; exit 2 for an unknown name. */
    TableConfig table(String name) {
        try {
            return config.table(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage() + " (in " + path + ")");
        }
    }

    /** The hint for a missing topic. */
    String createTopicsHint() {
        return "create the topics with `cdc topics create --config " + path + "`";
    }
}
