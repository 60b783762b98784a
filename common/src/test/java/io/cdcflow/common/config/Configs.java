package io.cdcflow.common.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

/** Builds test configurations; JSON is written with single quotes, turned into double quotes here. */
final class Configs {
    /** A valid datasource entry keyed {@code pg}. */
    static final String PG = "'pg': {'url': 'postgresql://app:s3cret@db:5432/shop'}";

    /** A valid hash table entry on {@code pg}. */
    static final String HASH_TABLE = "{'datasource': 'pg', 'method': 'hash'}";

    private Configs() {
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A config with datasource {@code pg} and table {@code t} of the given body. */
    static String withTable(String tableBody) {
        return json("{'datasources': {" + PG + "}, 'tables': {'t': " + tableBody + "}}");
    }

    /** A config whose only datasource is {@code ds} with the given body, used by table {@code t}. */
    static String withDatasource(String datasourceBody) {
        return json("{'datasources': {'ds': " + datasourceBody + "},"
                + " 'tables': {'t': {'datasource': 'ds', 'method': 'hash'}}}");
    }

    /** A valid config plus a top-level section. */
    static String withSection(String key, String body) {
        return json("{'datasources': {" + PG + "}, 'tables': {'t': " + HASH_TABLE + "}, '" + key + "': " + body + "}");
    }

    static CdcConfig parse(String json) {
        return CdcConfig.parse(json, Map.<String, String>of()::get);
    }

    static CdcConfig parse(String json, Map<String, String> environment) {
        return CdcConfig.parse(json, environment::get);
    }

    /** The errors of an invalid config. */
    static List<ConfigError> errors(String json) {
        return errors(json, Map.of());
    }

    static List<ConfigError> errors(String json, Map<String, String> environment) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json, environment));
        if (e == null) {
            throw new AssertionError("expected a ConfigException for " + json);
        }
        return e.errors();
    }

    static ConfigError error(String path, String reason) {
        return new ConfigError(path, reason);
    }
}
