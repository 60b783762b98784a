package io.cdcflow.differ.io;

import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowJson;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes row images (Avro single-object bytes) into JSON, resolving each image's writer schema by
 * the fingerprint in its header from the differ's schema store. Codecs are cached per task.
 */
final class RowImages {
    private final KeyValueStore<String, String> schemas;
    private final Map<String, RowCodec> codecs = new HashMap<>();

    RowImages(KeyValueStore<String, String> schemas) {
        this.schemas = schemas;
    }

    /** Registers a schema (idempotent) and returns its fingerprint. */
    String register(String schemaJson) {
        Schema schema = new Schema.Parser().parse(schemaJson);
        String fingerprint = TableAvroSchemas.fingerprint(schema);
        if (schemas.get(fingerprint) == null) {
            schemas.put(fingerprint, schemaJson);
        }
        return fingerprint;
    }

    /** The Avro schema JSON with the given fingerprint. */
    String schemaJson(String fingerprint) {
        return schemas.get(fingerprint);
    }

    /** The table schema with the given fingerprint. */
    TableSchema table(String fingerprint) {
        return codec(fingerprint).table();
    }

    /** The image as a JSON object, or null for a null image. */
    JsonNode toJson(byte[] image) {
        if (image == null) {
            return null;
        }
        RowCodec codec = codec(fingerprintOf(image));
        return RowJson.toJson(codec.table(), codec.decode(image));
    }

    private RowCodec codec(String fingerprint) {
        return codecs.computeIfAbsent(fingerprint, fp -> {
            String json = schemas.get(fp);
            if (json == null) {
                throw new IllegalStateException("no schema with fingerprint " + fp + " in the differ's store");
            }
            return new RowCodec(new Schema.Parser().parse(json));
        });
    }

    /** Avro single-object encoding: 2 marker bytes, then the 8-byte little-endian fingerprint. */
    static String fingerprintOf(byte[] image) {
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (image[i] & 0xFFL);
        }
        return String.format(Locale.ROOT, "%016x", fingerprint);
    }
}
