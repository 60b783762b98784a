package io.cdcflow.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Periodic runs, from {@code global_settings.scheduling}.
 *
 * @param enabled whether tables are captured periodically ({@code enabled}, default false)
 * @param interval time between the starts of two runs ({@code interval_seconds}, default 3600)
 * @param maxRetries attempts after a failed run before giving up until the next interval
 *     ({@code max_retries}, default 3)
 * @param retryDelay wait before a retry ({@code retry_delay_seconds}, default 300)
 * @param timeout a run taking longer is abandoned ({@code timeout_seconds}, default 1800)
 */
public record Scheduling(boolean enabled, Duration interval, int maxRetries, Duration retryDelay,
        Duration timeout) {

    /** Checks that the durations are present. */
    public Scheduling {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(timeout, "timeout");
    }
}
