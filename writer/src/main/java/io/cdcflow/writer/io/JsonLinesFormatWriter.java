package io.cdcflow.writer.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.core.Json;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.IOException;
import java.io.OutputStream;

/** {@code jsonl}: one JSON object per line, each line ending in {@code \n} (an empty file for no rows). */
public final class JsonLinesFormatWriter implements SnapshotFormatWriter {

    @Override
    public SnapshotFormat format() {
        return SnapshotFormat.JSONL;
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public SnapshotRowWriter open(OutputStream out, SnapshotLayout layout) throws IOException {
        JsonGenerator generator = JsonGenerators.create(out);
        return new SnapshotRowWriter() {
            @Override
            public void write(ObjectNode row) throws IOException {
                Json.MAPPER.writeTree(generator, row);
                generator.writeRaw('\n');
            }

            @Override
            public void finish() throws IOException {
                generator.close();
            }
        };
    }
}
