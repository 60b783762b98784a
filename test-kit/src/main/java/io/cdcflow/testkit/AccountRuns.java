package io.cdcflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.TopicAdmin;
import io.cdcflow.common.io.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Runs of the test table {@code bank.accounts} ({@code id} BIGINT primary key, {@code balance} BIGINT)
 * on the rows topic of {@link TestKafka}, published the way the extractor publishes them: START and END
 * markers on every partition, each row on the partition of its key (murmur2), so that a differ diffs
 * them as an extraction; and what the differ reports back on the writer feed. Close it.
 */
public final class AccountRuns implements AutoCloseable {
    /** The table. */
    public static final TableSchema ACCOUNTS = new TableSchema("bank", "accounts", List.of(
            Column.of("id", ColumnType.LONG, false), Column.of("balance", ColumnType.LONG, false)), List.of("id"));

    private final TopicNames names;
    private final Topics topics;
    private final int partitions;
    private final KafkaProducer<String, byte[]> producer;
    private final RowCodec codec = new RowCodec(ACCOUNTS);
    private final RowHasher hasher = new RowHasher(new int[] {0, 1});

    /** A producer for the topics of {@code names}, whose rows topic has {@code partitions} partitions. */
    public AccountRuns(TopicNames names, int partitions) {
        this.names = names;
        this.topics = new Topics(names);
        this.partitions = partitions;
        this.producer = new KafkaProducer<>(TestKafka.producerProps(), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Creates the pipeline topics of {@code bank.accounts}, each with {@code partitions} partitions. */
    public static void createTopics(TopicNames names, int partitions) {
        try (Admin admin = TestKafka.admin()) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, partitions, Optional.of((short) 1));
            topicAdmin.ensure(topicAdmin.pipelineTopics(names, List.of(Map.entry("bank", "accounts"))));
        }
    }

    /** The producer the runs go through, for other records of the test (transactions are not used). */
    public KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    /** The codec of the table's rows. */
    public RowCodec codec() {
        return codec;
    }

    /** The row hash the extractor computes (both columns). */
    public byte[] hash(long id, long balance) {
        return hasher.hash(new Object[] {id, balance});
    }

    /** The rows-topic key of a row. */
    public static String key(long id) {
        return RowKeys.of(ACCOUNTS, ACCOUNTS.primaryKeyIndexes(), new Object[] {id, 0L});
    }

    /** The partition of a row's key, as the extractor computes it. */
    public int partitionOf(long id) {
        return Utils.toPositive(Utils.murmur2(key(id).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Sends a complete run of {@code table} (id to balance), rows in key order. */
    public void run(String runId, Map<Long, Long> table) {
        run(runId, table, () -> { });
    }

    /** The attempt id of run {@code runId}'s one attempt: fixed, since the differ's state records it. */
    public static String attemptOf(String runId) {
        return runId + "-attempt-1";
    }

    /** Sends a complete run of {@code table}; {@code midway} runs once half of the rows are sent and flushed. */
    public void run(String runId, Map<Long, Long> table, Runnable midway) {
        RowEvent.RunAttempt attempt = new RowEvent.RunAttempt("bank", "accounts", runId, attemptOf(runId),
                1_700_000_000_000L, "hash");
        for (int p = 0; p < partitions; p++) {
            send(p, ACCOUNTS.tableId(), attempt.start(codec.schema().toString(), partitions));
        }
        long[] counts = new long[partitions];
        int sent = 0;
        for (Map.Entry<Long, Long> entry : new TreeMap<>(table).entrySet()) {
            Object[] row = {entry.getKey(), entry.getValue()};
            int partition = partitionOf(entry.getKey());
            send(partition, key(entry.getKey()), attempt.row(hasher.hash(row), codec.encode(row)));
            counts[partition]++;
            if (++sent == table.size() / 2) {
                producer.flush();
                midway.run();
            }
        }
        for (int p = 0; p < partitions; p++) {
            send(p, ACCOUNTS.tableId(), attempt.end(partitions, counts[p], RowEvent.STATUS_OK));
        }
        producer.flush();
    }

    /**
     * Waits until every partition reported {@code runId} done on the writer feed, and checks that each
     * reported it complete.
     *
     * @return the partitions' reports
     */
    public List<FeedMessage> awaitPartitionsDone(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<FeedMessage> done = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(names.writerFeed(), Duration.ofSeconds(10))) {
                FeedMessage message = FeedMessage.parse(record.value());
                if (!message.isChange() && runId.equals(message.runId())) {
                    done.add(message);
                }
            }
            if (done.size() >= partitions) {
                assertThat(done).hasSize(partitions).allMatch(m -> FeedMessage.COMPLETE.equals(m.status()));
                return done;
            }
            assertThat(System.nanoTime()).as("all partitions of %s report done", runId).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void send(int partition, String key, RowEvent event) {
        producer.send(new ProducerRecord<>(topics.rows().name(), partition, key, topics.rows().value(event)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
