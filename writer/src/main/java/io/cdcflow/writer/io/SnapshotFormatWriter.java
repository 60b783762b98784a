package io.cdcflow.writer.io;

import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the rows of one snapshot file in one format. A new format plugs in by implementing this
 * interface and being listed in {@link SnapshotFormatWriters}. Implementations are
 * stateless and thread-safe; the {@link SnapshotRowWriter}s they open are not.
 */
public interface SnapshotFormatWriter {

    /** The format written. */
    SnapshotFormat format();

    /** The MIME type of an uncompressed file. */
    String contentType();

    /**
     * Whether files cannot be written without the table's schema ({@link SnapshotLayout#schema()}).
     * Text formats can; typed formats override this.
     */
    default boolean requiresSchema() {
        return false;
    }

    /**
     * Whether the format compresses its content itself (Parquet, Avro), so that its files are never
     * gzip-compressed as a whole, whatever {@code compress_files} says. Text formats do not.
     */
    default boolean compressesInternally() {
        return false;
    }

    /**
     * Starts a file.
     *
     * @param out where the file's bytes go; not closed by the returned writer
     * @param layout the file's schema and column order
     * @return a writer to call {@link SnapshotRowWriter#write} on per row, then {@link SnapshotRowWriter#finish}
     * @throws IOException if writing the file's start fails
     * @throws io.cdcflow.writer.core.UnwritableDataException if the layout cannot be expressed in the format
     */
    SnapshotRowWriter open(OutputStream out, SnapshotLayout layout) throws IOException;
}
