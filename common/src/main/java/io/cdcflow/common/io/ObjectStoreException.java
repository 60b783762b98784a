package io.cdcflow.common.io;

import io.cdcflow.common.core.StoreFailure;

/**
 * An object store request failed (store unreachable, request refused, local file unreadable).
 * {@link #failure()} says what is known about it and whether retrying can help. An
 * {@link IllegalStateException}, so callers that report any failed request the same way need not know
 * the store.
 */
public final class ObjectStoreException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient StoreFailure failure;
    private final String reason;

    ObjectStoreException(String message, String detail, StoreFailure failure, Throwable cause) {
        super(message + ": " + detail, cause);
        this.failure = failure;
        this.reason = message + ": " + failure.describe() + serverMessage(detail, failure);
    }

    /** What is known about the failure: status, error code, kind. */
    public StoreFailure failure() {
        return failure == null ? StoreFailure.io() : failure;
    }

    /** Whether retrying cannot help: the store refused the request for a reason an operator must fix. */
    public boolean permanent() {
        return !failure().retriable();
    }

    /**
     * A short reason for run events: the request, status and error code, and the store's message; never
     * the secret key (the exception text has it removed).
     */
    public String reason() {
        return reason;
    }

    private static String serverMessage(String detail, StoreFailure failure) {
        return failure.kind() == StoreFailure.Kind.RESPONSE && detail != null && !detail.isBlank() ? " (" + detail + ")"
                : "";
    }
}
