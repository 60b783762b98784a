package io.cdcflow.common.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A datasource URL of the configuration, translated to JDBC: a JDBC URL, or a SQLAlchemy URL as the
 * original Python tool took it ({@code dialect[+driver]://user:password@host:port/database?params}).
 *
 * @param type the database the URL is for
 * @param jdbcUrl the JDBC URL without credentials or query parameters (except for generic URLs,
 *     which are kept as given)
 * @param user the user from the URL, or null
 * @param password the password from the URL, or null
 * @param parameters the remaining query parameters, in order
 */
record DatabaseUrl(DatabaseType type, String jdbcUrl, String user, String password,
        Map<String, String> parameters) {

    private static final String JDBC = "jdbc:";
    private static final Map<String, DatabaseType> JDBC_SUBPROTOCOLS = Map.of(
            "postgresql", DatabaseType.POSTGRESQL,
            "mysql", DatabaseType.MYSQL,
            "mariadb", DatabaseType.MARIADB);
    private static final Map<String, DatabaseType> SQLALCHEMY_DIALECTS = Map.of(
            "postgresql", DatabaseType.POSTGRESQL,
            "postgres", DatabaseType.POSTGRESQL,
            "mysql", DatabaseType.MYSQL,
            "mariadb", DatabaseType.MARIADB);
    private static final Pattern SQLALCHEMY =
            Pattern.compile("([A-Za-z][A-Za-z0-9]*)(?:\\+[A-Za-z0-9_]+)?://(.*)", Pattern.DOTALL);

    /** Why a URL was rejected; the reason never quotes the URL, which may hold a password. */
    static final class InvalidUrlException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidUrlException(String reason) {
            super(reason);
        }
    }

    /** Translates a configured URL. */
    static DatabaseUrl parse(String url) throws InvalidUrlException {
        if (url.regionMatches(true, 0, JDBC, 0, JDBC.length())) {
            return parseJdbc(url);
        }
        Matcher sqlAlchemy = SQLALCHEMY.matcher(url);
        if (!sqlAlchemy.matches()) {
            throw new InvalidUrlException("must be a JDBC URL (jdbc:...) or a SQLAlchemy URL"
                    + " (dialect[+driver]://user:password@host:port/database)");
        }
        String dialect = sqlAlchemy.group(1).toLowerCase(Locale.ROOT);
        DatabaseType type = SQLALCHEMY_DIALECTS.get(dialect);
        if (type == null) {
            throw new InvalidUrlException("unsupported scheme " + ErrorText.quote(dialect)
                    + "; use postgresql, postgres, mysql or mariadb (each optionally +driver), or a jdbc: URL");
        }
        return parseHierarchical(type, sqlAlchemy.group(2));
    }

    private static DatabaseUrl parseJdbc(String url) throws InvalidUrlException {
        String rest = url.substring(JDBC.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new InvalidUrlException("must have the form jdbc:<driver>:<driver-specific part>");
        }
        String subprotocol = rest.substring(0, colon).toLowerCase(Locale.ROOT);
        DatabaseType type = JDBC_SUBPROTOCOLS.get(subprotocol);
        if (type == null) {
            // Other drivers' URL syntaxes are unknown here, so the URL is used as given.
            if (url.toLowerCase(Locale.ROOT).contains("password")) {
                throw new InvalidUrlException(
                        "must not contain credentials; set the \"user\" and \"password\" keys instead");
            }
            return new DatabaseUrl(DatabaseType.GENERIC, url, null, null, Map.of());
        }
        String location = rest.substring(colon + 1);
        if (!location.startsWith("//")) {
            throw new InvalidUrlException("must have the form jdbc:" + subprotocol + "://host[:port]/database");
        }
        return parseHierarchical(type, location.substring(2));
    }

    // rest = [user[:password]@]host[:port][,host[:port]...][/database][?query]
    private static DatabaseUrl parseHierarchical(DatabaseType type, String rest) throws InvalidUrlException {
        int queryStart = rest.indexOf('?');
        String head = queryStart < 0 ? rest : rest.substring(0, queryStart);
        Map<String, String> parameters = parseQuery(queryStart < 0 ? "" : rest.substring(queryStart + 1));
        // The last '@' ends the credentials, so that an unencoded '@' in a password still works.
        int at = head.lastIndexOf('@');
        String location = head.substring(at + 1);
        int slash = location.indexOf('/');
        String hosts = slash < 0 ? location : location.substring(0, slash);
        String database = slash < 0 ? "" : location.substring(slash + 1);
        for (String host : hosts.split(",", -1)) {
            if (host.isEmpty() || host.startsWith(":")) {
                throw new InvalidUrlException("has no host");
            }
            if (!HostPort.isValid(host, false)) {
                throw new InvalidUrlException("has an invalid host or port");
            }
        }
        String user = parameters.remove("user");
        String password = parameters.remove("password");
        if (at >= 0) {
            String userInfo = head.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decodeUserInfo(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? password : decodeUserInfo(userInfo.substring(colon + 1));
        }
        String scheme = type == DatabaseType.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mysql://";
        return new DatabaseUrl(type, scheme + hosts + "/" + database, user == null || user.isEmpty() ? null : user,
                password, parameters);
    }

    private static Map<String, String> parseQuery(String query) throws InvalidUrlException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            if (name.isEmpty()) {
                throw new InvalidUrlException("has a query parameter without a name");
            }
            parameters.put(name, equals < 0 ? "" : decode(parameter.substring(equals + 1)));
        }
        return parameters;
    }

    // In user info '+' is a literal plus; only in the query does it stand for a space.
    private static String decodeUserInfo(String text) throws InvalidUrlException {
        return decode(text.replace("+", "%2B"));
    }

    private static String decode(String text) throws InvalidUrlException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidUrlException("contains an invalid percent-encoding");
        }
    }
}
