package io.cdcflow.common.config;

import java.util.Map;

/** How changes of a table are detected. */
public enum CdcMethod {
    /** Hash every row and compare with the hashes of the previous run. */
    HASH("hash"),
    /** Read rows whose timestamp column is newer than the previous run's high-water mark. */
    TIMESTAMP("timestamp"),
    /** Like {@link #HASH}, but read and compare the table in primary-key ranges of fixed size. */
    HASH_PARTITION("hash-partition");

    private static final Map<String, CdcMethod> BY_JSON_NAME = JsonNames.of(values(), CdcMethod::jsonName);

    private final String jsonName;

    CdcMethod(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling in the configuration file, e.g. {@code hash-partition}. */
    public String jsonName() {
        return jsonName;
    }

    static Map<String, CdcMethod> byJsonName() {
        return BY_JSON_NAME;
    }
}
