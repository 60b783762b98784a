package io.cdcflow.differ.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowJson;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.differ.core.CheckpointEntry;
import io.cdcflow.differ.core.CheckpointLayout;
import io.cdcflow.differ.core.CheckpointManifest;
import io.cdcflow.differ.core.RowState;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a table's differ state to the object store: reads the row-state changelog (every
 * partition, {@code read_committed}, up to its current end), keeps the latest value of each of the
 * table's keys, and writes one gzipped JSON-lines part per partition, then the manifest, then
 * deletes checkpoints beyond the newest {@code keep}.
 *
 * <p>Memory: a part is streamed through a local temporary file; deduplication keeps one map entry
 * (key and offset, no image) per key of the table in the partition being read.
 */
public final class StateCheckpointer {
    private static final Logger LOG = LoggerFactory.getLogger(StateCheckpointer.class);

    private final ChangelogReader changelog;
    private final ObjectStore store;
    private final TopicNames names;
    private final int keep;
    private final Path tempDir;

    /**
     * @param keep complete checkpoints kept per table (at least 1)
     * @param tempDir where parts are spilled before the upload
     */
    public StateCheckpointer(ChangelogReader changelog, ObjectStore store, TopicNames names, int keep,
                             Path tempDir) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        this.changelog = changelog;
        this.store = store;
        this.names = names;
        this.keep = keep;
        this.tempDir = tempDir;
    }

    /** The row-state store's changelog topic. */
    public static String rowStateChangelog(TopicNames names) {
        return names.differApplicationId() + "-" + DifferTopology.ROW_STATE_STORE + "-changelog";
    }

    /** The schema store's changelog topic. */
    public static String schemasChangelog(TopicNames names) {
        return names.differApplicationId() + "-" + DifferTopology.SCHEMA_STORE + "-changelog";
    }

    /**
     * Checkpoints a table after run {@code runId}, unless the newest checkpoint already belongs to
     * that run (a re-delivered event).
     *
     * @param at names the checkpoint
     * @return the manifest written, or empty if skipped
     */
    public Optional<CheckpointManifest> checkpoint(String datasource, String table, String runId, Instant at) {
        String tablePrefix = CheckpointLayout.tablePrefix(datasource, table);
        store.ensureBucket();
        List<String> existing = store.list(tablePrefix);
        List<String> complete = CheckpointLayout.completeIds(tablePrefix, existing);
        if (!complete.isEmpty()) {
            String newest = complete.get(complete.size() - 1);
            Optional<byte[]> manifest = store.get(CheckpointLayout.manifest(datasource, table, newest));
            if (manifest.isPresent() && runId.equals(CheckpointManifest.parse(manifest.get()).runId())) {
                LOG.info("Checkpoint {} of {}.{} already covers run {}", newest, datasource, table, runId);
                return Optional.empty();
            }
        }
        String topic = rowStateChangelog(names);
        int partitions = changelog.partitions(topic);
        if (partitions == 0) {
            throw new IllegalStateException("changelog topic " + topic + " does not exist");
        }
        String id = CheckpointLayout.id(at);
        // a checkpoint of the same second is replaced: its manifest goes first so it is never complete
        // with a mix of old and new parts
        store.remove(CheckpointLayout.manifest(datasource, table, id));
        Map<String, String> allSchemas = schemas();
        Map<String, String> usedSchemas = new TreeMap<>();
        Map<String, RowCodec> codecs = new HashMap<>();
        Map<Integer, Long> ends = changelog.endOffsets(topic, partitions);
        String keyPrefix = RowKeys.prefix(TableIds.of(datasource, table));
        List<CheckpointManifest.Part> parts = new ArrayList<>();
        long total = 0;
        for (int partition = 0; partition < partitions; partition++) {
            long end = ends.getOrDefault(partition, 0L);
            Map<String, Long> latest = changelog.latest(topic, partition, end, keyPrefix);
            String object = CheckpointLayout.part(datasource, table, id, partition);
            long[] count = {0};
            Path file = null;
            try {
                file = Files.createTempFile(tempDir, "checkpoint-", ".jsonl.gz");
                try (Writer out = new BufferedWriter(new OutputStreamWriter(
                        new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024), StandardCharsets.UTF_8))) {
                    changelog.scan(topic, partition, end, keyPrefix, (key, value, offset) -> {
                        Long last = latest.get(key);
                        if (value == null || last == null || last != offset) {
                            return;
                        }
                        JsonNode image = image(RowState.fromBytes(value).image(), allSchemas, usedSchemas, codecs);
                        String line = CheckpointEntry.of(key.substring(keyPrefix.length()), value, image)
                                .toJsonLine();
                        try {
                            out.write(line);
                            out.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        count[0]++;
                    });
                }
                store.upload(object, file, "application/gzip");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill checkpoint part " + object, e);
            } finally {
                deleteQuietly(file);
            }
            parts.add(new CheckpointManifest.Part(partition, object, count[0], end));
            total += count[0];
        }
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.VERSION, datasource, table, id, runId,
                at, partitions, total, parts, usedSchemas);
        store.put(CheckpointLayout.manifest(datasource, table, id), manifest.toJson(), "application/json");
        LOG.info("Checkpoint {} of {}.{} after run {}: {} keys", id, datasource, table, runId, total);
        removeExpired(tablePrefix);
        return Optional.of(manifest);
    }

    /** Deletes checkpoints beyond the newest {@code keep}: the manifest first, so none stays complete with missing parts. */
    private void removeExpired(String tablePrefix) {
        List<String> keys = store.list(tablePrefix);
        for (String id : CheckpointLayout.expired(tablePrefix, keys, keep)) {
            String directory = tablePrefix + id + "/";
            store.remove(directory + CheckpointLayout.MANIFEST);
            for (String key : keys) {
                if (key.startsWith(directory) && !key.endsWith("/" + CheckpointLayout.MANIFEST)) {
                    store.remove(key);
                }
            }
            LOG.info("Deleted checkpoint {}", directory);
        }
    }

    /** The schemas of the differ's schema store, by fingerprint. */
    private Map<String, String> schemas() {
        String topic = schemasChangelog(names);
        int partitions = changelog.partitions(topic);
        Map<String, String> schemas = new HashMap<>();
        Map<Integer, Long> ends = changelog.endOffsets(topic, partitions);
        for (int partition = 0; partition < partitions; partition++) {
            changelog.scan(topic, partition, ends.getOrDefault(partition, 0L), "", (key, value, offset) -> {
                if (value != null) {
                    schemas.put(key, new String(value, StandardCharsets.UTF_8));
                }
            });
        }
        return schemas;
    }

    private static JsonNode image(byte[] image, Map<String, String> schemas, Map<String, String> used,
                                  Map<String, RowCodec> codecs) {
        if (image == null) {
            return null;
        }
        String fingerprint = RowImages.fingerprintOf(image);
        String schema = schemas.get(fingerprint);
        if (schema == null) {
            return null;
        }
        used.put(fingerprint, schema);
        RowCodec codec = codecs.computeIfAbsent(fingerprint, fp -> new RowCodec(new Schema.Parser().parse(schema)));
        return RowJson.toJson(codec.table(), codec.decode(image));
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.toString());
        }
    }
}
