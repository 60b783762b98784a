package io.cdcflow.extractor.io;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConnectionPool;
import io.cdcflow.common.config.DatabaseType;
import io.cdcflow.common.config.DatasourceConfig;
import io.cdcflow.extractor.core.MySqlDialect;
import java.util.LinkedHashMap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per configured datasource, read-only. Pools connect lazily: a database that is
 * down at start-up fails (and retries) the runs of its tables, not the service. Passwords are
 * revealed only into the pool's configuration; logs show {@link DatasourceConfig#redactedUrl()}.
 * Thread-safe.
 */
public final class DataSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    /** Creates the pools of every datasource of {@code config}. */
    public DataSources(CdcConfig config) {
        for (DatasourceConfig datasource : config.datasources().values()) {
            pools.put(datasource.name(), new HikariDataSource(hikariConfig(datasource, config.global().connectionPool())));
            LOG.info("Datasource {} ({}) at {}", datasource.name(), datasource.type().jsonName(),
                    datasource.redactedUrl());
        }
    }

    /**
     * The pool of a datasource.
     *
     * @throws IllegalArgumentException if the datasource is not configured
     */
    public DataSource pool(String datasource) {
        DataSource pool = pools.get(datasource);
        if (pool == null) {
            throw new IllegalArgumentException("unknown datasource " + datasource);
        }
        return pool;
    }

    /**
     * Readiness: takes a connection from the datasource's pool and validates it.
     *
     * @throws SQLException if no valid connection can be had
     */
    public void check(String datasource) throws SQLException {
        try (Connection connection = pool(datasource).getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("connection to datasource " + datasource + " is not valid");
            }
        }
    }

    /** Closes every pool. */
    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }

    /**
     * The pool settings: at most {@code pool_size + max_overflow} connections, none kept idle (the
     * extractor uses one connection per running table and must not hold connections on a
     * production database between runs), {@code timeout} to get one.
     */
    static HikariConfig hikariConfig(DatasourceConfig datasource, ConnectionPool pool) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("cdc-" + datasource.name());
        hikari.setJdbcUrl(datasource.jdbcUrl());
        if (datasource.user() != null) {
            hikari.setUsername(datasource.user());
        }
        if (datasource.password() != null) {
            hikari.setPassword(datasource.password().reveal());
        }
        datasource.jdbcProperties().forEach(hikari::addDataSourceProperty);
        if (datasource.type() == DatabaseType.MYSQL || datasource.type() == DatabaseType.MARIADB) {
            MySqlDialect.SESSION_PROPERTIES.forEach(hikari::addDataSourceProperty);
        }
        hikari.setReadOnly(true);
        hikari.setMaximumPoolSize(pool.maxSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(pool.timeout().toMillis());
        hikari.setInitializationFailTimeout(-1);
        return hikari;
    }
}
