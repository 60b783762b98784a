package io.cdcflow.extractor.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The run protocol as records and transactions, against Kafka's mock producer. */
class AttemptPublisherTest {
    private static final int PARTITIONS = 3;
    private static final Topics TOPICS = new Topics(new TopicNames("t"));
    private static final TopicPartition COMMANDS = new TopicPartition("t.commands", 1);
    private static final RowEvent.RunAttempt ATTEMPT = new RowEvent.RunAttempt("ds", "tab", "run-1", "a-1", 42L, "hash");
    private static final Schema SCHEMA = TableAvroSchemas.toAvro(new TableSchema("ds", "tab",
            List.of(Column.of("id", ColumnType.INT, false)), List.of("id")));

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(cluster(), true, null,
            new ByteArraySerializer(), new ByteArraySerializer());
    private final TransactionalSender sender = new TransactionalSender(() -> producer);
    private final CommandOffset offset = new CommandOffset(COMMANDS, 7, AttemptPublisherTest::groupMetadata);

    @Test
    void batchCommitsCarryProgressEventsWithTheRowsSentSoFar() {
        AttemptPublisher publisher = new AttemptPublisher(sender, TOPICS, ATTEMPT, PARTITIONS, 2);
        publisher.progressEvery(java.time.Duration.ZERO);
        publisher.start(SCHEMA, event(RunEvent.State.STARTED));
        IntStream.range(0, 5).forEach(i -> publisher.row("ds.tab\u0000[" + i + "]", new byte[16], new byte[] {(byte) i}));
        publisher.finish(event(RunEvent.State.EXTRACTED), offset);

        List<RunEvent> events = producer.history().stream().filter(r -> r.topic().equals("t.run-events"))
                .map(AttemptPublisherTest::runEvent).toList();
        assertThat(events).extracting(RunEvent::state).containsExactly(RunEvent.State.STARTED,
                RunEvent.State.PROGRESS, RunEvent.State.PROGRESS, RunEvent.State.EXTRACTED);
        assertThat(events.subList(1, 3)).extracting(e -> e.counts().rows()).containsExactly(2L, 4L);
        assertThat(events.get(1).runId()).isEqualTo("run-1");
        assertThat(events.get(1).table()).isEqualTo("tab");
        assertThat(events.get(1).method()).isEqualTo("hash");
        assertThat(events.get(3).counts().rows()).isEqualTo(5);
    }

    @Test
    void aCompleteAttemptIsBracketedByMarkersInEveryPartition() {
        AttemptPublisher publisher = new AttemptPublisher(sender, TOPICS, ATTEMPT, PARTITIONS, 2);
        publisher.start(SCHEMA, event(RunEvent.State.STARTED));
        IntStream.range(0, 5).forEach(i -> publisher.row("ds.tab\u0000[" + i + "]", new byte[16], new byte[] {(byte) i}));
        publisher.finish(event(RunEvent.State.EXTRACTED), offset);

        // start, two full batches, the last row with the end markers
        assertThat(producer.commitCount()).isEqualTo(4);
        assertThat(producer.uncommittedRecords()).isEmpty();
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertThat(history.get(0).topic()).isEqualTo("t.schemas");
        assertThat(new String(history.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(TableAvroSchemas.fingerprint(SCHEMA));
        assertThat(new String(history.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(SCHEMA.toString());
        assertThat(runEvent(history.get(1)).state()).isEqualTo(RunEvent.State.STARTED);
        assertThat(history.subList(2, 5)).extracting(ProducerRecord::partition).containsExactly(0, 1, 2);
        assertThat(history.subList(2, 5)).allSatisfy(r -> {
            RowEvent start = rowEvent(r);
            assertThat(start.kind()).isEqualTo(RowEvent.Kind.START);
            assertThat(start.schemaJson()).isEqualTo(SCHEMA.toString());
            assertThat(start.partitions()).isEqualTo(PARTITIONS);
        });
        int endIndex = history.size() - 4;
        List<ProducerRecord<byte[], byte[]>> batches = history.subList(5, endIndex);
        Map<String, Integer> rowPartitions = new java.util.HashMap<>();
        for (ProducerRecord<byte[], byte[]> batch : batches) {
            RowEvent event = rowEvent(batch);
            assertThat(event.kind()).isEqualTo(RowEvent.Kind.BATCH);
            assertThat(new String(batch.key(), StandardCharsets.UTF_8)).isEqualTo("ds.tab");
            for (RowEvent.BatchRow row : event.batch()) {
                assertThat(batch.partition()).as("row %s in the partition of its key", row.key())
                        .isEqualTo(RowPartitioner.partition(row.key().getBytes(StandardCharsets.UTF_8), PARTITIONS));
                assertThat(rowPartitions.put(row.key(), batch.partition())).isNull();
            }
        }
        assertThat(rowPartitions.keySet()).containsExactlyInAnyOrder("ds.tab\u0000[0]", "ds.tab\u0000[1]",
                "ds.tab\u0000[2]", "ds.tab\u0000[3]", "ds.tab\u0000[4]");
        List<ProducerRecord<byte[], byte[]>> ends = history.subList(endIndex, endIndex + 3);
        for (ProducerRecord<byte[], byte[]> end : ends) {
            RowEvent marker = rowEvent(end);
            assertThat(marker.kind()).isEqualTo(RowEvent.Kind.END);
            assertThat(marker.status()).isEqualTo(RowEvent.STATUS_OK);
            assertThat(marker.count()).isEqualTo(rowPartitions.values().stream().filter(end.partition()::equals).count());
        }
        RunEvent extracted = runEvent(history.get(endIndex + 3));
        assertThat(extracted.state()).isEqualTo(RunEvent.State.EXTRACTED);
        assertThat(extracted.counts().rows()).isEqualTo(5);
        assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(
                Map.of("t-extractor", Map.of(COMMANDS, new OffsetAndMetadata(8))));
    }

    @Test
    void recordsToCommitWithTheRunGoInTheTransactionOfTheEndMarkersAndTheOffset() {
        AttemptPublisher publisher = new AttemptPublisher(sender, TOPICS, ATTEMPT, PARTITIONS, 10);
        publisher.start(SCHEMA, event(RunEvent.State.STARTED));
        publisher.row("ds.tab\u0000[1]", new byte[16], new byte[] {1});
        long committedBefore = producer.commitCount();
        ProducerRecord<byte[], byte[]> watermark = new ProducerRecord<>("t.watermarks",
                "ds.tab".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        publisher.finish(event(RunEvent.State.EXTRACTED), offset, List.of(watermark));

        assertThat(producer.commitCount()).isEqualTo(committedBefore + 1);
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        ProducerRecord<byte[], byte[]> last = history.get(history.size() - 1);
        assertThat(last.topic()).isEqualTo("t.watermarks");
        assertThat(last.key()).isEqualTo(watermark.key());
        assertThat(last.value()).isEqualTo(watermark.value());
        assertThat(history.subList(history.size() - 5, history.size() - 2))
                .allSatisfy(r -> assertThat(rowEvent(r).kind()).isEqualTo(RowEvent.Kind.END));
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(1);
    }

    @Test
    void aFailedAttemptTakesBackItsOpenTransactionAndReportsTheCommittedRows() {
        AttemptPublisher publisher = new AttemptPublisher(sender, TOPICS, ATTEMPT, PARTITIONS, 2);
        publisher.start(SCHEMA, event(RunEvent.State.STARTED));
        IntStream.range(0, 3).forEach(i -> publisher.row("ds.tab\u0000[" + i + "]", new byte[16], new byte[] {(byte) i}));
        publisher.fail("boom", event(RunEvent.State.FAILED), offset);

        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        List<RowEvent> ends = history.stream().filter(r -> r.topic().equals("t.rows")).map(AttemptPublisherTest::rowEvent)
                .filter(e -> e.kind() == RowEvent.Kind.END).toList();
        assertThat(ends).hasSize(PARTITIONS).allSatisfy(e -> assertThat(e.status()).isEqualTo("failed: boom"));
        assertThat(ends.stream().mapToLong(RowEvent::count).sum()).isEqualTo(2);
        assertThat(history.stream().filter(r -> r.topic().equals("t.rows")).map(AttemptPublisherTest::rowEvent)
                .mapToInt(RowEvent::rowCount).sum()).as("rows of the committed transaction only").isEqualTo(2);
        RunEvent failed = runEvent(history.get(history.size() - 1));
        assertThat(failed.state()).isEqualTo(RunEvent.State.FAILED);
        assertThat(failed.error()).isEqualTo("boom");
        assertThat(failed.counts().rows()).isEqualTo(2);
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(1);
    }

    @Test
    void rowsTravelInBatchesOfBoundedSize() {
        AttemptPublisher publisher = new AttemptPublisher(sender, TOPICS, ATTEMPT, 1, 100_000);
        publisher.start(SCHEMA, event(RunEvent.State.STARTED));
        IntStream.range(0, 1_200).forEach(i -> publisher.row("ds.tab\u0000[" + i + "]", new byte[16], new byte[10]));
        byte[] wide = new byte[AttemptPublisher.MESSAGE_BYTES];
        publisher.row("ds.tab\u0000[\"wide\"]", new byte[16], wide);
        publisher.finish(event(RunEvent.State.EXTRACTED), offset);

        List<RowEvent> batches = producer.history().stream().filter(r -> r.topic().equals("t.rows"))
                .map(AttemptPublisherTest::rowEvent).filter(e -> e.kind() == RowEvent.Kind.BATCH).toList();
        assertThat(batches).extracting(RowEvent::rowCount).containsExactly(500, 500, 201);
        assertThat(batches.get(2).batch().get(200).row()).hasSize(AttemptPublisher.MESSAGE_BYTES);
        assertThat(batches.get(0).batch().get(0).key()).isEqualTo("ds.tab\u0000[0]");
        assertThat(batches.get(1).batch().get(0).key()).isEqualTo("ds.tab\u0000[500]");
    }

    @Test
    void aFailureBeforeTheStartSendsOnlyTheEventAndTheOffset() {
        new AttemptPublisher(sender, TOPICS, ATTEMPT, PARTITIONS, 2).fail("no table", event(RunEvent.State.FAILED),
                offset);

        assertThat(producer.history()).hasSize(1);
        assertThat(runEvent(producer.history().get(0)).error()).isEqualTo("no table");
        assertThat(producer.consumerGroupOffsetsHistory()).hasSize(1);
    }

    // Only consumers make group metadata outside tests; its constructor is public for tests like this one.
    @SuppressWarnings("removal")
    private static ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata("t-extractor", 1, "member-1", Optional.empty());
    }

    private static RunEvent event(RunEvent.State state) {
        return RunEvent.of("run-1", "ds", "tab", state, Instant.EPOCH, "hash");
    }

    private static RowEvent rowEvent(ProducerRecord<byte[], byte[]> record) {
        return TOPICS.rows().value(record.value());
    }

    private static RunEvent runEvent(ProducerRecord<byte[], byte[]> record) {
        assertThat(record.topic()).isEqualTo("t.run-events");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ds.tab");
        return TOPICS.runEvents().value(record.value());
    }

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new PartitionInfo("t.rows", p, node, new Node[] {node}, new Node[] {node})).toList();
        return new Cluster("c", List.of(node), partitions, Set.of(), Set.of());
    }
}
