package io.cdcflow.writer.io;

import io.cdcflow.common.core.RowCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads Parquet and Avro snapshot files back with the libraries' own readers and turns each record
 * into the pipeline's Java values (BigDecimal, LocalDate, Instant, byte[], ...) with {@link RowCodec},
 * using the schema stored in the file.
 */
public final class TypedFiles {
    private TypedFiles() {
    }

    /** A file's Avro schema and its rows as Java values. */
    public record Content(Schema schema, List<Object[]> rows) {
    }

    /** Reads a Parquet or an Avro file, by its extension. */
    public static Content read(Path file) throws IOException {
        return file.toString().endsWith(".parquet") ? parquet(file) : avro(file);
    }

    public static Content parquet(Path file) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader
                .<GenericRecord>builder(new LocalInputFile(file), new PlainParquetConfiguration())
                .withDataModel(new GenericData()).build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                records.add(record);
            }
        }
        Schema schema = new Schema.Parser().parse(parquetFooter(file).getFileMetaData()
                .getKeyValueMetaData().get("parquet.avro.schema"));
        return content(schema, records);
    }

    public static Content avro(Path file) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(),
                new GenericDatumReader<>(null, null, new GenericData()))) {
            reader.forEach(records::add);
            return content(reader.getSchema(), records);
        }
    }

    /** The footer of a Parquet file: its Parquet schema, row groups and codecs. */
    public static ParquetMetadata parquetFooter(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter();
        }
    }

    private static Content content(Schema schema, List<GenericRecord> records) {
        RowCodec codec = new RowCodec(schema);
        return new Content(schema, records.stream().map(codec::fromRecord).toList());
    }
}
