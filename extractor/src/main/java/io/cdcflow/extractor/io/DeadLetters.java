package io.cdcflow.extractor.io;

import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Moves a command that cannot be executed to the dead-letter topic: in one transaction, the
 * original record (key, value and headers untouched, plus error headers), a FAILED run event and
 * the command's offset, so the command is neither lost nor retried.
 */
public final class DeadLetters {
    /** Header with the reason the command was rejected. */
    public static final String ERROR = "cdc.error";
    /** Header with the topic the command was read from. */
    public static final String ORIGINAL_TOPIC = "cdc.original.topic";
    /** Header with the partition the command was read from (decimal text). */
    public static final String ORIGINAL_PARTITION = "cdc.original.partition";
    /** Header with the offset of the command (decimal text). */
    public static final String ORIGINAL_OFFSET = "cdc.original.offset";

    private final TransactionalSender sender;
    private final Topics topics;

    public DeadLetters(TransactionalSender sender, Topics topics) {
        this.sender = sender;
        this.topics = topics;
    }

    /**
     * Dead-letters {@code record} and commits.
     *
     * @param reason why the command was rejected
     * @param eventKey key of the FAILED event: the command's table if known, else {@code unknown}
     * @param failed the FAILED event
     */
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String eventKey, RunEvent failed,
                           CommandOffset offset) {
        Header[] headers = new Header[record.headers().toArray().length + 4];
        int i = 0;
        for (Header header : record.headers()) {
            headers[i++] = header;
        }
        headers[i++] = header(ERROR, reason);
        headers[i++] = header(ORIGINAL_TOPIC, record.topic());
        headers[i++] = header(ORIGINAL_PARTITION, Integer.toString(record.partition()));
        headers[i] = header(ORIGINAL_OFFSET, Long.toString(record.offset()));
        sender.send(topics.commandsDeadLetter().name(), null, record.key(), record.value(), headers);
        RunEvents.send(sender, topics, eventKey, failed);
        sender.commit(offset);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
