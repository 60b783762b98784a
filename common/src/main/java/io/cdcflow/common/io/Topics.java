package io.cdcflow.common.io;

import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowEventCodec;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the pipeline with its serdes, for one topic-name prefix. Immutable. */
public final class Topics {
    private static final Serde<String> STRING = Serdes.String();

    private final TopicNames names;
    private final Topic<String, byte[]> commands;
    private final Topic<String, byte[]> commandsDeadLetter;
    private final Topic<String, RowEvent> rows;
    private final Topic<String, String> schemas;
    private final Topic<String, RunEvent> runEvents;
    private final Topic<String, FeedMessage> writerFeed;

    public Topics(TopicNames names) {
        this.names = names;
        // Commands stay bytes on the wire so that a malformed one can be forwarded untouched to the
        // dead-letter topic; RunCommand.parse gives the typed view.
        this.commands = new Topic<>(names.commands(), STRING, Serdes.ByteArray());
        this.commandsDeadLetter = new Topic<>(names.commandsDeadLetter(), STRING, Serdes.ByteArray());
        this.rows = new Topic<>(names.rows(), STRING, ROW_EVENTS);
        this.schemas = new Topic<>(names.schemas(), STRING, STRING);
        this.runEvents = new Topic<>(names.runEvents(), STRING, RUN_EVENTS);
        this.writerFeed = new Topic<>(names.writerFeed(), STRING, FEED);
    }

    public TopicNames names() {
        return names;
    }

    public Topic<String, byte[]> commands() {
        return commands;
    }

    public Topic<String, byte[]> commandsDeadLetter() {
        return commandsDeadLetter;
    }

    public Topic<String, RowEvent> rows() {
        return rows;
    }

    public Topic<String, String> schemas() {
        return schemas;
    }

    public Topic<String, RunEvent> runEvents() {
        return runEvents;
    }

    public Topic<String, FeedMessage> writerFeed() {
        return writerFeed;
    }

    /** The change topic of one table; key = primary key as a JSON object. */
    public Topic<String, ChangeEvent> changes(String datasource, String table) {
        return new Topic<>(names.changes(datasource, table), STRING, CHANGES);
    }

    /** Serde of row events (Avro envelope). */
    public static final Serde<RowEvent> ROW_EVENTS = Serdes.serdeFrom(
            (topic, event) -> event == null ? null : RowEventCodec.encode(event),
            (topic, bytes) -> bytes == null ? null : RowEventCodec.decode(bytes));

    /** Serde of run events (JSON). */
    public static final Serde<RunEvent> RUN_EVENTS = Serdes.serdeFrom(
            (topic, event) -> event == null ? null : event.toJson(),
            (topic, bytes) -> bytes == null ? null : RunEvent.parse(bytes));

    /** Serde of writer feed messages (JSON). */
    public static final Serde<FeedMessage> FEED = Serdes.serdeFrom(
            (topic, message) -> message == null ? null : message.toJson(),
            (topic, bytes) -> bytes == null ? null : FeedMessage.parse(bytes));

    /** Serde of change envelopes (JSON); null is a tombstone. */
    public static final Serde<ChangeEvent> CHANGES = Serdes.serdeFrom(
            (topic, change) -> change == null ? null : change.toJson(),
            (topic, bytes) -> bytes == null ? null : ChangeEvent.parse(bytes));
}
