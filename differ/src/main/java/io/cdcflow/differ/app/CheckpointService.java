package io.cdcflow.differ.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.StorageConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.differ.io.ChangelogReader;
import io.cdcflow.differ.io.StateCheckpointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a table's differ state to the object store after each of its complete runs: follows
 * {@code diffed} events on the run-events topic in the consumer group {@code <application id>-checkpointer}
 * (so among several differ instances one checkpoints each table), coalesces the events of one poll
 * per table, and commits its offsets after the checkpoints. A failed checkpoint is logged and
 * skipped: the next run writes a fresh one. A run whose event arrives after the service stopped is
 * checkpointed when it next starts (the group resumes at its committed offset).
 */
final class CheckpointService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointService.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ChangelogReader changelog;
    private final ObjectStore store;
    private final StateCheckpointer checkpointer;
    private final Set<String> tables;
    private final Thread thread;
    private volatile boolean running = true;

    private CheckpointService(CdcConfig config, Map<String, Object> client, Path tempDir) {
        TopicNames names = new TopicNames(config.kafka().topicPrefix());
        StorageConfig storage = config.storage();
        this.tables = config.tables().values().stream().map(t -> TableIds.of(t.datasource(), t.name()))
                .collect(Collectors.toUnmodifiableSet());
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, names.differApplicationId() + "-checkpointer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a checkpoint of a large table takes a while between two polls
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(1).toMillis());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.changelog = new ChangelogReader(client);
        this.store = ObjectStore.connect(ObjectStoreSettings.of(storage));
        this.checkpointer = new StateCheckpointer(changelog, store, names, storage.checkpointsKept(), tempDir);
        consumer.subscribe(List.of(names.runEvents()));
        this.thread = new Thread(this::loop, "differ-checkpointer");
        this.thread.setDaemon(true);
    }

    /** Starts checkpointing for a config whose storage has a concrete endpoint. */
    static CheckpointService start(CdcConfig config, String bootstrapServers) {
        Map<String, Object> client = new HashMap<>(config.kafka().clientPropertiesRevealed());
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Path tempDir;
        try {
            Path state = Path.of(config.kafka().stateDir());
            Files.createDirectories(state);
            tempDir = state;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + config.kafka().stateDir(), e);
        }
        CheckpointService service = new CheckpointService(config, client, tempDir);
        service.thread.start();
        return service;
    }

    private void loop() {
        try {
            while (true) {
                // after close(): one last poll, so the run that just finished (`cdc run` closes right
                // after its `written` event, which follows `diffed`) is still checkpointed
                boolean last = !running;
                checkpoint(consumer.poll(last ? Duration.ofSeconds(3) : Duration.ofSeconds(1)));
                try {
                    consumer.commitSync();
                } catch (CommitFailedException | RebalanceInProgressException e) {
                    // the events are read again by this or another instance; a repeated checkpoint is skipped
                    LOG.info("Checkpointer offsets not committed ({}); events may be read again", e.toString());
                }
                if (last) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Checkpointer stopped", e);
        } finally {
            consumer.close();
            changelog.close();
            store.close();
        }
    }

    /** Checkpoints each table with a {@code diffed} event among {@code records}, once per table. */
    private void checkpoint(ConsumerRecords<String, byte[]> records) {
        Map<String, RunEvent> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            RunEvent event;
            try {
                event = RunEvent.parse(record.value());
            } catch (RuntimeException e) {
                continue;
            }
            if (event.state() == RunEvent.State.DIFFED && event.datasource() != null
                    && tables.contains(TableIds.of(event.datasource(), event.table()))) {
                latest.put(TableIds.of(event.datasource(), event.table()), event);
            }
        }
        for (RunEvent event : latest.values()) {
            try {
                checkpointer.checkpoint(event.datasource(), event.table(), event.runId(),
                        event.at() != null ? event.at() : Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("Checkpoint of {}.{} after run {} failed: {}", event.datasource(), event.table(),
                        event.runId(), e.toString());
            }
        }
    }

    /** Stops after a last poll (and the checkpoints it asks for); waits up to 2 minutes. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
