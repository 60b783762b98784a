package io.cdcflow.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One database on a test server (PostgreSQL or MariaDB), with the credentials to reach it.
 *
 * <p>Obtain one from {@link TestDatabases}, then give each test class its own database with
 * {@link #createDatabase(String)}. MariaDB is reached through MySQL Connector/J
 * ({@code jdbc:mysql://...}), the driver the product uses for MySQL and MariaDB.
 *
 * <p>{@link #execute(String...)} and {@link #query(String)} wrap {@link SQLException} in an
 * unchecked {@link IllegalStateException} that names the failing statement.
 */
public final class TestDatabase {

    /** {@link #type()} of a PostgreSQL database. */
    public static final String POSTGRESQL = "postgresql";
    /** {@link #type()} of a MariaDB database. */
    public static final String MARIADB = "mariadb";

    // jdbc:<sub>://<authority>/<database>[?<params>]
    private static final Pattern URL = Pattern.compile("^(jdbc:[a-z]+://[^/?]+)(?:/([^?]*))?(\\?.*)?$");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String type;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    /**
     * Describes a database reachable with the given URL and credentials.
     *
     * @param type {@link #POSTGRESQL} or {@link #MARIADB}
     * @param jdbcUrl a {@code jdbc:postgresql://} or {@code jdbc:mysql://} URL naming a database
     * @param user user name
     * @param password password
     */
    public TestDatabase(String type, String jdbcUrl, String user, String password) {
        if (!POSTGRESQL.equals(type) && !MARIADB.equals(type)) {
            throw new IllegalArgumentException("Unknown database type " + type);
        }
        if (!URL.matcher(jdbcUrl).matches()) {
            throw new IllegalArgumentException("Not a jdbc:<driver>://host:port/database URL: " + jdbcUrl);
        }
        this.type = type;
        this.jdbcUrl = jdbcUrl;
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    /** Returns {@link #POSTGRESQL} or {@link #MARIADB}. */
    public String type() {
        return type;
    }

    /** Returns the JDBC URL of this database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Returns the user name. */
    public String user() {
        return user;
    }

    /** Returns the password. */
    public String password() {
        return password;
    }

    /** Returns the name of this database, as it appears in {@link #jdbcUrl()}. */
    public String databaseName() {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException(jdbcUrl);
        }
        return m.group(2) == null ? "" : m.group(2);
    }

    /**
     * Drops the database {@code name} if it exists, creates it afresh on the same server and returns
     * a handle to it with the same credentials. Sessions still connected to the old database are
     * terminated on PostgreSQL.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter
     * @return the new, empty database
     */
    public TestDatabase createDatabase(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must match " + NAME.pattern() + ": " + name);
        }
        if (POSTGRESQL.equals(type)) {
            execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)",
                    "CREATE DATABASE \"" + name + "\" ENCODING 'UTF8'");
        } else {
            execute("DROP DATABASE IF EXISTS `" + name + "`",
                    "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return new TestDatabase(type, withDatabase(jdbcUrl, name), user, password);
    }

    /**
     * Opens a new connection (auto-commit on); the caller closes it.
     *
     * @return the connection
     * @throws SQLException if the server refuses it
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Runs statements in order, each in auto-commit mode, on one connection.
     *
     * @param sql statements without trailing semicolons
     * @throws IllegalStateException if a statement fails
     */
    public void execute(String... sql) {
        String current = null;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                current = statement;
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(failure(current, e), e);
        }
    }

    /**
     * Runs a query and returns all rows.
     *
     * @param sql the query
     * @return one map per row from lower-cased column label to the driver's {@code getObject} value,
     *     in column order
     * @throws IllegalStateException if the query fails
     */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(failure(sql, e), e);
        }
    }

    @Override
    public String toString() {
        return type + " " + jdbcUrl + " as " + user;
    }

    static String withDatabase(String jdbcUrl, String database) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException(jdbcUrl);
        }
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    private String failure(String sql, SQLException e) {
        return (sql == null ? "Connecting to " + jdbcUrl : "SQL failed on " + jdbcUrl + ": " + sql)
                + ": " + e.getMessage();
    }
}
