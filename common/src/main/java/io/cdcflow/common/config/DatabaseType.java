package io.cdcflow.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The kind of database a datasource points at; it decides the SQL dialect used. */
public enum DatabaseType {
    /** PostgreSQL; {@code postgres} is accepted as an alias in the configuration. */
    POSTGRESQL("postgresql"),
    /** MySQL. */
    MYSQL("mysql"),
    /** MariaDB, reached through the MySQL driver. */
    MARIADB("mariadb"),
    /** Any other database with a JDBC driver on the class path; only portable SQL is used. */
    GENERIC("generic");

    private static final Map<String, DatabaseType> BY_JSON_NAME = withAlias();

    private final String jsonName;

    DatabaseType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling in the configuration file. */
    public String jsonName() {
        return jsonName;
    }

    static Map<String, DatabaseType> byJsonName() {
        return BY_JSON_NAME;
    }

    /** Whether a datasource declared as this type may use a URL for {@code urlType}. */
    boolean acceptsUrlFor(DatabaseType urlType) {
        return this == urlType || this == GENERIC || (isMysqlFamily() && urlType.isMysqlFamily());
    }

    private boolean isMysqlFamily() {
        return this == MYSQL || this == MARIADB;
    }

    private static Map<String, DatabaseType> withAlias() {
        Map<String, DatabaseType> names = new LinkedHashMap<>();
        names.put("postgresql", POSTGRESQL);
        names.put("postgres", POSTGRESQL);
        names.put("mysql", MYSQL);
        names.put("mariadb", MARIADB);
        names.put("generic", GENERIC);
        return Collections.unmodifiableMap(names);
    }
}
