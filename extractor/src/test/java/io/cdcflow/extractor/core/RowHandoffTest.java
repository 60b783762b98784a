package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RowHandoffTest {

    @Test
    void deliversEveryItemInOrderAcrossThreads() throws Exception {
        RowHandoff<Integer> handoff = new RowHandoff<>(2, 7, Long.MAX_VALUE);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 1_000; i++) {
                handoff.put(i, 1);
            }
            handoff.finish();
        });
        List<Integer> received = new ArrayList<>();
        for (List<Integer> chunk = handoff.take(); chunk != null; chunk = handoff.take()) {
            assertThat(chunk.size()).isLessThanOrEqualTo(7);
            received.addAll(chunk);
        }
        producer.get();
        assertThat(received).hasSize(1_000).isSorted();
    }

    @Test
    void closesChunksEarlyByBytes() {
        RowHandoff<String> handoff = new RowHandoff<>(10, 100, 10);
        handoff.put("a", 6);
        handoff.put("b", 6);
        handoff.put("c", 1);
        handoff.finish();

        assertThat(handoff.take()).containsExactly("a", "b");
        assertThat(handoff.take()).containsExactly("c");
        assertThat(handoff.take()).isNull();
    }

    @Test
    void blocksTheProducerWhileFull() throws Exception {
        RowHandoff<Integer> handoff = new RowHandoff<>(1, 1, Long.MAX_VALUE);
        handoff.put(1, 1);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> handoff.put(2, 1));
        Thread.sleep(300);
        assertThat(second).isNotDone();

        assertThat(handoff.take()).containsExactly(1);
        second.get();
        assertThat(handoff.take()).containsExactly(2);
    }

    @Test
    void rethrowsTheProducersFailure() {
        RowHandoff<Integer> handoff = new RowHandoff<>(1, 1, Long.MAX_VALUE);
        handoff.put(1, 1);
        SQLException failure = new SQLException("connection lost", "08006");
        handoff.fail(failure);

        assertThatThrownBy(handoff::take).isInstanceOf(RowHandoff.ProducerFailedException.class).hasCause(failure);
    }

    @Test
    void abandoningReleasesABlockedProducer() throws Exception {
        RowHandoff<Integer> handoff = new RowHandoff<>(1, 1, Long.MAX_VALUE);
        handoff.put(1, 1);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> handoff.put(2, 1));
        Thread.sleep(200);

        handoff.abandon();

        assertThatThrownBy(blocked::get).hasCauseInstanceOf(Cancellation.CancelledException.class);
        assertThatThrownBy(() -> handoff.put(3, 1)).isInstanceOf(Cancellation.CancelledException.class);
    }
}
