package io.cdcflow.differ.io;

import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The differ's Kafka Streams topology: rows topic -> {@link RowEventProcessor} (with its state
 * stores) -> change topics and the writer feed. Built without I/O so tests run it under
 * {@code TopologyTestDriver}.
 */
public final class DifferTopology {
    /** Per primary key: hash, last run, optional row image. Backed by a compacted changelog topic. */
    public static final String ROW_STATE_STORE = "row-state";
    /** Per table: this partition's progress through the current run. */
    public static final String RUN_PROGRESS_STORE = "run-progress";
    /** Avro schemas of the tables by fingerprint, for decoding row images. */
    public static final String SCHEMA_STORE = "schemas";

    private static final String SOURCE = "rows";
    private static final String PROCESSOR = "diff";
    private static final String SINK = "out";

    private DifferTopology() {
    }

    /**
     * Options of the topology.
     *
     * @param keepImages whether state keeps row images of a table (by {@code datasource.table}), so
     *     that modified and deleted events carry {@code before}
     * @param tombstones whether a tombstone follows each delete on the change topics
     */
    public record Options(Predicate<String> keepImages, boolean tombstones) {
        /** Row images for every table, tombstones on. */
        public static final Options DEFAULTS = new Options(table -> true, true);
    }

    /** Builds the topology for the given topic names. */
    public static Topology build(TopicNames names, Options options) {
        return build(names, options, DifferMetrics.NONE);
    }

    /** Builds the topology for the given topic names, counting rows and changes in {@code metrics}. */
    public static Topology build(TopicNames names, Options options, DifferMetrics metrics) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Topics.ROW_EVENTS.deserializer(), names.rows());
        topology.addProcessor(PROCESSOR,
                () -> new RowEventProcessor(names, options.keepImages(), options.tombstones(), metrics), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROW_STATE_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        // Caching collapses the per-row progress updates to one changelog write per commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RUN_PROGRESS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SCHEMA_STORE), Serdes.String(), Serdes.String()), PROCESSOR);
        TopicNameExtractor<String, Routed> destination = (key, routed, recordContext) -> routed.topic();
        Serializer<Routed> value = (topic, routed) -> routed == null ? null : routed.value();
        topology.addSink(SINK, destination, Serdes.String().serializer(), value, PROCESSOR);
        return topology;
    }
}
