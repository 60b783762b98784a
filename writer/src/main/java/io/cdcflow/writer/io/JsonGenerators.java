package io.cdcflow.writer.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.io.OutputStream;

/** Jackson generators for the writer's JSON files, with the pipeline's mapper settings. */
final class JsonGenerators {
    private JsonGenerators() {
    }

    /**
     * A UTF-8 generator that leaves {@code out} open, writes decimals without exponents
     * ({@code 0.0000001}, not {@code 1E-7}) and separates root values by nothing.
     */
    static JsonGenerator create(OutputStream out) throws IOException {
        JsonGenerator generator = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        generator.disable(StreamWriteFeature.AUTO_CLOSE_TARGET.mappedFeature());
        generator.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
        generator.setRootValueSeparator(null);
        return generator;
    }
}
