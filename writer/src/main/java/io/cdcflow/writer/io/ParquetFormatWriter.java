package io.cdcflow.writer.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.ParquetCompression;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.writer.core.AvroRowConverter;
import io.cdcflow.writer.core.SnapshotFileSchema;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * {@code parquet}: Apache Parquet written by parquet-avro with the {@link SnapshotFileSchema}, so columns
 * are typed (DECIMAL, DATE, TIME, TIMESTAMP, BINARY, ...) and pages compressed with Snappy or Zstandard
 * ({@code parquet_compression}); the Avro schema
 * is stored in the file's metadata ({@code parquet.avro.schema}). Rows are buffered per row group of
 * at most 16 MiB, which bounds the writer's memory.
 */
public final class ParquetFormatWriter implements SnapshotFormatWriter {
    /** Small enough for the writer's heap, large enough for efficient scans. */
    static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

    private final ParquetCompression compression;

    /** Snappy-compressed files. */
    public ParquetFormatWriter() {
        this(ParquetCompression.SNAPPY);
    }

    /** @param compression the pages' codec */
    public ParquetFormatWriter(ParquetCompression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
    }

    /** The pages' codec. */
    public ParquetCompression compression() {
        return compression;
    }

    @Override
    public SnapshotFormat format() {
        return SnapshotFormat.PARQUET;
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.parquet";
    }

    @Override
    public boolean requiresSchema() {
        return true;
    }

    @Override
    public boolean compressesInternally() {
        return true;
    }

    @Override
    public SnapshotRowWriter open(OutputStream out, SnapshotLayout layout) throws IOException {
        SnapshotFileSchema schema = SnapshotFileSchema.of(layout);
        AvroRowConverter converter = new AvroRowConverter(schema);
        ParquetWriter<GenericRecord> writer = new LocalTimeParquetBuilder(new StreamOutputFile(out), schema.avro())
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(codec(compression))
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build();
        return new SnapshotRowWriter() {
            @Override
            public void write(ObjectNode row) throws IOException {
                writer.write(converter.toRecord(row));
            }

            @Override
            public void finish() throws IOException {
                writer.close();
            }
        };
    }

    static CompressionCodecName codec(ParquetCompression compression) {
        return switch (compression) {
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
        };
    }
}
