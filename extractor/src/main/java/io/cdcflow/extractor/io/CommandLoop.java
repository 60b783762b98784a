package io.cdcflow.extractor.io;

import io.cdcflow.common.core.Backoff;
import io.cdcflow.extractor.core.Cancellation;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the commands topic and hands one command at a time to a worker thread. While a run is
 * in progress, every assigned partition is paused and this loop keeps calling {@code poll()}, so
 * the consumer stays in its group however long the run takes.
 *
 * <p>The command's offset commits in the run's last transaction. If a run's partition is revoked,
 * the run is cancelled (its open transaction aborted; the new owner runs the command again). If a
 * run fails on Kafka, the consumer seeks back to the command and retries it after a backoff. A
 * fenced producer (another instance with the same instance id) or an authorization failure stops
 * the loop.
 *
 * <p>{@link #run()} runs on one thread; {@link #stop()} may be called from any thread.
 */
public final class CommandLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);
    private static final Backoff KAFKA_BACKOFF = new Backoff(Backoff.UNBOUNDED, Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final CommandHandler handler;
    private final ExecutorService worker;
    private final AtomicReference<ConsumerGroupMetadata> groupMetadata = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Cancellation> runningCancellation = new AtomicReference<>();
    private InFlight current;
    private int kafkaFailures;

    /** A command being handled by the worker. */
    private record InFlight(ConsumerRecord<byte[], byte[]> record, TopicPartition partition,
                            Cancellation cancellation, Future<?> future) {
    }

    /**
     * @param consumer the commands consumer (owned: closed when the loop ends)
     * @param topic the commands topic
     * @param handler handles each command on the worker thread
     * @param workerName name of the worker thread
     */
    public CommandLoop(Consumer<byte[], byte[]> consumer, String topic, CommandHandler handler, String workerName) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, workerName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Polls and dispatches commands until {@link #stop()}.
     *
     * @throws KafkaException on a fatal Kafka error (fenced producer, authorization)
     */
    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!isStopping()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                groupMetadata.set(consumer.groupMetadata());
                dispatch(records);
                if (current != null && current.future().isDone()) {
                    complete();
                }
            }
        } catch (WakeupException e) {
            if (!isStopping()) {
                throw e;
            }
        } finally {
            cancelCurrent();
            worker.shutdownNow();
            consumer.close();
        }
    }

    /** Asks the loop to stop: cancels the running command (aborting its transaction) and wakes the consumer. */
    public void stop() {
        stopped.countDown();
        Cancellation cancellation = runningCancellation.get();
        if (cancellation != null) {
            cancellation.cancel();
        }
        consumer.wakeup();
    }

    private boolean isStopping() {
        return stopped.getCount() == 0;
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        Set<TopicPartition> deferred = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (current == null && !deferred.contains(partition)) {
                start(record, partition);
            } else if (deferred.add(partition)) {
                consumer.seek(partition, record.offset());
            }
        }
        if (current != null) {
            // Also pauses partitions assigned while the run goes on.
            consumer.pause(consumer.assignment());
        }
    }

    private void start(ConsumerRecord<byte[], byte[]> record, TopicPartition partition) {
        Cancellation cancellation = new Cancellation();
        CommandOffset offset = new CommandOffset(partition, record.offset(), groupMetadata::get);
        runningCancellation.set(cancellation);
        Future<?> future = worker.submit(() -> handler.handle(record, offset, cancellation));
        current = new InFlight(record, partition, cancellation, future);
    }

    private void complete() {
        InFlight done = current;
        current = null;
        runningCancellation.set(null);
        try {
            done.future().get();
            kafkaFailures = 0;
        } catch (ExecutionException e) {
            handleFailure(done, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        consumer.resume(consumer.paused());
    }

    private void handleFailure(InFlight done, Throwable failure) {
        if (failure instanceof ProducerFencedException) {
            throw new KafkaException("another extractor instance uses the same transactional id; give each"
                    + " instance its own CDC_INSTANCE_ID", failure);
        }
        if (failure instanceof AuthorizationException || failure instanceof AuthenticationException) {
            throw (KafkaException) failure;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        consumer.seek(done.partition(), done.record().offset());
        if (failure instanceof Cancellation.CancelledException) {
            return;
        }
        kafkaFailures++;
        Duration delay = KAFKA_BACKOFF.delayBefore(kafkaFailures);
        LOG.warn("Command {}-{}@{} failed ({}); it is read again in {}", done.partition().topic(),
                done.partition().partition(), done.record().offset(), failure.toString(), delay);
        try {
            stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void cancelCurrent() {
        InFlight running = current;
        if (running == null) {
            return;
        }
        current = null;
        runningCancellation.set(null);
        running.cancellation().cancel();
        try {
            running.future().get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.debug("Cancelled command ended with {}", e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("Cancelled command did not stop within {}; its transaction aborts on the broker's timeout",
                    CANCEL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels the run of a partition this consumer no longer owns. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (current != null && partitions.contains(current.partition())) {
                LOG.info("Partition {} revoked during a run; cancelling it for the new owner", current.partition());
                cancelCurrent();
                consumer.resume(consumer.paused());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (current != null) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
