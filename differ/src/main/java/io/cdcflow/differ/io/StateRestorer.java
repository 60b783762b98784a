package io.cdcflow.differ.io;

import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.differ.core.CheckpointEntry;
import io.cdcflow.differ.core.CheckpointLayout;
import io.cdcflow.differ.core.CheckpointManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a table's part of the differ's state from a checkpoint, through the changelog topics the
 * differ restores its stores from: tombstones for the table's keys that are in the changelog but not
 * in the checkpoint, then every checkpoint entry to the partition it was read from, and the images'
 * schemas to every partition of the schema store's changelog. Run it only while no differ runs.
 *
 * <p>Memory: the keys of one checkpoint part (one changelog partition) at a time.
 */
public final class StateRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(StateRestorer.class);

    private final ChangelogReader changelog;
    private final ObjectStore store;
    private final Producer<String, byte[]> producer;
    private final TopicNames names;
    private volatile Exception failure;

    public StateRestorer(ChangelogReader changelog, ObjectStore store, Producer<String, byte[]> producer,
                         TopicNames names) {
        this.changelog = changelog;
        this.store = store;
        this.producer = producer;
        this.names = names;
    }

    /**
     * What a restore did.
     *
     * @param checkpointId the checkpoint restored
     * @param runId the run the checkpoint followed
     * @param restored keys written
     * @param removed keys of the table deleted because the checkpoint lacks them
     */
    public record Result(String checkpointId, String runId, long restored, long removed) {
    }

    /**
     * The manifest of checkpoint {@code id}, or of the newest complete checkpoint when {@code id} is null.
     *
     * @throws IllegalArgumentException if there is no such complete checkpoint
     */
    public CheckpointManifest manifest(String datasource, String table, String id) {
        String tablePrefix = CheckpointLayout.tablePrefix(datasource, table);
        List<String> complete = CheckpointLayout.completeIds(tablePrefix, store.list(tablePrefix));
        if (complete.isEmpty()) {
            throw new IllegalArgumentException("no complete checkpoint under " + store.bucket() + "/" + tablePrefix);
        }
        String chosen = id == null ? complete.get(complete.size() - 1) : id;
        if (!complete.contains(chosen)) {
            throw new IllegalArgumentException("no complete checkpoint " + chosen + " under " + store.bucket() + "/"
                    + tablePrefix + " (complete: " + String.join(", ", complete) + ")");
        }
        return CheckpointManifest.parse(store.get(CheckpointLayout.manifest(datasource, table, chosen))
                .orElseThrow(() -> new IllegalStateException("manifest of " + chosen + " disappeared")));
    }

    /**
     * Restores the checkpoint. The changelog topics must exist with the checkpoint's partition count.
     */
    public Result restore(CheckpointManifest manifest) {
        String topic = StateCheckpointer.rowStateChangelog(names);
        int partitions = changelog.partitions(topic);
        if (partitions != manifest.partitions()) {
            throw new IllegalStateException("checkpoint " + manifest.id() + " has " + manifest.partitions()
                    + " partitions, changelog topic " + topic + " has " + partitions);
        }
        String schemasTopic = StateCheckpointer.schemasChangelog(names);
        int schemaPartitions = changelog.partitions(schemasTopic);
        for (Map.Entry<String, String> schema : manifest.schemas().entrySet()) {
            for (int p = 0; p < schemaPartitions; p++) {
                send(new ProducerRecord<>(schemasTopic, p, schema.getKey(),
                        schema.getValue().getBytes(StandardCharsets.UTF_8)));
            }
        }
        String keyPrefix = RowKeys.prefix(TableIds.of(manifest.datasource(), manifest.table()));
        Map<Integer, Long> ends = changelog.endOffsets(topic, partitions);
        long restored = 0;
        long removed = 0;
        for (CheckpointManifest.Part part : manifest.parts()) {
            Set<String> keys = new HashSet<>();
            readPart(part.object(), entry -> keys.add(keyPrefix + entry.key()));
            Map<String, Long> live = changelog.latest(topic, part.partition(), ends.getOrDefault(part.partition(), 0L),
                    keyPrefix);
            for (String key : live.keySet()) {
                if (!keys.contains(key)) {
                    send(new ProducerRecord<>(topic, part.partition(), key, null));
                    removed++;
                }
            }
            long[] written = {0};
            readPart(part.object(), entry -> {
                send(new ProducerRecord<>(topic, part.partition(), keyPrefix + entry.key(), entry.state()));
                written[0]++;
            });
            if (written[0] != part.entries()) {
                throw new IllegalStateException("checkpoint part " + part.object() + " holds " + written[0]
                        + " entries, its manifest says " + part.entries());
            }
            restored += written[0];
        }
        producer.flush();
        if (failure != null) {
            throw new IllegalStateException("writing the changelog failed: " + failure, failure);
        }
        LOG.info("Restored checkpoint {} of {}.{}: {} keys written, {} removed", manifest.id(), manifest.datasource(),
                manifest.table(), restored, removed);
        return new Result(manifest.id(), manifest.runId(), restored, removed);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        producer.send(record, (metadata, exception) -> {
            if (exception != null && failure == null) {
                failure = exception;
            }
        });
    }

    private void readPart(String object, java.util.function.Consumer<CheckpointEntry> onEntry) {
        try (InputStream in = store.open(object);
             BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                     StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    onEntry.accept(CheckpointEntry.parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint part " + object, e);
        }
    }
}
