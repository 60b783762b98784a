package io.cdcflow.differ.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differ throughput of one task (one instance, one partition) under {@code TopologyTestDriver}: the
 * processor, the RocksDB stores and the serdes, without broker round trips. Runs only when asked:
 * {@code -Dcdc.bench.rows=1000000}; prints rows/s of a first load, an unchanged run and a 1%-changed
 * run (rows are encoded before timing; the outputs are drained, and counted, inside it).
 */
@EnabledIfSystemProperty(named = "cdc.bench.rows", matches = "\\d+")
class DifferThroughputTest {
    private static final TopicNames NAMES = new TopicNames("cdc");
    private static final TableSchema ORDERS = new TableSchema("shop", "orders", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("customer", ColumnType.INT, false),
            Column.decimal("amount", 12, 2, true),
            Column.of("note", ColumnType.STRING, true)), List.of("id"));
    private static final int CHUNK = 10_000;

    @TempDir
    Path stateDir;

    private final RowCodec codec = new RowCodec(ORDERS);
    private final RowHasher hasher = new RowHasher(ORDERS.indexesOf(List.of("*")));
    private final Topics topics = new Topics(NAMES);

    @Test
    void measure() {
        int rows = Integer.parseInt(System.getProperty("cdc.bench.rows"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "differ-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                DifferTopology.build(NAMES, DifferTopology.Options.DEFAULTS), props)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(NAMES.rows(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, String> changes = driver.createOutputTopic(NAMES.changes("shop", "orders"),
                    Serdes.String().deserializer(), Serdes.String().deserializer());
            TestOutputTopic<String, String> feed = driver.createOutputTopic(NAMES.writerFeed(),
                    Serdes.String().deserializer(), Serdes.String().deserializer());
            StringBuilder report = new StringBuilder();
            report.append(phase(input, changes, feed, "first load (100% added)", "run-1", rows, 0,
                    new Counts(rows, rows, 0, 0, 0)));
            report.append(phase(input, changes, feed, "unchanged (0%)", "run-2", rows, 0,
                    new Counts(rows, 0, 0, 0, rows)));
            report.append(phase(input, changes, feed, "1% changed", "run-3", rows, 100,
                    new Counts(rows, 0, rows / 100, 0, rows - rows / 100)));
            System.out.println("Differ throughput, one task, TopologyTestDriver, " + rows + " rows\n" + report);
        }
    }

    /** One run; every {@code changeEvery}-th row (0: none) gets a new amount. */
    private String phase(TestInputTopic<String, byte[]> input, TestOutputTopic<String, String> changes,
                         TestOutputTopic<String, String> feed, String name, String runId, int rows, int changeEvery,
                         Counts expected) {
        RowEvent.RunAttempt attempt = new RowEvent.RunAttempt("shop", "orders", runId, UUID.randomUUID().toString(),
                1_700_000_000_000L, "hash");
        long nanos = 0;
        long outputs = 0;
        long started = System.nanoTime();
        input.pipeInput(ORDERS.tableId(), topics.rows().value(attempt.start(codec.schema().toString(), 1)));
        nanos += System.nanoTime() - started;
        for (int from = 1; from <= rows; from += CHUNK) {
            List<TestRecord<String, byte[]>> chunk = new ArrayList<>(CHUNK);
            for (long id = from; id < from + CHUNK && id <= rows; id++) {
                boolean changed = changeEvery > 0 && id % changeEvery == 0;
                Object[] row = {id, (int) (id % 1000), BigDecimal.valueOf(id * 7 + (changed ? 1 : 0), 2),
                    id % 3 == 0 ? null : "note " + id};
                String key = RowKeys.of(ORDERS, ORDERS.primaryKeyIndexes(), row);
                chunk.add(new TestRecord<>(key, topics.rows().value(attempt.row(hasher.hash(row), codec.encode(row)))));
            }
            long t = System.nanoTime();
            input.pipeRecordList(chunk);
            outputs += changes.readValuesToList().size() + feed.readValuesToList().size();
            nanos += System.nanoTime() - t;
        }
        long t = System.nanoTime();
        input.pipeInput(ORDERS.tableId(), topics.rows().value(attempt.end(1, rows, RowEvent.STATUS_OK)));
        outputs += changes.readValuesToList().size();
        List<String> last = feed.readValuesToList();
        nanos += System.nanoTime() - t;
        FeedMessage done = FeedMessage.parse(last.get(last.size() - 1).getBytes(StandardCharsets.UTF_8));
        assertThat(done.counts()).isEqualTo(expected);
        outputs += last.size();
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %,d |%n", name, seconds, rows / seconds, outputs);
    }
}
