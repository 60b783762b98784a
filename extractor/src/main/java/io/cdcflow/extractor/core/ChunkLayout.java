package io.cdcflow.extractor.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chunks of a {@code hash-partition} table, in key order, covering every key: what a run
 * stores for the next one, in the extractor's state topic. A run records its progress as it goes
 * ({@code complete = false}: the chunks it has dealt with first, marked done, then the old chunks it
 * has not reached) and its final layout with its END markers ({@code complete = true}).
 *
 * <p>Which digests a run may trust, so that "digest unchanged" always means "the differ's state holds
 * exactly these rows" (see {@link #forRun}): all of them after a complete run; after an incomplete
 * one only those of chunks it marked done without publishing, since rows of the others may have
 * been committed to the rows topic after the last progress record.
 *
 * @param digestMode {@code backend} or {@code database}; digests of the other mode are not compared
 * @param nextId the id the next new chunk gets
 * @param chunks the chunks, in key order
 * @param runId the run that wrote the layout, or null for the initial layout
 * @param complete whether that run finished
 */
public record ChunkLayout(String digestMode, long nextId, List<Chunk> chunks, String runId, boolean complete) {

    public ChunkLayout {
        Objects.requireNonNull(digestMode, "digestMode");
        chunks = List.copyOf(chunks);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a layout has at least one chunk");
        }
    }

    /** The layout of a table never read: one chunk holding every key, no digest. */
    public static ChunkLayout initial(String digestMode) {
        return new ChunkLayout(digestMode, 2, List.of(new Chunk(1, null, null, 0, null, false, false)), null, true);
    }

    /** Whether run {@code run} is the incomplete run that wrote this layout, re-executed. */
    public boolean resumedBy(String run) {
        return !complete && run.equals(runId);
    }

    /**
     * The layout run {@code run} starts from, with {@code mode} digests. When the run resumes itself,
     * the chunks it marked done stay done (they are skipped); otherwise nothing is done yet. Digests
     * stay only where they are trustworthy (see the class comment) and of the same mode.
     */
    public ChunkLayout forRun(String run, String mode) {
        boolean resumed = resumedBy(run);
        boolean sameMode = digestMode.equals(mode);
        List<Chunk> start = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            boolean trusted = sameMode && (complete || (chunk.done() && !chunk.published()));
            if (resumed && chunk.done()) {
                start.add(chunk);
            } else {
                start.add(trusted ? chunk.pending() : chunk.withoutDigest());
            }
        }
        return new ChunkLayout(mode, nextId, start, run, false);
    }

    /** JSON, for the state topic; boundaries as key tuples. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("digest_mode", digestMode);
        root.put("next_id", nextId);
        root.put("run_id", runId);
        root.put("complete", complete);
        ArrayNode array = root.putArray("chunks");
        for (Chunk chunk : chunks) {
            ObjectNode node = array.addObject();
            node.put("id", chunk.id());
            node.set("lower", chunk.lower());
            node.set("upper", chunk.upper());
            node.put("rows", chunk.rows());
            node.put("digest", chunk.digest());
            node.put("done", chunk.done());
            node.put("published", chunk.published());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a chunk layout", e);
        }
    }

    /**
     * Reads {@link #toJson}.
     *
     * @throws IllegalArgumentException if the bytes are not a layout
     */
    public static ChunkLayout parse(byte[] json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            List<Chunk> chunks = new ArrayList<>();
            for (JsonNode node : required(root, "chunks")) {
                chunks.add(new Chunk(required(node, "id").longValue(), bound(node.get("lower")),
                        bound(node.get("upper")), node.path("rows").asLong(), text(node.get("digest")),
                        node.path("done").asBoolean(), node.path("published").asBoolean()));
            }
            return new ChunkLayout(required(root, "digest_mode").asText(), required(root, "next_id").asLong(),
                    chunks, text(root.get("run_id")), required(root, "complete").asBoolean());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a chunk layout: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private static JsonNode bound(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
