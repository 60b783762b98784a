package io.cdcflow.differ.io;

/**
 * A schema registry request that failed. {@link #retriable()} tells a failure that may pass (the
 * registry unreachable, timing out, overloaded or failing inside: HTTP 5xx, 408, 429) from one that
 * will not (an incompatible or invalid schema, bad credentials: other 4xx).
 */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;
    private final int status;
    private final int errorCode;

    /**
     * @param status the HTTP status, or -1 when no response came
     * @param errorCode the registry's {@code error_code}, or -1 when the response had none
     */
    SchemaRegistryException(String message, boolean retriable, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Whether retrying the request may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** The HTTP status, or -1 when no response came. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 409 incompatible, 42201 invalid schema), or -1. */
    public int errorCode() {
        return errorCode;
    }
}
