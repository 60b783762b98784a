package io.cdcflow.extractor.core;

/**
 * Any other JDBC database: ANSI double-quoted identifiers, a fetch size with auto-commit off (what
 * most drivers need to stream), and the mapping by JDBC type code.
 */
public final class GenericDialect implements Dialect {
    @Override
    public String quote(String identifier) {
        return Dialect.quoteWith('"', identifier);
    }

    @Override
    public StreamingFetch streamingFetch(int batchSize) {
        return new StreamingFetch(false, batchSize);
    }
}
