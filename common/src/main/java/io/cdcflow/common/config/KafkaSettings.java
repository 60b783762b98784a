package io.cdcflow.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka cluster and how the pipeline uses it, from {@code kafka}. Client properties whose name
 * contains {@code password}, and {@code sasl.jaas.config}, are held as {@link Secret}s.
 */
public final class KafkaSettings {
    private final boolean embedded;
    private final String bootstrapServers;
    private final String topicPrefix;
    private final int partitions;
    private final short replicationFactor;
    private final Map<String, Object> clientProperties;
    private final String stateDir;
    private final ChangeFormat changeFormat;
    private final SchemaRegistrySettings schemaRegistry;

    /**
     * @param embedded whether the pipeline runs its own single-node broker
     * @param bootstrapServers comma-separated {@code host:port} list; null when embedded
     * @param topicPrefix first part of every topic name
     * @param partitions partitions of the rows topic and the other data topics
     * @param replicationFactor replication factor of new topics, or -1 for the broker default
     * @param clientProperties properties applied to every Kafka client, in order
     * @param stateDir Kafka Streams state directory
     */
    public KafkaSettings(boolean embedded, String bootstrapServers, String topicPrefix, int partitions,
            short replicationFactor, Map<String, String> clientProperties, String stateDir) {
        this(embedded, bootstrapServers, topicPrefix, partitions, replicationFactor, clientProperties, stateDir,
                ChangeFormat.JSON, null);
    }

    /**
     * Settings with JSON or Avro change topics.
     *
     * @param changeFormat encoding of the change topics
     * @param schemaRegistry the registry of the change topics' schemas; required for {@link ChangeFormat#AVRO},
     *     may be null otherwise
     * @see #KafkaSettings(boolean, String, String, int, short, Map, String)
     */
    public KafkaSettings(boolean embedded, String bootstrapServers, String topicPrefix, int partitions,
            short replicationFactor, Map<String, String> clientProperties, String stateDir,
            ChangeFormat changeFormat, SchemaRegistrySettings schemaRegistry) {
        if (changeFormat == ChangeFormat.AVRO) {
            Objects.requireNonNull(schemaRegistry, "schemaRegistry (required for Avro change topics)");
        }
        if (!embedded) {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.clientProperties = wrapSecrets(clientProperties);
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.changeFormat = Objects.requireNonNull(changeFormat, "changeFormat");
        this.schemaRegistry = schemaRegistry;
    }

    /** Whether the pipeline runs its own broker ({@code bootstrap_servers} absent or "embedded"). */
    public boolean embedded() {
        return embedded;
    }

    /** The {@code bootstrap.servers} of the external cluster; null when embedded. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** First part of every topic name ({@code topic_prefix}, default {@code cdc}). */
    public String topicPrefix() {
        return topicPrefix;
    }

    /** Partitions of the rows topic and the other data topics ({@code partitions}, default 6). */
    public int partitions() {
        return partitions;
    }

    /**
     * Replication factor of the topics the pipeline creates ({@code replication_factor}): -1 means
     * the broker's default; embedded defaults to 1.
     */
    public short replicationFactor() {
        return replicationFactor;
    }

    /**
     * The pass-through client properties ({@code properties}) for display: secret values are
     * replaced by {@code ******}. Use {@link #clientPropertiesRevealed()} to configure clients.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> shown = new LinkedHashMap<>();
        clientProperties.forEach((key, value) -> shown.put(key, value.toString()));
        return Collections.unmodifiableMap(shown);
    }

    /** The pass-through client properties with secrets revealed, ready for a Kafka client config. */
    public Map<String, Object> clientPropertiesRevealed() {
        Map<String, Object> revealed = new LinkedHashMap<>();
        clientProperties.forEach((key, value) ->
                revealed.put(key, value instanceof Secret secret ? secret.reveal() : value));
        return Collections.unmodifiableMap(revealed);
    }

    /** The Kafka Streams {@code state.dir} ({@code state_dir}, default {@code <data_dir>/streams}). */
    public String stateDir() {
        return stateDir;
    }

    /** Encoding of the change topics ({@code change_format}, default {@code json}). */
    public ChangeFormat changeFormat() {
        return changeFormat;
    }

    /** The schema registry of Avro change topics ({@code schema_registry}); null when not configured. */
    public SchemaRegistrySettings schemaRegistry() {
        return schemaRegistry;
    }

    /** The same settings with another cluster address and replication factor (the embedded broker's). */
    public KafkaSettings withCluster(String bootstrap, short replication) {
        return new KafkaSettings(false, bootstrap, topicPrefix, partitions, replication, clientPropertiesAsGiven(),
                stateDir, changeFormat, schemaRegistry);
    }

    private Map<String, String> clientPropertiesAsGiven() {
        Map<String, String> given = new LinkedHashMap<>();
        clientProperties.forEach((key, value) ->
                given.put(key, value instanceof Secret secret ? secret.reveal() : value.toString()));
        return given;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaSettings that
                && embedded == that.embedded
                && Objects.equals(bootstrapServers, that.bootstrapServers)
                && topicPrefix.equals(that.topicPrefix)
                && partitions == that.partitions
                && replicationFactor == that.replicationFactor
                && clientProperties.equals(that.clientProperties)
                && stateDir.equals(that.stateDir)
                && changeFormat == that.changeFormat
                && Objects.equals(schemaRegistry, that.schemaRegistry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(embedded, bootstrapServers, topicPrefix, partitions, replicationFactor,
                clientProperties, stateDir, changeFormat, schemaRegistry);
    }

    /** Shows every setting; secret property values are masked. */
    @Override
    public String toString() {
        return "KafkaSettings[embedded=" + embedded + ", bootstrapServers=" + bootstrapServers
                + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
                + ", replicationFactor=" + replicationFactor + ", clientProperties=" + clientProperties()
                + ", stateDir=" + stateDir + ", changeFormat=" + changeFormat.jsonName()
                + ", schemaRegistry=" + schemaRegistry + "]";
    }

    // Values are Strings, or Secrets for secret names, so that no accessor can leak them by accident.
    private static Map<String, Object> wrapSecrets(Map<String, String> properties) {
        Map<String, Object> wrapped = new LinkedHashMap<>();
        properties.forEach((key, value) ->
                wrapped.put(key, Secret.isSecretName(key) ? Secret.of(value) : value));
        return Collections.unmodifiableMap(wrapped);
    }
}
