package io.cdcflow.testkit;

import io.cdcflow.common.core.AvroChanges;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads Avro change records in the Confluent wire format the way a subscriber using Confluent's
 * deserializer with {@code avro.use.logical.type.converters=true} does: the writer schema fetched by
 * its id (and cached, ids being immutable), logical types converted to Java values.
 */
public final class AvroChangeReader {
    private static final GenericData LOGICAL_TYPES = logicalTypes();

    private final IntFunction<Schema> registry;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    /** @param registry the writer schema registered under an id */
    public AvroChangeReader(IntFunction<Schema> registry) {
        this.registry = registry;
    }

    public GenericRecord decode(byte[] framed) {
        Schema schema = schemas.computeIfAbsent(AvroChanges.schemaId(framed), registry::apply);
        try {
            return new GenericDatumReader<GenericRecord>(schema, schema, LOGICAL_TYPES).read(null,
                    DecoderFactory.get().binaryDecoder(framed, AvroChanges.HEADER_LENGTH,
                            framed.length - AvroChanges.HEADER_LENGTH, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's field values in schema order, text as {@code String}; null for no record. */
    public static List<Object> fields(GenericRecord record) {
        if (record == null) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            values.add(value instanceof CharSequence text ? text.toString() : value);
        }
        return values;
    }

    private static GenericData logicalTypes() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return data;
    }
}
