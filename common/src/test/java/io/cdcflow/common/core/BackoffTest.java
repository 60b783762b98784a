package io.cdcflow.common.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCap() {
        Backoff backoff = new Backoff(10, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(backoff.delayBefore(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayBefore(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayBefore(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayBefore(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayBefore(1_000_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void boundsTheNumberOfRetries() {
        assertThat(Backoff.DEFAULT.allowsRetry(0)).isTrue();
        assertThat(Backoff.DEFAULT.allowsRetry(2)).isTrue();
        assertThat(Backoff.DEFAULT.allowsRetry(3)).isFalse();
        assertThat(new Backoff(0, Duration.ZERO, Duration.ZERO).allowsRetry(0)).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(-1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.DEFAULT.delayBefore(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unboundedBackoffDoublesUpToTheCap() {
        Backoff backoff = new Backoff(Backoff.UNBOUNDED, Duration.ofMillis(500), Duration.ofSeconds(30));

        assertThat(backoff.delayBefore(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delayBefore(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayBefore(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayBefore(10_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.allowsRetry(1_000_000)).isTrue();
    }

    @Test
    void unboundedBackoffRejectsAZeroDelay() {
        assertThatThrownBy(() -> new Backoff(Backoff.UNBOUNDED, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Backoff.UNBOUNDED, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
