package io.cdcflow.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keys of one JSON object of the configuration, reporting problems to the {@link
 * ParseContext} instead of throwing, and returning a default or null for a value it could not read.
 *
 * <p>JSON null counts as absent. Every string value has its {@code ${env:NAME}} references
 * substituted. The keys a parser asks for are the object's known keys: all others are reported as
 * unknown when the parse finishes, so a parser must ask for each of its keys unconditionally.
 */
final class ConfigNode {
    private final ObjectNode object;
    private final String path;
    private final ParseContext context;
    private final Set<String> knownKeys = new LinkedHashSet<>();

    ConfigNode(ObjectNode object, String path, ParseContext context) {
        this.object = object;
        this.path = path;
        this.context = context;
    }

    /** A string value with its path. */
    record Located(String path, String value) {
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return ConfigPaths.child(path, key);
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /** The keys of this object, in file order; all of them count as known. */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        knownKeys.addAll(keys);
        return keys;
    }

    /**
     * Readers for the entries of this object whose values are objects, by key in file order; other
     * entries are reported and left out. All keys count as known.
     */
    Map<String, ConfigNode> objectEntries() {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (String key : keys()) {
            JsonNode value = object.get(key);
            if (value.isObject()) {
                entries.put(key, context.object(value, pathOf(key)));
            } else {
                context.error(pathOf(key), "must be an object (was " + ErrorText.type(value) + ")");
            }
        }
        return entries;
    }

    /** A string, or null if absent or invalid. Type errors never show the value: it may be secret. */
    String string(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            context.error(pathOf(key), "must be a string (was " + ErrorText.type(value) + ")");
            return null;
        }
        return context.substitute(pathOf(key), value.textValue());
    }

    /** Like {@link #string}, but reports an absent key. */
    String requiredString(String key) {
        if (!has(key)) {
            context.error(pathOf(key), "is required");
            return null;
        }
        return string(key);
    }

    /** An integer in {@code [min, max]}, given as a JSON integer or a string; else {@code def}. */
    int integer(String key, int def, int min, int max) {
        BigInteger number = bigInteger(key);
        if (number == null) {
            return def;
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0
                || number.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            context.error(pathOf(key), "must be " + range + " (was " + number + ")");
            return def;
        }
        return number.intValue();
    }

    /** A boolean, given as JSON true/false or as a string; else {@code def}. */
    boolean bool(String key, boolean def) {
        JsonNode value = value(key);
        if (value == null) {
            return def;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = scalarText(key, value, "must be true or false");
        if (text == null) {
            return def;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            context.error(pathOf(key), "must be true or false (was " + ErrorText.quote(text) + ")");
            return def;
        }
        return Boolean.parseBoolean(text);
    }

    /** One of the names in {@code choices} (ignoring case), mapped to its value; else {@code def}. */
    <E> E choice(String key, Map<String, E> choices, E def) {
        String text = string(key);
        if (text == null) {
            return def;
        }
        E chosen = choices.get(text.toLowerCase(Locale.ROOT));
        if (chosen == null) {
            context.error(pathOf(key), "must be one of " + String.join(", ", choices.keySet())
                    + " (was " + ErrorText.quote(text) + ")");
            return def;
        }
        return chosen;
    }

    /** The object at {@code key}; an absent one reads as empty, so that its defaults apply. */
    ConfigNode object(String key) {
        JsonNode value = value(key);
        return value == null ? context.absentObject(pathOf(key)) : context.object(value, pathOf(key));
    }

    /** A string or an array of strings, or null if absent; elements that cannot be read are left out. */
    List<Located> strings(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        List<Located> strings = new ArrayList<>();
        if (value.isTextual()) {
            addSubstituted(strings, pathOf(key), value);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                String elementPath = ConfigPaths.element(pathOf(key), i);
                if (value.get(i).isTextual()) {
                    addSubstituted(strings, elementPath, value.get(i));
                } else {
                    context.error(elementPath,
                            "must be a string (was " + ErrorText.type(value.get(i)) + ")");
                }
            }
        } else {
            context.error(pathOf(key),
                    "must be a string or an array of strings (was " + ErrorText.type(value) + ")");
        }
        return strings;
    }

    /**
     * A pass-through object of strings, numbers and booleans, as strings in file order; its keys are
     * not checked, and null values are left out. Empty if absent.
     */
    Map<String, String> passThrough(String key) {
        JsonNode value = value(key);
        Map<String, String> properties = new LinkedHashMap<>();
        if (value == null) {
            return properties;
        }
        if (!value.isObject()) {
            context.error(pathOf(key), "must be an object (was " + ErrorText.type(value) + ")");
            return properties;
        }
        value.properties().forEach(entry -> {
            String propertyPath = ConfigPaths.child(pathOf(key), entry.getKey());
            JsonNode property = entry.getValue();
            if (property.isTextual()) {
                String text = context.substitute(propertyPath, property.textValue());
                if (text != null) {
                    properties.put(entry.getKey(), text);
                }
            } else if (property.isNumber() || property.isBoolean()) {
                properties.put(entry.getKey(), property.asText());
            } else if (!property.isNull()) {
                context.error(propertyPath,
                        "must be a string, number or boolean (was " + ErrorText.type(property) + ")");
            }
        });
        return properties;
    }

    /** Reports each key of this object that no parser asked for. */
    void reportUnknownKeys() {
        object.fieldNames().forEachRemaining(key -> {
            if (!knownKeys.contains(key)) {
                context.error(pathOf(key), "unknown key " + Suggestions.hint(key, knownKeys));
            }
        });
    }

    private JsonNode value(String key) {
        knownKeys.add(key);
        JsonNode value = object.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private BigInteger bigInteger(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        String text = scalarText(key, value, "must be an integer");
        if (text == null) {
            return null;
        }
        try {
            return new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            context.error(pathOf(key), "must be an integer (was " + ErrorText.quote(text) + ")");
            return null;
        }
    }

    // Strings stand in for numbers and booleans because ${env:...} can only produce strings.
    private String scalarText(String key, JsonNode value, String expectation) {
        if (!value.isTextual()) {
            context.error(pathOf(key), expectation + " (was " + ErrorText.value(value) + ")");
            return null;
        }
        return context.substitute(pathOf(key), value.textValue());
    }

    private void addSubstituted(List<Located> strings, String elementPath, JsonNode element) {
        String text = context.substitute(elementPath, element.textValue());
        if (text != null) {
            strings.add(new Located(elementPath, text));
        }
    }
}
