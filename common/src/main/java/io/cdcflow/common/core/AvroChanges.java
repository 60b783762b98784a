package io.cdcflow.common.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Change events as Avro records for change topics read through a Confluent-compatible schema
 * registry, and their framing in the Confluent wire format. Pure: registering the schemas is the
 * caller's business. See {@code docs/messages.md}.
 *
 * <p>Key: a record {@code io.cdcflow.changes.<datasource>.<table>.Key} of the primary-key columns.
 * Value: a record {@code ...Envelope} with {@code op} (string), {@code before} and {@code after}
 * (nullable records of the table's row schema from {@link TableAvroSchemas}, logical types and
 * {@code cdc.*} properties included) and {@code source}.
 */
public final class AvroChanges {
    /** First byte of every value in the Confluent wire format. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte and the 4-byte schema id. */
    public static final int HEADER_LENGTH = 5;

    private AvroChanges() {
    }

    /**
     * The key and value schemas of one table schema's change events.
     *
     * @param table the table schema the events' {@code after} images (and keys) have
     * @param row the row record schema
     * @param key the key record schema
     * @param value the envelope record schema
     */
    public record Schemas(TableSchema table, Schema row, Schema key, Schema value) {
    }

    /** Builds the change schemas of {@code table}. */
    public static Schemas schemas(TableSchema table) {
        Schema row = TableAvroSchemas.toAvro(table);
        String namespace = "io.cdcflow.changes." + TableAvroSchemas.avroName(table.datasource()) + "."
                + TableAvroSchemas.avroName(table.table());
        List<Schema.Field> keyFields = new ArrayList<>();
        for (int index : table.primaryKeyIndexes()) {
            Schema.Field field = row.getFields().get(index);
            Schema.Field copy = new Schema.Field(field.name(), field.schema(), null, field.defaultVal());
            field.getObjectProps().forEach(copy::addProp);
            keyFields.add(copy);
        }
        Schema key = Schema.createRecord("Key", null, namespace, false, keyFields);
        Schema nullableRow = Schema.createUnion(Schema.create(Schema.Type.NULL), row);
        Schema source = Schema.createRecord("Source", null, namespace, false, List.of(
                new Schema.Field("datasource", Schema.create(Schema.Type.STRING)),
                new Schema.Field("table", Schema.create(Schema.Type.STRING)),
                new Schema.Field("run_id", Schema.create(Schema.Type.STRING)),
                new Schema.Field("ts_ms", Schema.create(Schema.Type.LONG))));
        Schema value = Schema.createRecord("Envelope", null, namespace, false, List.of(
                new Schema.Field("op", Schema.create(Schema.Type.STRING)),
                new Schema.Field("before", nullableRow, null, Schema.Field.NULL_DEFAULT_VALUE),
                new Schema.Field("after", nullableRow, null, Schema.Field.NULL_DEFAULT_VALUE),
                new Schema.Field("source", source)));
        return new Schemas(table, row, key, value);
    }

    /**
     * The key record from the primary key as a JSON object ({@link RowKeys#primaryKeyObject}).
     *
     * @throws IllegalArgumentException if a key value does not fit its column
     */
    public static GenericRecord key(Schemas schemas, JsonNode primaryKey) {
        TableSchema table = schemas.table();
        GenericData.Record record = new GenericData.Record(schemas.key());
        int[] indexes = table.primaryKeyIndexes();
        for (int i = 0; i < indexes.length; i++) {
            Column column = table.columns().get(indexes[i]);
            record.put(i, RowCodec.toAvro(column, RowJson.fromJson(column, primaryKey.get(column.name()))));
        }
        return record;
    }

    /**
     * The envelope record of a change. {@code after} must be an image of {@code schemas.table()};
     * {@code before} may be an image taken with an earlier schema of the table: its columns are
     * carried over by name (a column it lacks is null), and when a value cannot be (a NOT NULL column
     * it lacks, a type change the value does not fit) {@code before} is null.
     *
     * @throws IllegalArgumentException if {@code after} does not fit the table schema
     */
    public static GenericRecord value(Schemas schemas, ChangeEvent change) {
        GenericData.Record source = new GenericData.Record(schemas.value().getField("source").schema());
        source.put(0, change.source().datasource());
        source.put(1, change.source().table());
        source.put(2, change.source().runId());
        source.put(3, change.source().tsMs());
        GenericData.Record envelope = new GenericData.Record(schemas.value());
        envelope.put(0, change.op());
        envelope.put(1, projected(schemas, change.before()));
        envelope.put(2, change.after() == null ? null : row(schemas, change.after()));
        envelope.put(3, source);
        return envelope;
    }

    /** The row image in the table's row schema, or null when it cannot be expressed in it. */
    private static GenericRecord projected(Schemas schemas, JsonNode image) {
        if (image == null) {
            return null;
        }
        try {
            return row(schemas, image);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private static GenericRecord row(Schemas schemas, JsonNode image) {
        List<Column> columns = schemas.table().columns();
        GenericData.Record record = new GenericData.Record(schemas.row());
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            record.put(i, RowCodec.toAvro(column, RowJson.fromJson(column, image.get(column.name()))));
        }
        return record;
    }

    /** The datum in the Confluent wire format: magic byte 0, the schema id (4 bytes, big-endian), Avro binary. */
    public static byte[] encode(int schemaId, GenericDatumWriter<GenericRecord> writer, GenericRecord datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a change record", e);
        }
        return out.toByteArray();
    }

    /**
     * The schema id of a value in the Confluent wire format.
     *
     * @throws IllegalArgumentException if the bytes do not start with the magic byte and an id
     */
    public static int schemaId(byte[] framed) {
        if (framed == null || framed.length < HEADER_LENGTH || framed[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException("not in the Confluent wire format (magic byte 0 and a 4-byte schema id)");
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
