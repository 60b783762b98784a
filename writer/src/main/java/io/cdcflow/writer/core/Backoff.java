package io.cdcflow.writer.core;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial}, doubled per attempt, capped at {@code max}.
 *
 * @param initial delay after the first failed attempt
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** The delay after failed attempt number {@code attempt} (1 for the first failure). */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are counted from 1");
        }
        int doublings = Math.min(attempt - 1, 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
