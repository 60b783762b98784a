package io.cdcflow.extractor.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands items from one producing thread (the table reader) to one consuming thread (the publisher)
 * in chunks, so the two overlap while memory stays bounded: at most {@code capacity} full chunks
 * wait, each closed at {@code chunkItems} items or {@code chunkBytes} bytes. The producer blocks
 * while the queue is full; a producer failure is rethrown to the consumer, and a consumer that gives
 * up releases a blocked producer.
 *
 * @param <T> the item type
 */
public final class RowHandoff<T> {
    private static final Duration WAIT_STEP = Duration.ofMillis(100);

    private final BlockingQueue<Chunk<T>> queue;
    private final int chunkItems;
    private final long chunkBytes;
    private volatile boolean abandoned;
    private List<T> filling;
    private long fillingBytes;

    /** What the producer failed with; rethrown by {@link #take()}. */
    public static final class ProducerFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProducerFailedException(Throwable cause) {
            super("the producing thread failed: " + cause, cause);
        }
    }

    private record Chunk<T>(List<T> items, Throwable failure) {
        boolean isEnd() {
            return items == null;
        }
    }

    /**
     * @param capacity full chunks that may wait for the consumer
     * @param chunkItems items per chunk
     * @param chunkBytes bytes (as the producer estimates them) after which a chunk is closed early
     */
    public RowHandoff(int capacity, int chunkItems, long chunkBytes) {
        if (capacity < 1 || chunkItems < 1 || chunkBytes < 1) {
            throw new IllegalArgumentException("capacity, chunk items and chunk bytes must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.chunkItems = chunkItems;
        this.chunkBytes = chunkBytes;
        this.filling = new ArrayList<>(chunkItems);
    }

    /**
     * Producer: adds an item, blocking while the queue is full.
     *
     * @param bytes the item's approximate size
     * @throws Cancellation.CancelledException if the consumer abandoned the hand-off
     */
    public void put(T item, long bytes) {
        filling.add(item);
        fillingBytes += bytes;
        if (filling.size() >= chunkItems || fillingBytes >= chunkBytes) {
            enqueue(new Chunk<>(filling, null));
            filling = new ArrayList<>(chunkItems);
            fillingBytes = 0;
        }
    }

    /** Producer: every item was put. */
    public void finish() {
        if (!filling.isEmpty()) {
            enqueue(new Chunk<>(filling, null));
        }
        enqueue(new Chunk<>(null, null));
    }

    /** Producer: ends the stream with a failure that {@link #take()} rethrows. Never blocks forever. */
    public void fail(Throwable failure) {
        // Chunks still waiting are moot; clearing them makes room, as only this thread adds.
        queue.clear();
        queue.offer(new Chunk<>(null, failure));
    }

    /**
     * Consumer: the next chunk, in order, or null once the producer finished.
     *
     * @throws ProducerFailedException if the producer failed
     * @throws Cancellation.CancelledException if interrupted
     */
    public List<T> take() {
        Chunk<T> chunk;
        try {
            chunk = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        }
        if (chunk.failure() != null) {
            throw new ProducerFailedException(chunk.failure());
        }
        return chunk.items();
    }

    /** Consumer: stops taking; a producer blocked in {@link #put} or {@link #finish} is released. */
    public void abandon() {
        abandoned = true;
        queue.clear();
    }

    private void enqueue(Chunk<T> chunk) {
        try {
            while (!queue.offer(chunk, WAIT_STEP.toMillis(), TimeUnit.MILLISECONDS)) {
                if (abandoned) {
                    throw new Cancellation.CancelledException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        }
        if (abandoned) {
            throw new Cancellation.CancelledException();
        }
    }
}
