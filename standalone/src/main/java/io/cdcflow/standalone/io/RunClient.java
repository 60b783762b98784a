package io.cdcflow.standalone.io;

import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableIds;
import io.cdcflow.common.io.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What Airflow does, for the CLI: sends run commands and follows the run-events topic until each
 * run reaches a terminal state.
 */
public final class RunClient implements AutoCloseable {
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> events;

    public RunClient(Topics topics, String bootstrapServers, Map<String, Object> clientProperties) {
        this.topics = topics;
        Map<String, Object> producerProps = new HashMap<>(clientProperties);
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Properties consumerProps = new Properties();
        consumerProps.putAll(clientProperties);
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.events = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        // Follow from the current end: only events of runs we request now matter.
        List<TopicPartition> partitions = events.partitionsFor(topics.runEvents().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty() || events.partitionsFor(topics.commands().name()).isEmpty()) {
            String missing = partitions.isEmpty() ? topics.runEvents().name() : topics.commands().name();
            close();
            throw new MissingTopicException(missing, bootstrapServers);
        }
        events.assign(partitions);
        events.seekToEnd(partitions);
        partitions.forEach(events::position);
    }

    /**
     * Sends an extract command with a fresh run id ({@code <table>-<uuid>}).
     *
     * @return the run id
     */
    public String trigger(String datasource, String table, String requestedBy) {
        return trigger(datasource, table, table + "-" + UUID.randomUUID(), requestedBy);
    }

    /**
     * Sends an extract command with a given run id.
     *
     * @param runId must match {@link RunCommand#RUN_ID_PATTERN}
     * @return the run id
     */
    public String trigger(String datasource, String table, String runId, String requestedBy) {
        if (!runId.matches(RunCommand.RUN_ID_PATTERN)) {
            throw new IllegalArgumentException("run id \"" + runId + "\" must match " + RunCommand.RUN_ID_PATTERN);
        }
        RunCommand command = RunCommand.extract(datasource, table, runId, Instant.now(), requestedBy);
        try {
            producer.send(new ProducerRecord<>(topics.commands().name(), TableIds.of(datasource, table),
                    command.toJson())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a command", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the command for " + table + ": " + e.getCause(), e);
        }
        return runId;
    }

    /**
     * Follows run events until every run in {@code runIds} has a terminal event or the timeout passes.
     *
     * @param onEvent called for every event of the given runs (progress display)
     * @return the terminal event per run id; runs that timed out are absent
     */
    public Map<String, RunEvent> await(Collection<String> runIds, Duration timeout, Consumer<RunEvent> onEvent) {
        return await(runIds, timeout, onEvent, event -> event.state().terminal());
    }

    /**
     * Follows run events until every run in {@code runIds} has an event matching {@code until}
     * (or a terminal one) or the timeout passes.
     *
     * @return the first matching or terminal event per run id; runs that timed out are absent
     */
    public Map<String, RunEvent> await(Collection<String> runIds, Duration timeout, Consumer<RunEvent> onEvent,
                                       Predicate<RunEvent> until) {
        Set<String> wanted = Set.copyOf(runIds);
        Map<String, RunEvent> terminal = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (terminal.size() < wanted.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : events.poll(Duration.ofMillis(200))) {
                RunEvent event = RunEvent.parse(record.value());
                if (!wanted.contains(event.runId())) {
                    continue;
                }
                onEvent.accept(event);
                if (until.test(event) || event.state().terminal()) {
                    terminal.putIfAbsent(event.runId(), event);
                }
            }
        }
        return terminal;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        events.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
