package io.cdcflow.writer.io;

import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.io.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes run events (key {@code datasource.table}) and waits for each to be acknowledged, so that
 * an event is on the topic before the step after it starts. Not thread-safe.
 */
public final class RunEventPublisher implements AutoCloseable {
    private final Producer<String, RunEvent> producer;
    private final Topic<String, RunEvent> topic;

    RunEventPublisher(Producer<String, RunEvent> producer, Topic<String, RunEvent> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * A publisher with its own idempotent producer.
     *
     * @param clientProperties bootstrap servers and client properties (security, ...)
     * @param topic the run-events topic
     */
    public static RunEventPublisher create(Map<String, Object> clientProperties, Topic<String, RunEvent> topic) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cdc-writer-events");
        return new RunEventPublisher(new KafkaProducer<>(properties, topic.keySerde().serializer(),
                topic.valueSerde().serializer()), topic);
    }

    /**
     * Sends an event and waits for the acknowledgement.
     *
     * @throws KafkaException if the event could not be delivered
     * @throws InterruptedException if interrupted while waiting
     */
    public void publish(RunEvent event) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic.name(), TableIds.of(event.datasource(), event.table()), event))
                    .get();
        } catch (ExecutionException e) {
            throw new KafkaException("run event " + event.state().json() + " of run " + event.runId()
                    + " not delivered", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
