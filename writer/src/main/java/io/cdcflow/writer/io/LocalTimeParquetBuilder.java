package io.cdcflow.writer.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A Parquet writer of generic Avro records of a flat record schema, like parquet-avro's own builder
 * except for one column type: parquet-avro marks {@code time-micros} as TIME adjusted to UTC, which
 * readers such as DuckDB show as TIME WITH TIME ZONE, whereas a SQL TIME column is a local time of
 * day. Here such columns are TIME(MICROS) not adjusted to UTC. The Avro schema is stored in the file as
 * parquet-avro does, so its readers get the records back unchanged.
 */
final class LocalTimeParquetBuilder extends ParquetWriter.Builder<GenericRecord, LocalTimeParquetBuilder> {
    private final Schema avro;
    private final MessageType parquet;

    LocalTimeParquetBuilder(OutputFile file, Schema avro) {
        super(file);
        this.avro = avro;
        this.parquet = localTimes(new AvroSchemaConverter(new PlainParquetConfiguration()).convert(avro));
    }

    @Override
    protected LocalTimeParquetBuilder self() {
        return this;
    }

    // Still abstract in the builder, though deprecated for the ParquetConfiguration variant below.
    @Override
    @SuppressWarnings("deprecation")
    protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
        return writeSupport();
    }

    @Override
    protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
        return writeSupport();
    }

    // A model without logical type conversions: the records already hold Avro's raw values.
    private WriteSupport<GenericRecord> writeSupport() {
        return new AvroWriteSupport<>(parquet, avro, new GenericData());
    }

    private static MessageType localTimes(MessageType schema) {
        List<Type> fields = new ArrayList<>();
        for (Type field : schema.getFields()) {
            fields.add(field.getLogicalTypeAnnotation() instanceof TimeLogicalTypeAnnotation time
                    && time.isAdjustedToUTC() ? localTime(field.asPrimitiveType(), time) : field);
        }
        return new MessageType(schema.getName(), fields);
    }

    private static Type localTime(PrimitiveType field, TimeLogicalTypeAnnotation time) {
        return Types.primitive(field.getPrimitiveTypeName(), field.getRepetition())
                .as(LogicalTypeAnnotation.timeType(false, time.getUnit()))
                .named(field.getName());
    }
}
