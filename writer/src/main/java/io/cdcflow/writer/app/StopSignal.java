package io.cdcflow.writer.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the writer's thread to stop, and lets it wait in a way that a stop cuts short. Thread-safe. */
final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    void stop() {
        stopped.countDown();
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits for {@code delay} unless a stop comes first.
     *
     * @throws WriterStoppedException if a stop came (before or during the wait), or the thread was interrupted
     */
    void sleep(Duration delay) {
        try {
            if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WriterStoppedException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriterStoppedException();
        }
    }
}
