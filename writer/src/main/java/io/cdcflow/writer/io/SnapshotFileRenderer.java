package io.cdcflow.writer.io;

import io.cdcflow.common.core.Operation;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Renders a run's three data files (added, modified, deleted; always all three, empty ones included)
 * from its spill files with one format writer, optionally gzip-compressed (never for formats that
 * {@linkplain SnapshotFormatWriter#compressesInternally compress internally}). Streams row by row.
 * Thread-safe; each call works on its own spill.
 */
public final class SnapshotFileRenderer {
    private static final String OUTPUT_DIRECTORY = "out";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final SnapshotFormatWriter formatWriter;
    private final boolean compress;

    /**
     * @param formatWriter the table's format
     * @param compress whether files are gzip-compressed ({@code compress_files}); ignored for formats that
     *     compress internally
     */
    public SnapshotFileRenderer(SnapshotFormatWriter formatWriter, boolean compress) {
        this.formatWriter = formatWriter;
        this.compress = compress && !formatWriter.compressesInternally();
    }

    /** The files' extension without the leading dot: {@code csv}, {@code json.gz}, ... */
    public String extension() {
        return formatWriter.format().extension() + (compress ? ".gz" : "");
    }

    /** The files' MIME type. */
    public String contentType() {
        return compress ? "application/gzip" : formatWriter.contentType();
    }

    /** {@code gzip}, or null when files are not compressed. */
    public String compression() {
        return compress ? "gzip" : null;
    }

    /**
     * Writes the files into the spill's directory, replacing earlier renderings.
     *
     * @return one file per operation, in the order added, modified, deleted
     * @throws IOException if the spill cannot be read or a file cannot be written
     * @throws io.cdcflow.writer.core.UnwritableDataException if the format cannot hold the run's rows
     */
    public List<RenderedFile> render(RunSpill spill, SnapshotRowRenderer rows) throws IOException {
        Path directory = spill.directory().resolve(OUTPUT_DIRECTORY);
        Files.createDirectories(directory);
        List<RenderedFile> files = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            Path path = directory.resolve(operation.category() + "." + extension());
            try (OutputStream out = open(path)) {
                SnapshotRowWriter writer = formatWriter.open(out, rows.layout());
                spill.forEachImage(operation, image -> writer.write(rows.render(operation, image)));
                writer.finish();
            }
            files.add(new RenderedFile(operation, path, spill.rows(operation), Files.size(path)));
        }
        return files;
    }

    /** The format written. */
    SnapshotFormatWriter formatWriter() {
        return formatWriter;
    }

    /** A new file at {@code path}, gzip-compressed when the files are, buffered. */
    OutputStream open(Path path) throws IOException {
        OutputStream file = Files.newOutputStream(path);
        return compress
                ? new GZIPOutputStream(file, BUFFER_BYTES)
                : new BufferedOutputStream(file, BUFFER_BYTES);
    }
}
