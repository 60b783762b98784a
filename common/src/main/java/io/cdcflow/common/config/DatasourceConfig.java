package io.cdcflow.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A database to read tables from, from an entry of {@code datasources}. The URL of the configuration
 * is already translated: {@link #jdbcUrl()} holds no credentials and no query parameters; those are
 * in {@link #user()}, {@link #password()} and {@link #jdbcProperties()}.
 *
 * @param name the entry's key; part of topic names and object keys
 * @param type the database kind, declared by {@code type} or inferred from the URL
 * @param jdbcUrl the JDBC URL without credentials; MariaDB uses {@code jdbc:mysql://} since the
 *     MySQL driver serves both
 * @param user the user name, or null to let the driver decide
 * @param password the password, or null for none
 * @param jdbcProperties driver properties: the URL's query parameters overridden by {@code
 *     properties}, in that order
 */
public record DatasourceConfig(String name, DatabaseType type, String jdbcUrl, String user,
        Secret password, Map<String, String> jdbcProperties) {

    /** Checks that required parts are present and copies the properties, keeping their order. */
    public DatasourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        jdbcProperties = Collections.unmodifiableMap(new LinkedHashMap<>(jdbcProperties));
    }

    /**
     * The connection described as one URL for logs: the JDBC URL followed by the user, a masked
     * password and the properties as query parameters, with the values of password-like properties
     * masked too.
     */
    public String redactedUrl() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (user != null) {
            query.add("user=" + user);
        }
        if (password != null) {
            query.add("password=" + password);
        }
        jdbcProperties.forEach((key, value) ->
                query.add(key + "=" + (Secret.isSecretName(key) ? Secret.mask() : value)));
        return jdbcUrl + query;
    }

    /** Shows the name, type and {@link #redactedUrl()}; never a secret. */
    @Override
    public String toString() {
        return "DatasourceConfig[name=" + name + ", type=" + type + ", url=" + redactedUrl() + "]";
    }
}
