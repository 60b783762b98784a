package io.cdcflow.extractor.core;

/**
 * Where a command message sits on the commands topic.
 *
 * @param topic the commands topic
 * @param partition its partition
 * @param offset its offset
 * @param timestampMs the record's timestamp, epoch milliseconds
 */
public record CommandRecord(String topic, int partition, long offset, long timestampMs) {

    /** {@code topic-partition@offset}, for logs. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
