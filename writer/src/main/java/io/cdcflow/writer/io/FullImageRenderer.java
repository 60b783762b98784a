package io.cdcflow.writer.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import io.cdcflow.writer.core.FullImageEntry;
import io.cdcflow.writer.core.FullImageMerge;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Renders a table's full image after a run ({@code full_image}) in bounded memory: the run's changes
 * are read from its spill and sorted by primary key with an external merge sort (sorted chunks of at
 * most {@code chunkBytes} on local disk, merged at most {@value #MAX_FAN_IN} at a time), then merged in
 * one pass with the previous image, a gzipped state file in key order ({@link FullImageEntry} lines).
 * The pass writes the new state file and the full image file in the run's format. Should a key have
 * several changes in a run, the last one (added, then modified, then deleted, each in feed order) wins.
 * Output is deterministic: the same inputs give the same bytes. Not thread-safe.
 */
public final class FullImageRenderer {
    /** Default bound of the changes held in memory while sorting, in (estimated) bytes. */
    public static final int DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;
    static final int MAX_FAN_IN = 64;
    private static final String DIRECTORY = "full";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final SnapshotFileRenderer files;
    private final int chunkBytes;

    /**
     * @param files the format and compression of the run's files
     * @param chunkBytes how much of the run's changes is sorted in memory at a time
     */
    public FullImageRenderer(SnapshotFileRenderer files, int chunkBytes) {
        this.files = files;
        this.chunkBytes = chunkBytes;
    }

    /**
     * The rendered image.
     *
     * @param path the full image file, in the run's format
     * @param rows rows in it
     * @param bytes its size
     * @param state the new state file (gzipped entries in key order), to be stored for the next run
     */
    public record Result(Path path, long rows, long bytes, Path state) {
    }

    /**
     * Renders into the spill's directory.
     *
     * @param spill the run's changes
     * @param previousState the previous image's state file, or null for the table's first image
     * @param rows renders the file rows; must have the run's schema
     * @param primaryKey the table's key columns
     * @param runStartedMs the run's start, the observation time of its changes
     * @throws io.cdcflow.writer.core.UnwritableDataException if a change lacks a key value or a row does
     *     not fit the format
     */
    public Result render(RunSpill spill, Path previousState, SnapshotRowRenderer rows, List<String> primaryKey,
            long runStartedMs) throws IOException {
        Path directory = spill.directory().resolve(DIRECTORY);
        SpillStore.deleteRecursively(directory);
        Files.createDirectories(directory);
        List<Path> chunks = sortedChunks(spill, primaryKey, runStartedMs, directory);
        int generation = 0;
        while (chunks.size() > MAX_FAN_IN) {
            List<Path> merged = new ArrayList<>();
            for (int from = 0; from < chunks.size(); from += MAX_FAN_IN) {
                List<Path> group = chunks.subList(from, Math.min(from + MAX_FAN_IN, chunks.size()));
                Path out = directory.resolve("merge-" + generation + "-" + merged.size() + ".jsonl");
                mergeInto(group, out);
                for (Path chunk : group) {
                    Files.delete(chunk);
                }
                merged.add(out);
            }
            chunks = merged;
            generation++;
        }
        Path file = directory.resolve("image." + files.extension());
        Path state = directory.resolve("state.jsonl.gz");
        long count;
        try (ChunkMerger changes = new ChunkMerger(chunks);
                EntryReader previous = previousState == null ? null : StateReader.open(previousState);
                OutputStream fileOut = files.open(file);
                EntryWriter stateOut = new EntryWriter(gzip(state))) {
            SnapshotRowWriter writer = files.formatWriter().open(fileOut, rows.layout());
            FullImageMerge.Source base = previous == null ? () -> null : previous::next;
            count = FullImageMerge.merge(base, lastPerKey(changes), entry -> {
                stateOut.write(entry);
                writer.write(rows.renderFullImageRow(entry));
            });
            writer.finish();
        }
        for (Path chunk : chunks) {
            Files.delete(chunk);
        }
        return new Result(file, count, Files.size(file), state);
    }

    /** Reads the spill and writes it as chunks, each sorted by key and, within a key, in feed order. */
    private List<Path> sortedChunks(RunSpill spill, List<String> primaryKey, long runStartedMs, Path directory)
            throws IOException {
        List<Path> chunks = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        long[] held = {0};
        for (Operation operation : Operation.values()) {
            spill.forEachImage(operation, image -> {
                FullImageEntry entry = new FullImageEntry(FullImageEntry.keyOf(image, primaryKey), operation,
                        runStartedMs, image);
                byte[] line = Json.MAPPER.writeValueAsBytes(entry.toJson());
                pending.add(new Pending(entry.key(), line));
                held[0] += line.length + 2L * entry.key().length() + 64;
                if (held[0] >= chunkBytes) {
                    chunks.add(writeChunk(pending, directory.resolve("chunk-" + chunks.size() + ".jsonl")));
                    pending.clear();
                    held[0] = 0;
                }
            });
        }
        if (!pending.isEmpty()) {
            chunks.add(writeChunk(pending, directory.resolve("chunk-" + chunks.size() + ".jsonl")));
        }
        return chunks;
    }

    private record Pending(String key, byte[] line) {
    }

    private static Path writeChunk(List<Pending> pending, Path file) throws IOException {
        // List.sort is stable: changes of one key stay in feed order
        pending.sort(Comparator.comparing(Pending::key, FullImageEntry.KEY_ORDER));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES)) {
            for (Pending entry : pending) {
                out.write(entry.line());
                out.write('\n');
            }
        }
        return file;
    }

    private static void mergeInto(List<Path> chunks, Path out) throws IOException {
        try (ChunkMerger merger = new ChunkMerger(chunks);
                EntryWriter writer = new EntryWriter(new BufferedOutputStream(Files.newOutputStream(out), BUFFER_BYTES))) {
            for (FullImageEntry entry = merger.next(); entry != null; entry = merger.next()) {
                writer.write(entry);
            }
        }
    }

    /** The merged changes with only the last change of each key. */
    private static FullImageMerge.Source lastPerKey(ChunkMerger merger) throws IOException {
        FullImageEntry[] lookahead = {merger.next()};
        return () -> {
            FullImageEntry last = lookahead[0];
            if (last == null) {
                return null;
            }
            FullImageEntry next = merger.next();
            while (next != null && next.key().equals(last.key())) {
                last = next;
                next = merger.next();
            }
            lookahead[0] = next;
            return last;
        };
    }

    private static InputStream gunzip(Path file) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES), BUFFER_BYTES);
    }

    private static OutputStream gzip(Path file) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES);
        return new GZIPOutputStream(out, BUFFER_BYTES) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** Merges chunk files by key; equal keys come in chunk order, so feed order is kept. */
    private static final class ChunkMerger implements Closeable {
        private final List<EntryReader> readers = new ArrayList<>();
        private final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator
                .comparing((Head head) -> head.entry().key(), FullImageEntry.KEY_ORDER)
                .thenComparingInt(Head::chunk));

        private record Head(FullImageEntry entry, int chunk) {
        }

        ChunkMerger(List<Path> chunks) throws IOException {
            try {
                for (Path chunk : chunks) {
                    EntryReader reader = new EntryReader(new BufferedInputStream(Files.newInputStream(chunk), BUFFER_BYTES));
                    readers.add(reader);
                    FullImageEntry first = reader.next();
                    if (first != null) {
                        heads.add(new Head(first, readers.size() - 1));
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        FullImageEntry next() throws IOException {
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            FullImageEntry following = readers.get(head.chunk()).next();
            if (following != null) {
                heads.add(new Head(following, head.chunk()));
            }
            return head.entry();
        }

        @Override
        public void close() throws IOException {
            for (EntryReader reader : readers) {
                reader.close();
            }
        }
    }

    /**
     * Reads the previous state. It was downloaded whole, so a malformed one (bad gzip, truncated, not
     * JSON) stays malformed: that fails the run instead of being retried as an I/O problem.
     */
    private static final class StateReader extends EntryReader {
        StateReader(InputStream in) throws IOException {
            super(in);
        }

        static StateReader open(Path file) throws IOException {
            try {
                return new StateReader(gunzip(file));
            } catch (ZipException | EOFException e) {
                throw new IllegalStateException("the previous full image state is malformed: " + e.getMessage(), e);
            }
        }

        @Override
        FullImageEntry next() throws IOException {
            try {
                return super.next();
            } catch (ZipException | EOFException
                    | JsonProcessingException e) {
                throw new IllegalStateException("the previous full image state is malformed: " + e.getMessage(), e);
            }
        }
    }

    /** Reads entries, one JSON object per line. */
    private static class EntryReader implements Closeable {
        private final InputStream in;
        private final MappingIterator<JsonNode> lines;

        EntryReader(InputStream in) throws IOException {
            this.in = in;
            MappingIterator<JsonNode> values;
            try {
                values = Json.MAPPER.readerFor(JsonNode.class).readValues(in);
            } catch (ZipException | JsonProcessingException e) {
                in.close();
                throw new IllegalStateException("the previous full image state is malformed: " + e.getMessage(), e);
            }
            this.lines = values;
        }

        FullImageEntry next() throws IOException {
            return lines.hasNextValue() ? FullImageEntry.parse(lines.nextValue()) : null;
        }

        @Override
        public void close() throws IOException {
            lines.close();
            in.close();
        }
    }

    /** Writes entries, one JSON object per line. */
    private static final class EntryWriter implements Closeable {
        private final OutputStream out;
        private final JsonGenerator generator;

        EntryWriter(OutputStream out) throws IOException {
            this.out = out;
            this.generator = JsonGenerators.create(out);
        }

        void write(FullImageEntry entry) throws IOException {
            Json.MAPPER.writeTree(generator, entry.toJson());
            generator.writeRaw('\n');
        }

        @Override
        public void close() throws IOException {
            generator.close();
            out.close();
        }
    }
}
