package io.cdcflow.differ.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.TableSchema;
import java.nio.charset.StandardCharsets;

/**
 * Turns a change event into the key and value bytes of its change-topic record
 * ({@code kafka.change_format}). One instance per stream task: implementations need not be
 * thread-safe. The writer feed always carries the JSON envelope, whatever the change format.
 */
interface ChangeRenderer {
    /**
     * @param key serialised key (also the key of the tombstone that may follow a delete)
     * @param value serialised value
     */
    record Rendered(byte[] key, byte[] value) {
    }

    /**
     * The record of {@code change} on {@code topic}.
     *
     * @param table the table schema of the run that observed the change
     * @param key the primary key as a JSON object
     * @throws RuntimeException when the change cannot be rendered; the stream task fails and its
     *     uncommitted work is redone
     */
    Rendered render(String topic, TableSchema table, JsonNode key, ChangeEvent change);

    /** The JSON envelope of {@code docs/messages.md}, keyed by the primary key as a JSON object. */
    ChangeRenderer JSON = (topic, table, key, change) ->
            new Rendered(key.toString().getBytes(StandardCharsets.UTF_8), change.toJson());
}
