package io.cdcflow.extractor.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cancellation signal for one run, raised by another thread (shutdown, partition revoked). The run
 * checks it between rows; blocking work registers an action that interrupts it (e.g. cancelling a
 * JDBC statement). Thread-safe.
 */
public final class Cancellation {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Runnable> actions = new ArrayList<>();

    /** Raises the signal and runs the registered actions (each at most once). */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (actions) {
            if (isCancelled()) {
                return;
            }
            cancelled.countDown();
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Throws {@link CancelledException} if cancelled. */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /**
     * Registers an action to run on cancellation, or runs it now if already cancelled.
     *
     * @return a handle that unregisters the action
     */
    public Registration onCancel(Runnable action) {
        synchronized (actions) {
            if (!isCancelled()) {
                actions.add(action);
                return () -> {
                    synchronized (actions) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /**
     * Waits for {@code delay} unless cancelled first.
     *
     * @throws CancelledException if cancelled before or during the wait
     */
    public void sleep(Duration delay) {
        try {
            if (cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CancelledException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** Unregisters a cancellation action. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Thrown where a cancelled run stops. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("run cancelled", null, false, false);
        }
    }
}
