package io.cdcflow.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The whole pipeline configuration, read from the JSON file that the original Python tool used,
 * extended with {@code kafka} and a few keys per section (see {@code docs/configuration.md}).
 * Immutable; {@link #toString()} never shows a secret.
 *
 * @param global settings shared by all tables
 * @param datasources the databases, by key, in file order
 * @param tables the captured tables, by key, in file order
 * @param storage the object store
 * @param kafka the Kafka cluster
 */
public record CdcConfig(GlobalSettings global, Map<String, DatasourceConfig> datasources,
        Map<String, TableConfig> tables, StorageConfig storage, KafkaSettings kafka) {

    /**
     * Checks that every part is present and every table's datasource exists, and copies the maps,
     * keeping their order.
     */
    public CdcConfig {
        Objects.requireNonNull(global, "global");
        datasources = Collections.unmodifiableMap(new LinkedHashMap<>(datasources));
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(kafka, "kafka");
        for (TableConfig table : tables.values()) {
            if (!datasources.containsKey(table.datasource())) {
                throw new IllegalArgumentException("table " + table.name() + " refers to unknown datasource "
                        + table.datasource());
            }
        }
    }

    /**
     * Reads a configuration file (UTF-8), resolving {@code ${env:NAME}} from the process environment.
     *
     * @throws ConfigException if the file cannot be read or the configuration is invalid
     */
    public static CdcConfig load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(ConfigPaths.ROOT,
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")")));
        }
        return parse(json, System::getenv);
    }

    /**
     * Parses a configuration.
     *
     * @param json the configuration file's content
     * @param environment looks up the value of {@code ${env:NAME}}; null means the variable is not set
     * @throws ConfigException listing every problem found if the configuration is invalid
     */
    public static CdcConfig parse(String json, Function<String, String> environment) {
        return ConfigParser.parse(Objects.requireNonNull(json, "json"), environment);
    }

    /**
     * The table with this key.
     *
     * @throws IllegalArgumentException naming the known tables if there is none
     */
    public TableConfig table(String name) {
        TableConfig table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("unknown table \"" + name + "\"; known tables: "
                    + String.join(", ", tables.keySet()));
        }
        return table;
    }

    /**
     * The datasource of a table.
     *
     * @throws IllegalArgumentException if the table's datasource is not part of this configuration
     */
    public DatasourceConfig datasourceOf(TableConfig table) {
        DatasourceConfig datasource = datasources.get(table.datasource());
        if (datasource == null) {
            throw new IllegalArgumentException("unknown datasource \"" + table.datasource() + "\"; known datasources: "
                    + String.join(", ", datasources.keySet()));
        }
        return datasource;
    }
}
