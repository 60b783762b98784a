package io.cdcflow.writer.app;

/** Unwinds the writer's thread when it is told to stop in the middle of a step. */
final class WriterStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WriterStoppedException() {
        super("writer stopped", null, false, false);
    }
}
