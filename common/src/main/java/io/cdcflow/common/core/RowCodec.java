package io.cdcflow.common.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Encodes rows of one table (arrays of the Java values listed in {@link ColumnType}) with Avro's
 * single-object encoding, whose header carries the schema fingerprint, and decodes them back.
 * Temporal values are kept to the microsecond. Not thread-safe (Avro encoders reuse buffers).
 */
public final class RowCodec {
    private final TableSchema table;
    private final Schema schema;
    private final List<Column> columns;
    private final BinaryMessageEncoder<GenericRecord> encoder;
    private final BinaryMessageDecoder<GenericRecord> decoder;

    public RowCodec(TableSchema table) {
        this(table, TableAvroSchemas.toAvro(table));
    }

    /** A codec for rows written with the given Avro schema (made by {@link TableAvroSchemas}). */
    public RowCodec(Schema schema) {
        this(TableAvroSchemas.fromAvro(schema), schema);
    }

    private RowCodec(TableSchema table, Schema schema) {
        this.table = table;
        this.schema = schema;
        this.columns = table.columns();
        this.encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
    }

    public TableSchema table() {
        return table;
    }

    public Schema schema() {
        return schema;
    }

    /** The row as Avro single-object bytes. */
    public byte[] encode(Object[] row) {
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < row.length; i++) {
            record.put(i, toAvro(columns.get(i), row[i]));
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a row of " + table.table(), e);
        }
    }

    /** The row decoded from Avro single-object bytes written with this codec's schema. */
    public Object[] decode(byte[] bytes) {
        try {
            return fromRecord(decoder.decode(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("decoding a row of " + table.table(), e);
        }
    }

    /** A row from a generic record of this codec's schema (e.g. read from an Avro file). */
    public Object[] fromRecord(GenericRecord record) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = fromAvro(columns.get(i), record.get(i));
        }
        return row;
    }

    static Object toAvro(Column column, Object value) {
        if (value == null) {
            if (!column.nullable()) {
                throw new IllegalArgumentException("NULL in NOT NULL column " + column.name());
            }
            return null;
        }
        return switch (column.type()) {
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN, STRING, JSON, UUID -> value;
            case DECIMAL -> ByteBuffer.wrap(((BigDecimal) value).setScale(column.scale(), RoundingMode.UNNECESSARY)
                    .unscaledValue().toByteArray());
            case BYTES -> ByteBuffer.wrap((byte[]) value);
            case DATE -> (int) ((LocalDate) value).toEpochDay();
            case TIME -> ((LocalTime) value).toNanoOfDay() / 1_000;
            case TIMESTAMP -> micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC));
            case TIMESTAMP_TZ -> micros((Instant) value);
        };
    }

    static Object fromAvro(Column column, Object value) {
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN -> value;
            case STRING, JSON, UUID -> value.toString();
            case DECIMAL -> new BigDecimal(new BigInteger(bytes((ByteBuffer) value)), column.scale());
            case BYTES -> bytes((ByteBuffer) value);
            case DATE -> LocalDate.ofEpochDay((Integer) value);
            case TIME -> LocalTime.ofNanoOfDay((Long) value * 1_000);
            case TIMESTAMP -> LocalDateTime.ofInstant(instant((Long) value), ZoneOffset.UTC);
            case TIMESTAMP_TZ -> instant((Long) value);
        };
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
