package io.cdcflow.standalone.app;

/** A failure the CLI reports as one line on stderr with an exit code, without a stack trace. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for a bad command line or configuration. */
    static final int USAGE = 2;
    /** Exit code for a failed run, a timeout, or an unreachable cluster. */
    static final int FAILED = 1;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
