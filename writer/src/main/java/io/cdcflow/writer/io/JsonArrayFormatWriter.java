package io.cdcflow.writer.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.core.Json;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code json}: one JSON array of row objects, one row per line ({@code []} when there are none).
 * The array is streamed with a {@link JsonGenerator}; it is never held in memory.
 */
public final class JsonArrayFormatWriter implements SnapshotFormatWriter {

    @Override
    public SnapshotFormat format() {
        return SnapshotFormat.JSON;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public SnapshotRowWriter open(OutputStream out, SnapshotLayout layout) throws IOException {
        JsonGenerator generator = JsonGenerators.create(out);
        generator.setPrettyPrinter(new RowPerLinePrinter());
        generator.writeStartArray();
        return new SnapshotRowWriter() {
            @Override
            public void write(ObjectNode row) throws IOException {
                Json.MAPPER.writeTree(generator, row);
            }

            @Override
            public void finish() throws IOException {
                generator.writeEndArray();
                generator.writeRaw('\n');
                generator.close();
            }
        };
    }

    /** Puts each element of the array on its own line and nothing else between tokens. */
    private static final class RowPerLinePrinter extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void beforeArrayValues(JsonGenerator generator) throws IOException {
            generator.writeRaw('\n');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(",\n");
        }

        @Override
        public void writeEndArray(JsonGenerator generator, int valueCount) throws IOException {
            generator.writeRaw(valueCount > 0 ? "\n]" : "]");
        }
    }
}
