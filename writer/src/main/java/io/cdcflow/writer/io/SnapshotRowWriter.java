package io.cdcflow.writer.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Writes the rows of one open snapshot file, streaming: no row is kept after it is written. */
public interface SnapshotRowWriter {

    /**
     * Appends a row rendered by {@link io.cdcflow.writer.core.SnapshotRowRenderer}.
     *
     * @throws io.cdcflow.writer.core.UnwritableDataException if a typed format cannot hold a value of the row
     */
    void write(ObjectNode row) throws IOException;

    /** Ends the file and flushes it to the stream, which stays open. */
    void finish() throws IOException;
}
