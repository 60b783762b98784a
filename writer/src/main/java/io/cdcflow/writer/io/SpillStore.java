package io.cdcflow.writer.io;

import io.cdcflow.writer.core.RunKey;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The writer's local spill area, {@code <data_dir>/writer-spill}: one directory per feed partition,
 * below it one per open run ({@code p-<partition>/<datasource>/<table>/<run id>}). Spill files are
 * only a cache of feed messages after the committed offset, so whatever is left after a crash or a
 * lost partition is deleted and rebuilt by re-consuming the feed.
 */
public final class SpillStore {
    /** The spill area's directory name under the data directory. */
    public static final String DIRECTORY = "writer-spill";

    private final Path root;

    /** @param root the spill area's directory; created when needed */
    public SpillStore(Path root) {
        this.root = root;
    }

    /** The spill area under a data directory. */
    public static SpillStore under(Path dataDir) {
        return new SpillStore(dataDir.resolve(DIRECTORY));
    }

    /** Starts an empty spill for a run, removing any left from an earlier attempt. */
    public RunSpill create(int feedPartition, RunKey run) throws IOException {
        Path directory = partitionDirectory(feedPartition)
                .resolve(segment(run.datasource()))
                .resolve(segment(run.table()))
                .resolve(segment(run.runId()));
        deleteRecursively(directory);
        return new RunSpill(directory);
    }

    /** Removes the spill files of every run of a feed partition. */
    public void clearPartition(int feedPartition) throws IOException {
        deleteRecursively(partitionDirectory(feedPartition));
    }

    /** Removes the whole spill area. */
    public void clearAll() throws IOException {
        deleteRecursively(root);
    }

    public Path root() {
        return root;
    }

    private Path partitionDirectory(int feedPartition) {
        return root.resolve("p-" + feedPartition);
    }

    // Names come from the feed; encoding keeps "/" or ".." in them from leaving the spill area.
    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace(".", "%2E");
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
