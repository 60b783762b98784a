package io.cdcflow.common.config;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${env:NAME}} references in string values by the environment variable's value. */
final class EnvSubstitution {
    private static final String MARKER = "${env:";
    // The closing brace is optional here so that an unterminated reference is reported, not kept.
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([^}]*)(}?)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> environment;

    EnvSubstitution(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Substitutes every reference in {@code text}; values are inserted literally, never substituted
     * again. Reports each bad or unset reference to {@code problems}, naming the variable but never a
     * value, and then returns null.
     */
    String apply(String text, Consumer<String> problems) {
        if (!text.contains(MARKER)) {
            return text;
        }
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        boolean complete = true;
        while (reference.find()) {
            String value = resolve(reference.group(1), !reference.group(2).isEmpty(), problems);
            if (value == null) {
                complete = false;
            } else {
                reference.appendReplacement(result, Matcher.quoteReplacement(value));
            }
        }
        reference.appendTail(result);
        return complete ? result.toString() : null;
    }

    private String resolve(String name, boolean terminated, Consumer<String> problems) {
        if (!terminated) {
            problems.accept("unterminated ${env:...} reference (missing \"}\")");
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            problems.accept("invalid environment variable name " + ErrorText.quote(name));
            return null;
        }
        String value = environment.apply(name);
        if (value == null) {
            problems.accept("environment variable " + ErrorText.quote(name) + " is not set");
        }
        return value;
    }
}
