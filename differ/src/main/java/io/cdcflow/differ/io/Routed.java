package io.cdcflow.differ.io;

/**
 * An output record of the differ with its destination topic; a null value is a tombstone.
 *
 * @param topic destination topic
 * @param key serialised key, or null for the record's key as UTF-8
 * @param value serialised value, or null
 */
record Routed(String topic, byte[] key, byte[] value) {
    /** A record whose key is the record's key as UTF-8. */
    Routed(String topic, byte[] value) {
        this(topic, null, value);
    }
}
