package io.cdcflow.writer.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.writer.core.AvroRowConverter;
import io.cdcflow.writer.core.SnapshotFileSchema;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code avro}: an Avro object container file of records of the {@link SnapshotFileSchema}, blocks
 * compressed with deflate (the codec every Avro implementation must read). The sync marker is derived
 * from the schema instead of being random, so that a re-written file is identical to the first.
 */
public final class AvroFormatWriter implements SnapshotFormatWriter {
    private static final int DEFLATE_LEVEL = 6;

    @Override
    public SnapshotFormat format() {
        return SnapshotFormat.AVRO;
    }

    @Override
    public String contentType() {
        return "application/avro";
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
        // a model without logical type conversions: the converter already produces Avro's raw values
        DataFileWriter<GenericRecord> writer =
                new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema.avro(), new GenericData()));
        writer.setCodec(CodecFactory.deflateCodec(DEFLATE_LEVEL));
        writer.create(schema.avro(), new NonClosingOutputStream(out), syncMarker(schema.avro()));
        return new SnapshotRowWriter() {
            @Override
            public void write(ObjectNode row) throws IOException {
                writer.append(converter.toRecord(row));
            }

            @Override
            public void finish() throws IOException {
                writer.close();
            }
        };
    }

    /** 16 bytes that depend only on the schema: MD5 of its JSON. */
    static byte[] syncMarker(Schema schema) {
        try {
            return MessageDigest.getInstance("MD5").digest(schema.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
