package io.cdcflow.writer.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import io.cdcflow.writer.core.ChangeImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The local spill files of one open run: one JSON Lines file of change images per operation, in feed
 * order, so that the writer's heap does not grow with the run. Files are created on the first image
 * of their operation; a missing file reads as empty. Not thread-safe.
 */
public final class RunSpill implements Closeable {
    private final Path directory;
    private final Map<Operation, OutputStream> streams = new EnumMap<>(Operation.class);
    private final Map<Operation, JsonGenerator> generators = new EnumMap<>(Operation.class);
    private final long[] rows = new long[Operation.values().length];

    /** Images consumed one at a time. */
    @FunctionalInterface
    public interface ImageConsumer {
        /** Handles one image. */
        void accept(JsonNode image) throws IOException;
    }

    RunSpill(Path directory) {
        this.directory = directory;
    }

    /** Appends an image to its operation's file. */
    public void append(ChangeImage image) throws IOException {
        JsonGenerator generator = generators.get(image.operation());
        if (generator == null) {
            Files.createDirectories(directory);
            OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file(image.operation())));
            streams.put(image.operation(), stream);
            generator = JsonGenerators.create(stream);
            generators.put(image.operation(), generator);
        }
        Json.MAPPER.writeTree(generator, image.row());
        generator.writeRaw('\n');
        rows[image.operation().ordinal()]++;
    }

    /** Images appended so far for {@code operation}. */
    public long rows(Operation operation) {
        return rows[operation.ordinal()];
    }

    /** Reads the images of {@code operation} back in the order they were appended, one at a time. */
    public void forEachImage(Operation operation, ImageConsumer consumer) throws IOException {
        JsonGenerator generator = generators.get(operation);
        if (generator == null) {
            return;
        }
        generator.flush();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file(operation)));
                MappingIterator<JsonNode> images = Json.MAPPER.readerFor(JsonNode.class).readValues(in)) {
            while (images.hasNextValue()) {
                consumer.accept(images.nextValue());
            }
        }
    }

    /** The run's directory; rendered files may be put below it and go when the spill is deleted. */
    public Path directory() {
        return directory;
    }

    /** Closes the spill files; they stay on disk. */
    @Override
    public void close() throws IOException {
        for (JsonGenerator generator : generators.values()) {
            generator.close();
        }
        for (OutputStream stream : streams.values()) {
            stream.close();
        }
        generators.clear();
        streams.clear();
    }

    /** Closes and removes the run's directory with everything in it. */
    public void delete() throws IOException {
        close();
        SpillStore.deleteRecursively(directory);
    }

    private Path file(Operation operation) {
        return directory.resolve(operation.category() + ".jsonl");
    }
}
