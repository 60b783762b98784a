package io.cdcflow.common.config;

import java.util.Map;

/** Encoding of the change topics ({@code kafka.change_format}); the configuration spells each in lower case. */
public enum ChangeFormat {
    /** The JSON envelope, key the primary key as a JSON object; the default. */
    JSON("json"),
    /** Avro in the Confluent wire format, schemas registered in a Confluent-compatible schema registry. */
    AVRO("avro");

    private static final Map<String, ChangeFormat> BY_JSON_NAME = JsonNames.of(values(), ChangeFormat::jsonName);

    private final String jsonName;

    ChangeFormat(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling in the configuration file. */
    public String jsonName() {
        return jsonName;
    }

    static Map<String, ChangeFormat> byJsonName() {
        return BY_JSON_NAME;
    }
}
