package io.cdcflow.writer.core;

/**
 * A run's rows cannot be written in its typed format (Parquet, Avro): a value does not fit its
 * column's type, a row has a column the schema lacks, or the schema clashes with the metadata columns.
 * Retrying cannot help, so the run fails instead of stopping the writer.
 */
public final class UnwritableDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what cannot be written, naming the column */
    public UnwritableDataException(String message) {
        super(message);
    }

    /**
     * @param message what cannot be written, naming the column
     * @param cause the parse or arithmetic failure behind it
     */
    public UnwritableDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
