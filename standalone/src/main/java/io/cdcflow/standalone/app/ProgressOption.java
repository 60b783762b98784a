package io.cdcflow.standalone.app;

import io.cdcflow.standalone.core.ProgressView;
import io.cdcflow.standalone.io.RunEventReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.io.Writer;
import picocli.CommandLine.Option;

/**
 * {@code --progress / --no-progress}: progress on stderr, as bars on a terminal and as a line per state
 * change elsewhere. By default shown only when the CLI runs on a terminal, so scripts and schedulers
 * get the JSON on stdout and nothing else.
 */
final class ProgressOption {
    @Option(names = "--progress", negatable = true,
            description = "show state changes on stderr (default: only on a terminal)")
    Boolean progress;

    /**
     * How runs are shown: progress bars on a terminal, lines on {@code err} when {@code --progress}
     * asks for them elsewhere, else nothing.
     */
    RunDisplay display(PrintWriter err) {
        boolean terminal = System.console() != null;
        boolean show = progress != null ? progress : terminal;
        if (!show) {
            return RunDisplay.none();
        }
        return terminal ? RunDisplay.bars(null) : RunDisplay.lines(err);
    }

    /** Whether {@link #display} draws bars (which want the rows expected). */
    boolean bars() {
        return System.console() != null && (progress == null || progress);
    }

    /**
     * The rows each table had in its last extraction, by {@code datasource.table}, from the run
     * events; empty if they cannot be read (the bars then show no total).
     */
    static Map<String, Long> expectedRows(String topic, String bootstrapServers, Map<String, Object> clientProperties) {
        try {
            return ProgressView.expectedRows(RunEventReader.readAll(topic, bootstrapServers, clientProperties,
                    Duration.ofSeconds(30)).events());
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** Where progress lines go: {@code err} when shown, else nowhere. */
    PrintWriter writer(PrintWriter err) {
        boolean show = progress != null ? progress : System.console() != null;
        return show ? err : new PrintWriter(Writer.nullWriter());
    }
}
