package io.cdcflow.standalone.app;

import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine.Option;

/**
 * {@code --progress / --no-progress}: state changes as lines on stderr. By default shown only when
 * the CLI runs on a terminal, so scripts and schedulers get the JSON on stdout and nothing else.
 */
final class ProgressOption {
    @Option(names = "--progress", negatable = true,
            description = "show state changes on stderr (default: only on a terminal)")
    Boolean progress;

    /** Where progress lines go: {@code err} when shown, else nowhere. */
    PrintWriter writer(PrintWriter err) {
        boolean show = progress != null ? progress : System.console() != null;
        return show ? err : new PrintWriter(Writer.nullWriter());
    }
}
