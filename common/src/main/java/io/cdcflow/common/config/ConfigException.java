package io.cdcflow.common.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a configuration cannot be read or is invalid. It carries every problem found, not just
 * the first, so that a user can fix them all in one go; the message lists them one per line.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    /**
     * @param errors the problems found; at least one
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public ConfigException(List<ConfigError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** The problems, in the order they were found. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String message(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }
}
