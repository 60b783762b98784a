package io.cdcflow.writer.app;

import io.cdcflow.common.core.Backoff;
import io.cdcflow.common.io.ObjectStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a step that failed for a reason that can go away (object store or broker unreachable, disk
 * full) until it succeeds or the writer stops, with exponential backoff: a WARN per retry while within
 * the retry budget, an ERROR per retry after it. Other failures (bugs, bad data, object store requests
 * refused for good) propagate at once. Not thread-safe.
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final Backoff backoff;
    private final int warnAttempts;
    private final StopSignal stop;

    /** A step that may fail. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /** A step without a result. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /**
     * @param backoff delays between attempts
     * @param warnAttempts failures logged at WARN before they are logged at ERROR
     * @param stop cuts waiting short
     */
    Retrier(Backoff backoff, int warnAttempts, StopSignal stop) {
        this.backoff = backoff;
        this.warnAttempts = warnAttempts;
        this.stop = stop;
    }

    /**
     * Runs {@code step} until it succeeds.
     *
     * @throws WriterStoppedException if the writer stops first
     * @throws RuntimeException the step's failure if it is not retriable
     */
    <T> T call(String what, Step<T> step) {
        for (int attempt = 1; ; attempt++) {
            if (stop.isStopped()) {
                throw new WriterStoppedException();
            }
            try {
                return step.run();
            } catch (Exception e) {
                if (!retriable(e)) {
                    throw e instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(what + " failed", e);
                }
                Duration delay = backoff.delayBefore(attempt);
                if (attempt <= warnAttempts) {
                    LOG.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt, delay.toMillis(),
                            e.toString());
                } else {
                    LOG.error("{} still failing after {} attempts, retrying in {} ms: {}", what, attempt,
                            delay.toMillis(), e.toString());
                }
                stop.sleep(delay);
            }
        }
    }

    /** Runs {@code action} until it succeeds; see {@link #call}. */
    void run(String what, Action action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Whether a failure can go away by itself: an I/O problem with the broker or the disk, or an object
     * store failure classified as retriable (unreachable, timeout, 5xx, throttling). An object store
     * failure an operator must fix (credentials, permissions, bucket, invalid key: see
     * {@link io.cdcflow.common.core.StoreFailure}) propagates at once.
     */
    static boolean retriable(Throwable failure) {
        if (failure instanceof ObjectStoreException store) {
            return !store.permanent();
        }
        return failure instanceof IOException
                || failure instanceof UncheckedIOException
                || failure instanceof KafkaException;
    }
}
