package io.cdcflow.extractor.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A primary-key range chunk of a {@code hash-partition} table: the keys in {@code (lower, upper]}.
 *
 * @param id stable id; a chunk that is split or merged gets new ids, never an old one
 * @param lower exclusive lower bound as a JSON key tuple ({@link KeyValues}), null for the first chunk
 * @param upper inclusive upper bound as a JSON key tuple, null for the last chunk
 * @param rows rows the chunk held when last read or counted
 * @param digest the chunk's digest as the differ's state knows it, or null when unknown (the chunk
 *     must then be read and published)
 * @param done whether the run that wrote the layout has dealt with the chunk (resume)
 * @param published whether that run published the chunk's rows
 */
public record Chunk(long id, JsonNode lower, JsonNode upper, long rows, String digest, boolean done,
                    boolean published) {

    /** The chunk with its digest forgotten. */
    public Chunk withoutDigest() {
        return new Chunk(id, lower, upper, rows, null, false, false);
    }

    /** The chunk as the start of a new run sees it: neither done nor published. */
    public Chunk pending() {
        return new Chunk(id, lower, upper, rows, digest, false, false);
    }
}
