package io.cdcflow.differ.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a state checkpoint, written after its parts: its presence makes the checkpoint
 * complete.
 *
 * @param version format version, {@value #VERSION}
 * @param datasource the table's datasource
 * @param table the table
 * @param id the checkpoint id ({@link CheckpointLayout#id})
 * @param runId the run whose completion triggered the checkpoint (state may include rows of a later run)
 * @param createdAt when the checkpoint was taken
 * @param partitions partitions of the row-state changelog (= of the rows topic)
 * @param entries keys in the checkpoint
 * @param parts one per changelog partition
 * @param schemas Avro schemas of the row images, by fingerprint
 */
public record CheckpointManifest(
        @JsonProperty("version") int version,
        @JsonProperty("datasource") String datasource,
        @JsonProperty("table") String table,
        @JsonProperty("id") String id,
        @JsonProperty("run_id") String runId,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("partitions") int partitions,
        @JsonProperty("entries") long entries,
        @JsonProperty("parts") List<Part> parts,
        @JsonProperty("schemas") Map<String, String> schemas) {

    public static final int VERSION = 1;

    /**
     * One part object.
     *
     * @param partition the changelog partition
     * @param object the object name
     * @param entries lines in the part
     * @param changelogEndOffset the partition's end offset the part was read up to
     */
    public record Part(
            @JsonProperty("partition") int partition,
            @JsonProperty("object") String object,
            @JsonProperty("entries") long entries,
            @JsonProperty("changelog_end_offset") long changelogEndOffset) {
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CheckpointManifest parse(byte[] json) {
        try {
            CheckpointManifest manifest = Json.MAPPER.readValue(json, CheckpointManifest.class);
            if (manifest.version() != VERSION) {
                throw new IllegalArgumentException("unknown checkpoint manifest version " + manifest.version());
            }
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("malformed checkpoint manifest", e);
        }
    }
}
