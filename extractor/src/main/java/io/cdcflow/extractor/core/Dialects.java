package io.cdcflow.extractor.core;

import io.cdcflow.common.config.DatabaseType;

/** The dialect of each kind of database. */
public final class Dialects {
    private static final Dialect POSTGRES = new PostgresDialect();
    private static final Dialect MYSQL = new MySqlDialect();
    private static final Dialect GENERIC = new GenericDialect();

    private Dialects() {
    }

    /** The dialect for a datasource's database type; MariaDB shares MySQL's. */
    public static Dialect of(DatabaseType type) {
        return switch (type) {
            case POSTGRESQL -> POSTGRES;
            case MYSQL, MARIADB -> MYSQL;
            case GENERIC -> GENERIC;
        };
    }
}
