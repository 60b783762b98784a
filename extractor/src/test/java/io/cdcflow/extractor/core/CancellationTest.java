package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {
    @Test
    void runsRegisteredActionsOnceOnCancel() {
        Cancellation cancellation = new Cancellation();
        AtomicInteger runs = new AtomicInteger();
        cancellation.onCancel(runs::incrementAndGet);
        Cancellation.Registration removed = cancellation.onCancel(() -> runs.addAndGet(100));
        removed.close();

        cancellation.cancel();
        cancellation.cancel();

        assertThat(runs).hasValue(1);
        assertThat(cancellation.isCancelled()).isTrue();
        assertThatThrownBy(cancellation::throwIfCancelled).isInstanceOf(Cancellation.CancelledException.class);
    }

    @Test
    void actionsRegisteredAfterCancellingRunAtOnce() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        AtomicInteger runs = new AtomicInteger();

        cancellation.onCancel(runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void sleepEndsEarlyOnCancel() {
        Cancellation cancellation = new Cancellation();
        new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancellation.cancel();
        }).start();
        long started = System.nanoTime();

        assertThatThrownBy(() -> cancellation.sleep(Duration.ofSeconds(30)))
                .isInstanceOf(Cancellation.CancelledException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        new Cancellation().sleep(Duration.ofMillis(1));
    }
}
