package io.cdcflow.extractor.io;

/** A chunk task of the run's attempt failed on some extractor instance; its reason is secret-free. */
final class ChunkTaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retriable;

    ChunkTaskFailedException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    /** Whether a new attempt of the run may succeed (a database failure that may pass, a schema change). */
    boolean retriable() {
        return retriable;
    }
}
