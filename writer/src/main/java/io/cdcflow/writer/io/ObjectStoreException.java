package io.cdcflow.writer.io;

/** An object store request failed (store unreachable, request refused, local file unreadable). */
public final class ObjectStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ObjectStoreException(String message, Throwable cause) {
        super(message + ": " + cause, cause);
    }
}
