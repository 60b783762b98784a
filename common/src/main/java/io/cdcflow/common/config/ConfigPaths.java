package io.cdcflow.common.config;

import java.util.regex.Pattern;

/** Builds the JSONPath strings that locate errors, e.g. {@code $.kafka.properties["sasl.mechanism"]}. */
final class ConfigPaths {
    static final String ROOT = "$";

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private ConfigPaths() {
    }

    /** The path of {@code key} inside the object at {@code parent}; odd keys are bracketed. */
    static String child(String parent, String key) {
        return PLAIN_KEY.matcher(key).matches()
                ? parent + "." + key
                : parent + "[" + ErrorText.quote(key) + "]";
    }

    /** The path of the element at {@code index} of the array at {@code parent}. */
    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
