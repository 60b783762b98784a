package io.cdcflow.extractor.core;

/**
 * The source table cannot be extracted as configured: it does not exist, it has no primary key and
 * none is configured, or a configured column does not exist. Permanent: retrying does not help.
 */
public final class SourceSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceSchemaException(String message) {
        super(message);
    }
}
