package io.cdcflow.common.config;

import com.fasterxml.jackson.databind.JsonNode;

/** How values appear in error messages. */
final class ErrorText {
    private ErrorText() {
    }

    /** {@code text} as a JSON string literal, so that quotes and control characters stay visible. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** The JSON type of a value, e.g. "an array"; used where the value itself might be a secret. */
    static String type(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case BINARY -> "binary data";
            case NULL, MISSING -> "null";
        };
    }

    /** A scalar as written in JSON, a container by its type; only for values that are never secret. */
    static String value(JsonNode value) {
        if (value.isTextual()) {
            return quote(value.textValue());
        }
        return value.isValueNode() ? value.toString() : type(value);
    }
}
