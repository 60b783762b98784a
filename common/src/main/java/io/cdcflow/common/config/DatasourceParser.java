package io.cdcflow.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one entry of {@code datasources}. */
final class DatasourceParser {
    // Credentials have their own keys so that they are held as secrets and never shown.
    private static final List<String> CREDENTIAL_PROPERTIES = List.of("user", "password");

    private final ParseContext context;

    DatasourceParser(ParseContext context) {
        this.context = context;
    }

    /** The datasource, or null if the entry has errors (they are reported). */
    DatasourceConfig parse(String name, ConfigNode node) {
        int mark = context.errorCount();
        String url = node.requiredString("url");
        DatabaseType declaredType = node.choice("type", DatabaseType.byJsonName(), null);
        String user = user(node);
        String password = node.string("password");
        Map<String, String> properties = properties(node);
        DatabaseUrl parsed = url == null ? null : translate(node, url);
        if (parsed != null && declaredType != null && !declaredType.acceptsUrlFor(parsed.type())) {
            context.error(node.pathOf("type"), "contradicts the URL, which is for " + parsed.type().jsonName()
                    + " (was " + ErrorText.quote(declaredType.jsonName()) + ")");
        }
        return context.ifNoErrorsSince(mark, () -> {
            Map<String, String> jdbcProperties = new LinkedHashMap<>(parsed.parameters());
            jdbcProperties.putAll(properties);
            String effectivePassword = password != null ? password : parsed.password();
            return new DatasourceConfig(name,
                    declaredType != null ? declaredType : parsed.type(),
                    parsed.jdbcUrl(),
                    user != null ? user : parsed.user(),
                    effectivePassword == null ? null : Secret.of(effectivePassword),
                    jdbcProperties);
        });
    }

    private String user(ConfigNode node) {
        String username = node.string("username");
        String user = node.string("user");
        if (username != null && user != null) {
            context.error(node.pathOf("user"), "conflicts with \"username\"; set only one of them");
        }
        return username != null ? username : user;
    }

    private Map<String, String> properties(ConfigNode node) {
        Map<String, String> properties = node.passThrough("properties");
        for (String credential : CREDENTIAL_PROPERTIES) {
            if (properties.containsKey(credential)) {
                context.error(ConfigPaths.child(node.pathOf("properties"), credential),
                        "set the datasource's \"" + credential + "\" key instead");
            }
        }
        return properties;
    }

    private DatabaseUrl translate(ConfigNode node, String url) {
        try {
            return DatabaseUrl.parse(url);
        } catch (DatabaseUrl.InvalidUrlException e) {
            context.error(node.pathOf("url"), e.getMessage());
            return null;
        }
    }
}
