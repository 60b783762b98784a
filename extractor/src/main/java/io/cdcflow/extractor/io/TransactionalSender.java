package io.cdcflow.extractor.io;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extractor's transactional producer: opens a transaction on the first send, commits it
 * together with the command offset, and recovers from failed transactions. Used by one thread at a
 * time (the run worker).
 *
 * <p>Creating it calls {@code initTransactions()}, which aborts any transaction the previous
 * producer with the same {@code transactional.id} left open (a crashed predecessor), at once rather
 * than after the transaction timeout.
 */
public final class TransactionalSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalSender.class);

    private final Supplier<Producer<byte[], byte[]>> factory;
    private Producer<byte[], byte[]> producer;
    private boolean inTransaction;

    /**
     * @param factory makes a new transactional producer (called again when one must be replaced)
     * @throws KafkaException if the producer cannot initialise its transactions
     */
    public TransactionalSender(Supplier<Producer<byte[], byte[]>> factory) {
        this.factory = factory;
        this.producer = initialised(factory.get());
    }

    /** The partition count of {@code topic}, from the producer's metadata. */
    public int partitions(String topic) {
        return producer.partitionsFor(topic).size();
    }

    /** Sends a record inside the current transaction, beginning one if none is open. */
    public void send(String topic, Integer partition, byte[] key, byte[] value, Header... headers) {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
        producer.send(new ProducerRecord<>(topic, partition, key, value, List.of(headers)));
    }

    /** Commits the current transaction (if one is open); after a failure, call {@link #abort()}. */
    public void commit() {
        if (inTransaction) {
            producer.commitTransaction();
            inTransaction = false;
        }
    }

    /** Commits the current transaction together with the command's offset. */
    public void commit(CommandOffset offset) {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
        producer.sendOffsetsToTransaction(offset.next(), offset.groupMetadata().get());
        commit();
    }

    /**
     * Aborts the open transaction, if any. If the producer cannot abort (a fatal error), it is
     * replaced by a new one, whose initialisation aborts the transaction instead.
     *
     * @throws ProducerFencedException if another producer took over this transactional id
     */
    public void abort() {
        if (!inTransaction) {
            return;
        }
        inTransaction = false;
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Could not abort the transaction ({}); replacing the producer", e.toString());
            replace();
        }
    }

    /** Closes the producer; an open transaction is aborted by the broker or by the next instance. */
    @Override
    public void close() {
        producer.close();
    }

    private void replace() {
        try {
            producer.close(Duration.ZERO);
        } catch (KafkaException e) {
            LOG.debug("Closing the failed producer failed", e);
        }
        producer = initialised(factory.get());
    }

    private static Producer<byte[], byte[]> initialised(Producer<byte[], byte[]> producer) {
        try {
            producer.initTransactions();
            return producer;
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }
}
