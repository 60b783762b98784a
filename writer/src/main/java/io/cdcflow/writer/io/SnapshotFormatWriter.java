package io.cdcflow.writer.io;

import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the rows of one snapshot file in one format. A new format (Parquet, Avro) plugs in by
 * implementing this interface and being listed in {@link SnapshotFormatWriters}. Implementations are
 * stateless and thread-safe; the {@link SnapshotRowWriter}s they open are not.
 */
public interface SnapshotFormatWriter {

    /** The format written. */
    SnapshotFormat format();

    /** The MIME type of an uncompressed file. */
    String contentType();

    /** Whether files cannot be written without the table's schema ({@link SnapshotLayout#schema()}). */
    boolean requiresSchema();

    /**
     * Starts a file.
     *
     * @param out where the file's bytes go; not closed by the returned writer
     * @param layout the file's schema and column order
     * @return a writer to call {@link SnapshotRowWriter#write} on per row, then {@link SnapshotRowWriter#finish}
     * @throws IOException if writing the file's start fails
     */
    SnapshotRowWriter open(OutputStream out, SnapshotLayout layout) throws IOException;
}
