package io.cdcflow.differ.io;

import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
    private static final String KEYS = "keys";
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
    public record Options(Predicate<String> keepImages, boolean tombstones, Supplier<ChangeRenderer> renderers) {
        /** Row images for every table, tombstones on, JSON change topics. */
        public static final Options DEFAULTS = new Options(table -> true, true);

        /** Options with JSON change topics. */
        public Options(Predicate<String> keepImages, boolean tombstones) {
            this(keepImages, tombstones, () -> ChangeRenderer.JSON);
        }

        /**
         * The same options with Avro change topics whose schemas go to {@code registry}
         * ({@code kafka.change_format: avro}).
         */
        public Options withAvroChanges(SchemaRegistryClient registry) {
            return new Options(keepImages, tombstones, () -> new AvroChangeRenderer(registry));
        }
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
                () -> new RowEventProcessor(names, options.keepImages(), options.tombstones(), metrics,
                        options.renderers().get()), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ROW_STATE_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        // Caching collapses the per-row progress updates to one changelog write per commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RUN_PROGRESS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SCHEMA_STORE), Serdes.String(), Serdes.String()), PROCESSOR);
        // Change records may carry keys of their own (Avro); the node between processor and sink puts
        // them in place, so the processor keeps its String keys.
        topology.addProcessor(KEYS, KeyProcessor::new, PROCESSOR);
        TopicNameExtractor<byte[], Routed> destination = (key, routed, recordContext) -> routed.topic();
        Serializer<Routed> value = (topic, routed) -> routed == null ? null : routed.value();
        topology.addSink(SINK, destination, Serdes.ByteArray().serializer(), value, KEYS);
        return topology;
    }

    /** Serialises each record's key: the routed key where there is one, else the String key as UTF-8. */
    private static final class KeyProcessor implements Processor<String, Routed, byte[], Routed> {
        private ProcessorContext<byte[], Routed> context;

        @Override
        public void init(ProcessorContext<byte[], Routed> processorContext) {
            this.context = processorContext;
        }

        @Override
        public void process(Record<String, Routed> record) {
            Routed routed = record.value();
            byte[] key = routed != null && routed.key() != null ? routed.key()
                    : record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
            context.forward(record.withKey(key));
        }
    }
}
