package io.cdcflow.common.core;

/** A command message that cannot be executed; it goes to the dead-letter topic. */
public class InvalidCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCommandException(String message) {
        super(message);
    }
}
