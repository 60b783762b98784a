package io.cdcflow.differ.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.StorageConfig;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.differ.core.CheckpointManifest;
import io.cdcflow.differ.io.ChangelogReader;
import io.cdcflow.differ.io.StateCheckpointer;
import io.cdcflow.differ.io.StateRestorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Operations on the differ's state outside the running differ: restore from a checkpoint. */
public final class DifferState {
    private static final Logger LOG = LoggerFactory.getLogger(DifferState.class);

    private DifferState() {
    }

    /**
     * Rebuilds a table's differ state from a checkpoint (see {@link StateRestorer}). Refuses while
     * the differ's consumer group has members. Creates the changelog topics when they are missing
     * (a new cluster) and deletes this host's local Streams state of the differ ({@code
     * kafka.state_dir/<application id>}), so that the next differ start restores every store from
     * the changelogs; other hosts' state directories must be deleted by hand (or are detected as
     * stale when the changelog was recreated).
     *
     * @param config the config with a concrete bootstrap address and object store endpoint
     * @param datasource the table's datasource
     * @param table the table
     * @param checkpointId the checkpoint, or null for the newest complete one
     */
    public static StateRestorer.Result restore(CdcConfig config, String datasource, String table, String checkpointId) {
        TopicNames names = new TopicNames(config.kafka().topicPrefix());
        Map<String, Object> client = new HashMap<>(config.kafka().clientPropertiesRevealed());
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        StorageConfig storage = config.storage();
        if (storage.embedded()) {
            throw new IllegalArgumentException("the object store endpoint must be concrete (start the embedded store)");
        }
        try (ObjectStore store = ObjectStore.connect(ObjectStoreSettings.of(storage));
             Admin admin = Admin.create(client);
             ChangelogReader changelog = new ChangelogReader(client)) {
            StateRestorer probe = new StateRestorer(changelog, store, null, names);
            CheckpointManifest manifest = probe.manifest(datasource, table, checkpointId);
            requireStopped(admin, names.differApplicationId());
            ensureChangelog(admin, StateCheckpointer.rowStateChangelog(names), manifest.partitions(),
                    config.kafka().replicationFactor());
            ensureChangelog(admin, StateCheckpointer.schemasChangelog(names), manifest.partitions(),
                    config.kafka().replicationFactor());
            Map<String, Object> producerProps = new HashMap<>(client);
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            StateRestorer.Result result;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new ByteArraySerializer())) {
                result = new StateRestorer(changelog, store, producer, names).restore(manifest);
            }
            wipeLocalState(Path.of(config.kafka().stateDir()).resolve(names.differApplicationId()));
            return result;
        }
    }

    private static void requireStopped(Admin admin, String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group);
            if (description != null && !description.members().isEmpty()) {
                throw new IllegalStateException("the differ is running (consumer group " + group + " has "
                        + description.members().size() + " member(s), state " + description.groupState()
                        + "); stop every differ instance first");
            }
            LOG.debug("Differ group {} is {}", group, description == null ? GroupState.DEAD
                    : description.groupState());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("cannot describe consumer group " + group + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void ensureChangelog(Admin admin, String topic, int partitions, short replication) {
        NewTopic wanted = new NewTopic(topic, Optional.of(partitions),
                replication > 0 ? Optional.of(replication) : Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(wanted)).all().get();
            LOG.info("Created changelog topic {} ({} partitions)", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Deletes the differ's local Streams state (every task's stores), if present. */
    static void wipeLocalState(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            LOG.info("Deleted the differ's local state {}", directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the differ's local state " + directory, e);
        }
    }
}
