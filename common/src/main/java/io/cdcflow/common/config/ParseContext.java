package io.cdcflow.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * State of one parse: the errors found so far, the environment, and every object read, whose
 * unknown keys are reported at the end.
 */
final class ParseContext {
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigNode> objects = new ArrayList<>();
    private final EnvSubstitution substitution;

    ParseContext(Function<String, String> environment) {
        this.substitution = new EnvSubstitution(environment);
    }

    void error(String path, String reason) {
        errors.add(new ConfigError(path, reason));
    }

    /** A mark for {@link #ifNoErrorsSince}. */
    int errorCount() {
        return errors.size();
    }

    /** Builds a value only if no error was found since {@code mark}, else returns null. */
    <T> T ifNoErrorsSince(int mark, Supplier<T> build) {
        return errors.size() == mark ? build.get() : null;
    }

    /** {@code text} with environment references substituted, or null after reporting why not. */
    String substitute(String path, String text) {
        return substitution.apply(text, reason -> error(path, reason));
    }

    /**
     * A reader for the object at {@code path}; a non-object is reported and read as an empty object,
     * so that the caller's defaults apply and no error follows from it.
     */
    ConfigNode object(JsonNode node, String path) {
        ObjectNode object;
        if (node instanceof ObjectNode objectNode) {
            object = objectNode;
        } else {
            error(path, "must be an object (was " + ErrorText.type(node) + ")");
            object = JsonNodeFactory.instance.objectNode();
        }
        ConfigNode reader = new ConfigNode(object, path, this);
        objects.add(reader);
        return reader;
    }

    /** A reader for an object that is absent from the file: every key takes its default. */
    ConfigNode absentObject(String path) {
        return object(JsonNodeFactory.instance.objectNode(), path);
    }

    /** All errors, after reporting the unknown keys of every object read. */
    List<ConfigError> finish() {
        objects.forEach(ConfigNode::reportUnknownKeys);
        return List.copyOf(errors);
    }
}
