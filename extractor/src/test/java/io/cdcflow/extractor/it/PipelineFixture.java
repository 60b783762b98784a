package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Topics of one test (own prefix), command sending and reading of what the extractor published. */
final class PipelineFixture {
    /** Partitions of the data topics, as {@link io.cdcflow.extractor.TestConfigs} configures them. */
    static final int PARTITIONS = 3;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
    private final Topics topics = new Topics(new TopicNames(prefix));

    String prefix() {
        return prefix;
    }

    Topics topics() {
        return topics;
    }

    /** Creates the pipeline's topics as the service's main does (the prefix must be {@link #prefix()}). */
    void createTopics(CdcConfig config) {
        assertThat(ExtractorService.ensureTopics(config, TestKafka.bootstrapServers(), Map.of()))
                .contains(topics.rows().name(), topics.commands().name(), topics.commandsDeadLetter().name());
    }

    void sendCommand(String key, RunCommand command) {
        send(key, command.toJson());
    }

    void send(String key, byte[] value, RecordHeader... headers) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.producerProps())) {
            producer.send(new ProducerRecord<>(topics.commands().name(), null,
                    key == null ? null : topics.commands().key(key), value, List.of(headers))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The committed run events, oldest first. */
    List<ConsumerRecord<byte[], byte[]>> runEventRecords() {
        return TestKafka.readAll(topics.runEvents().name(), TIMEOUT);
    }

    List<RunEvent> runEvents() {
        return runEventRecords().stream().map(r -> topics.runEvents().value(r.value())).toList();
    }

    /** Waits until a committed run event matches and returns the first that does. */
    RunEvent awaitRunEvent(Predicate<RunEvent> wanted) {
        return awaitRunEvents(wanted, 1).get(0);
    }

    /** Waits until {@code count} committed run events match and returns those that do. */
    List<RunEvent> awaitRunEvents(Predicate<RunEvent> wanted, int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<RunEvent> found = runEvents().stream().filter(wanted).toList();
            if (found.size() >= count) {
                return found;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("fewer than " + count + " matching run events within " + TIMEOUT + "; events: "
                + runEvents());
    }

    /**
     * The committed records of the rows topic, by partition then offset, with each BATCH record
     * unfolded into one ROW record per row (keyed by the row key, in the batch's partition), so that
     * tests see rows one by one whatever the batching.
     */
    List<ConsumerRecord<byte[], byte[]>> rowRecords() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topics.rows().name(), TIMEOUT)) {
            RowEvent event = rowEvent(record);
            if (event.kind() != RowEvent.Kind.BATCH) {
                records.add(record);
                continue;
            }
            RowEvent.RunAttempt attempt = new RowEvent.RunAttempt(event.datasource(), event.table(), event.runId(),
                    event.attempt(), event.runStartedMs(), event.method());
            for (RowEvent.BatchRow row : event.rows(null)) {
                records.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                        row.key().getBytes(StandardCharsets.UTF_8), Topics.ROW_EVENTS.serializer()
                        .serialize(record.topic(), attempt.row(row.hash(), row.row(), row.chunk()))));
            }
        }
        return records;
    }

    static RowEvent rowEvent(ConsumerRecord<byte[], byte[]> record) {
        return Topics.ROW_EVENTS.deserializer().deserialize(record.topic(), record.value());
    }

    /** How many commands the extractor group has committed: the sum of its offsets on the commands topic. */
    long committedCommands() {
        try (Admin admin = TestKafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(prefix + "-extractor")
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topics.commands().name()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
