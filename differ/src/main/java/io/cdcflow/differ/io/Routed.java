package io.cdcflow.differ.io;

/**
 * An output record of the differ with its destination topic; a null value is a tombstone.
 *
 * @param topic destination topic
 * @param value serialised value, or null
 */
record Routed(String topic, byte[] value) {
}
