package io.cdcflow.common.io;

import io.cdcflow.common.core.TopicNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics if they do not exist. Existing topics are left as they are (their
 * partition count in particular: the rows topic must keep its partition count for the life of the
 * differ's state, since a key's partition decides which state store holds it).
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final int partitions;
    private final Optional<Short> replicationFactor;

    /**
     * @param admin a connected admin client (not closed by this class)
     * @param partitions partitions of the data topics (rows, writer feed, changes, commands, events)
     * @param replicationFactor replication factor, or empty for the broker default
     */
    public TopicAdmin(Admin admin, int partitions, Optional<Short> replicationFactor) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** The topics every deployment needs plus one change topic per (datasource, table). */
    public List<NewTopic> pipelineTopics(TopicNames names, Collection<Map.Entry<String, String>> tables) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(names.commands(), partitions, Map.of()));
        topics.add(topic(names.commandsDeadLetter(), 1, Map.of()));
        topics.add(topic(names.rows(), partitions, Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000")));
        topics.add(topic(names.schemas(), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(topic(names.watermarks(), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(topic(names.runEvents(), partitions, Map.of()));
        topics.add(topic(names.writerFeed(), partitions, Map.of()));
        topics.add(topic(names.chunkTasks(), partitions, Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000")));
        topics.add(topic(names.chunkResults(), partitions, Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000")));
        for (Map.Entry<String, String> table : tables) {
            // compact + delete: subscribers can rebuild the latest image per key, and tombstones after
            // deletes let compaction drop deleted keys.
            topics.add(topic(names.changes(table.getKey(), table.getValue()), partitions,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                            + TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        return topics;
    }

    /**
     * Creates the given topics, skipping those that exist.
     *
     * @return the names of the topics created now
     */
    public Set<String> ensure(List<NewTopic> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return Set.of();
            }
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            LOG.info("Created topics {}", results.keySet());
            return results.keySet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics: " + e.getMessage(), e);
        }
    }

    private NewTopic topic(String name, int count, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(count), replicationFactor).configs(configs);
    }
}
