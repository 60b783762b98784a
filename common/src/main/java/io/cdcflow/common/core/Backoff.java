package io.cdcflow.common.core;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial}, doubled per retry, capped at {@code max}, for at most
 * {@code maxRetries} retries ({@link #UNBOUNDED} for services that must keep trying).
 *
 * @param maxRetries retries after the first try (0: no retry)
 * @param initial delay before the first retry
 * @param max largest delay
 */
public record Backoff(int maxRetries, Duration initial, Duration max) {
    /** {@code maxRetries} of a backoff that retries for as long as it takes. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Three retries after 1, 2 and 4 seconds. */
    public static final Backoff DEFAULT = new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        if (maxRetries < 0 || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need maxRetries >= 0 and 0 <= initial <= max");
        }
        if (maxRetries == UNBOUNDED && initial.isZero()) {
            throw new IllegalArgumentException("unbounded retries need a positive initial delay");
        }
    }

    /** Whether another retry is allowed after {@code retriesDone} retries. */
    public boolean allowsRetry(int retriesDone) {
        return retriesDone < maxRetries;
    }

    /** The delay before retry number {@code retry} (1 for the first retry). */
    public Duration delayBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1");
        }
        Duration delay = initial;
        for (int i = 1; i < retry && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
