package io.cdcflow.writer.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes through to a stream that belongs to someone else and only flushes it on close: the
 * Parquet and Avro writers close their stream when they finish, but {@link SnapshotFormatWriter}s must
 * leave it open. Counts the bytes written, which Parquet needs as its position.
 */
final class NonClosingOutputStream extends FilterOutputStream {
    private long written;

    NonClosingOutputStream(OutputStream out) {
        super(out);
    }

    /** Bytes written through this stream so far. */
    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        written++;
    }

    // FilterOutputStream would write an array one byte at a time.
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        written += length;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
