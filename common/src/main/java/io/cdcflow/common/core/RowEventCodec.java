package io.cdcflow.common.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro binary encoding of {@link RowEvent}s. The envelope schema is fixed (it is part of the
 * contract, not of any table); the table's row sits inside as single-object bytes. Thread-safe.
 */
public final class RowEventCodec {
    /** Envelope schema of the rows topic, version 3 (version 2 added {@code chunk} and {@code sparedChunks}, version 3 {@code BATCH} and {@code batch}). */
    public static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"RowEvent","namespace":"io.cdcflow.rows","fields":[
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["START","ROW","END","BATCH"]}},
              {"name":"datasource","type":"string"},
              {"name":"table","type":"string"},
              {"name":"runId","type":"string"},
              {"name":"attempt","type":"string"},
              {"name":"runStartedMs","type":"long"},
              {"name":"method","type":"string"},
              {"name":"hash","type":["null","bytes"],"default":null},
              {"name":"row","type":["null","bytes"],"default":null},
              {"name":"schemaJson","type":["null","string"],"default":null},
              {"name":"partitions","type":"int","default":0},
              {"name":"count","type":"long","default":0},
              {"name":"status","type":["null","string"],"default":null},
              {"name":"chunk","type":"long","default":-1},
              {"name":"sparedChunks","type":{"type":"array","items":"long"},"default":[]},
              {"name":"batch","type":{"type":"array","items":{"type":"record","name":"BatchRow","fields":[
                {"name":"key","type":"string"},
                {"name":"hash","type":"bytes"},
                {"name":"row","type":"bytes"},
                {"name":"chunk","type":"long"}
              ]}},"default":[]}
            ]}""");

    private static final Schema KIND = SCHEMA.getField("kind").schema();
    private static final Schema BATCH_ROW = SCHEMA.getField("batch").schema().getElementType();
    /**
     * One writer and one reader per thread: a reader caches its resolving grammar per instance, so a
     * reader per call would rebuild it for every record.
     */
    private static final ThreadLocal<GenericDatumWriter<GenericRecord>> WRITERS =
            ThreadLocal.withInitial(() -> new GenericDatumWriter<>(SCHEMA));
    private static final ThreadLocal<GenericDatumReader<GenericRecord>> READERS =
            ThreadLocal.withInitial(() -> new GenericDatumReader<>(SCHEMA));

    private RowEventCodec() {
    }

    public static byte[] encode(RowEvent event) {
        GenericData.Record record = new GenericData.Record(SCHEMA);
        record.put(0, new GenericData.EnumSymbol(KIND, event.kind().name()));
        record.put(1, event.datasource());
        record.put(2, event.table());
        record.put(3, event.runId());
        record.put(4, event.attempt());
        record.put(5, event.runStartedMs());
        record.put(6, event.method());
        record.put(7, event.hash() == null ? null : ByteBuffer.wrap(event.hash()));
        record.put(8, event.row() == null ? null : ByteBuffer.wrap(event.row()));
        record.put(9, event.schemaJson());
        record.put(10, event.partitions());
        record.put(11, event.count());
        record.put(12, event.status());
        record.put(13, event.chunk());
        record.put(14, event.sparedChunks());
        List<GenericData.Record> batch = new ArrayList<>(event.batch().size());
        for (RowEvent.BatchRow row : event.batch()) {
            GenericData.Record element = new GenericData.Record(BATCH_ROW);
            element.put(0, row.key());
            element.put(1, ByteBuffer.wrap(row.hash()));
            element.put(2, ByteBuffer.wrap(row.row()));
            element.put(3, row.chunk());
            batch.add(element);
        }
        record.put(15, batch);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (event.row() == null ? 0 : event.row().length)
                + event.batch().stream().mapToInt(RowEvent.BatchRow::approximateBytes).sum());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            WRITERS.get().write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static RowEvent decode(byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        GenericRecord record;
        try {
            record = READERS.get().read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed row event", e);
        }
        return new RowEvent(
                RowEvent.Kind.valueOf(record.get(0).toString()),
                record.get(1).toString(),
                record.get(2).toString(),
                record.get(3).toString(),
                record.get(4).toString(),
                (Long) record.get(5),
                record.get(6).toString(),
                bytes(record.get(7)),
                bytes(record.get(8)),
                record.get(9) == null ? null : record.get(9).toString(),
                (Integer) record.get(10),
                (Long) record.get(11),
                record.get(12) == null ? null : record.get(12).toString(),
                (Long) record.get(13),
                batch(record.get(15)),
                longs(record.get(14)));
    }

    private static List<RowEvent.BatchRow> batch(Object value) {
        Collection<?> elements = (Collection<?>) value;
        List<RowEvent.BatchRow> rows = new ArrayList<>(elements.size());
        for (Object element : elements) {
            GenericRecord row = (GenericRecord) element;
            rows.add(new RowEvent.BatchRow(row.get(0).toString(), bytes(row.get(1)), bytes(row.get(2)),
                    (Long) row.get(3)));
        }
        return rows;
    }

    private static List<Long> longs(Object value) {
        List<Long> longs = new ArrayList<>();
        for (Object element : (Collection<?>) value) {
            longs.add((Long) element);
        }
        return longs;
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
