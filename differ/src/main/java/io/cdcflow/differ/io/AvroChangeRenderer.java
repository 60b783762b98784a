package io.cdcflow.differ.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.AvroChanges;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.TableSchema;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Renders change events as Avro in the Confluent wire format ({@link AvroChanges}); key and value
 * schemas are registered under {@code <topic>-key} and {@code <topic>-value} (the topic name
 * strategy) on first use, so a table's schema change registers a new version of both subjects.
 */
final class AvroChangeRenderer implements ChangeRenderer {
    private final SchemaRegistryClient registry;
    private final Map<Target, Encoding> encodings = new HashMap<>();

    AvroChangeRenderer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    private record Target(String topic, TableSchema table) {
    }

    /** The schemas, registered ids and writers of one table schema on one topic. */
    private record Encoding(AvroChanges.Schemas schemas, int keyId, int valueId,
                            GenericDatumWriter<GenericRecord> keyWriter, GenericDatumWriter<GenericRecord> valueWriter) {
    }

    @Override
    public Rendered render(String topic, TableSchema table, JsonNode key, ChangeEvent change) {
        Target target = new Target(topic, table);
        Encoding encoding = encodings.get(target);
        if (encoding == null) {
            // cached only once both subjects are registered: a failure is retried whole with the next attempt
            AvroChanges.Schemas schemas = AvroChanges.schemas(table);
            int keyId = registry.register(topic + "-key", schemas.key());
            int valueId = registry.register(topic + "-value", schemas.value());
            encoding = new Encoding(schemas, keyId, valueId, new GenericDatumWriter<>(schemas.key()),
                    new GenericDatumWriter<>(schemas.value()));
            encodings.put(target, encoding);
        }
        return new Rendered(
                AvroChanges.encode(encoding.keyId(), encoding.keyWriter(), AvroChanges.key(encoding.schemas(), key)),
                AvroChanges.encode(encoding.valueId(), encoding.valueWriter(),
                        AvroChanges.value(encoding.schemas(), change)));
    }
}
