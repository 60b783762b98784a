package io.cdcflow.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Database connection pool sizing, from {@code global_settings.connection_pool}.
 *
 * @param poolSize connections kept open ({@code pool_size}, default 5)
 * @param maxOverflow connections opened beyond {@code poolSize} under load ({@code max_overflow},
 *     default 10)
 * @param timeout how long to wait for a free connection ({@code timeout} in seconds, default 30)
 */
public record ConnectionPool(int poolSize, int maxOverflow, Duration timeout) {

    /** Checks that the timeout is present. */
    public ConnectionPool {
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The most connections the pool may hold at once. */
    public int maxSize() {
        return poolSize + maxOverflow;
    }
}
