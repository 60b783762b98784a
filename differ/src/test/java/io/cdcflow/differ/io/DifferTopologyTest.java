package io.cdcflow.differ.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.SchemaChange;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifferTopologyTest {
    private static final TopicNames NAMES = new TopicNames("cdc");
    private static final TableSchema ORDERS = new TableSchema("shop", "orders", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("region", ColumnType.STRING, false),
            Column.decimal("amount", 10, 2, true),
            Column.of("note", ColumnType.STRING, true)), List.of("id", "region"));
    private static final RowCodec CODEC = new RowCodec(ORDERS);
    private static final TableSchema WIDER = new TableSchema("shop", "orders", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("region", ColumnType.STRING, false),
            Column.decimal("amount", 10, 2, true),
            Column.of("note", ColumnType.STRING, true),
            Column.of("channel", ColumnType.STRING, true)), List.of("id", "region"));
    private static final RowCodec WIDER_CODEC = new RowCodec(WIDER);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, RowEvent> rows;
    private TestOutputTopic<String, String> changes;
    private TestOutputTopic<String, String> feed;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "differ-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DifferTopology.build(NAMES, DifferTopology.Options.DEFAULTS), props);
        rows = driver.createInputTopic(NAMES.rows(), Serdes.String().serializer(), Topics.ROW_EVENTS.serializer());
        changes = driver.createOutputTopic(NAMES.changes("shop", "orders"),
                Serdes.String().deserializer(), Serdes.String().deserializer());
        feed = driver.createOutputTopic(NAMES.writerFeed(), Serdes.String().deserializer(),
                Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void firstRunAddsEveryRowAndReportsThePartitionComplete() {
        Run run = new Run("run-1", "hash");
        run.start();
        run.row(1, "eu", "10.50", "first");
        run.row(2, "us", null, null);
        run.end(2);

        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly(
                "{\"id\":1,\"region\":\"eu\"}", "{\"id\":2,\"region\":\"us\"}");
        ChangeEvent first = ChangeEvent.parse(out.get(0).value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(first.op()).isEqualTo("c");
        assertThat(first.before()).isNull();
        assertThat(first.after().toString()).isEqualTo("{\"id\":1,\"region\":\"eu\",\"amount\":10.50,\"note\":\"first\"}");
        assertThat(first.source()).isEqualTo(new ChangeEvent.Source("shop", "orders", "run-1", run.startedMs));

        List<FeedMessage> messages = feedMessages();
        assertThat(messages).extracting(FeedMessage::type)
                .containsExactly(FeedMessage.CHANGE, FeedMessage.CHANGE, FeedMessage.PARTITION_DONE);
        FeedMessage done = messages.get(2);
        assertThat(done.status()).isEqualTo(FeedMessage.COMPLETE);
        assertThat(done.counts()).isEqualTo(new Counts(2, 2, 0, 0, 0));
        assertThat(done.partitions()).isEqualTo(1);
        assertThat(done.schemaJson()).isEqualTo(CODEC.schema().toString());
    }

    @Test
    void secondRunEmitsModifiedAndDeletedWithBeforeImagesAndSkipsUnchanged() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "10.50", "same");
        first.row(2, "eu", "20.00", "old");
        first.row(3, "eu", "30.00", "gone");
        first.end(3);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        Run second = new Run("run-2", "hash");
        second.start();
        second.row(1, "eu", "10.5", "same"); // same value, other scale: unchanged
        second.row(2, "eu", "21.00", "new");
        second.row(4, "us", "40.00", null);
        second.end(3);

        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly(
                "{\"id\":2,\"region\":\"eu\"}", "{\"id\":4,\"region\":\"us\"}",
                "{\"id\":3,\"region\":\"eu\"}", "{\"id\":3,\"region\":\"eu\"}");
        ChangeEvent modified = parse(out.get(0).value);
        assertThat(modified.op()).isEqualTo("u");
        assertThat(modified.before().get("note").asText()).isEqualTo("old");
        assertThat(modified.after().get("note").asText()).isEqualTo("new");
        assertThat(modified.after().get("amount").decimalValue()).isEqualByComparingTo("21.00");
        assertThat(parse(out.get(1).value).op()).isEqualTo("c");
        ChangeEvent deleted = parse(out.get(2).value);
        assertThat(deleted.op()).isEqualTo("d");
        assertThat(deleted.after()).isNull();
        assertThat(deleted.before().toString())
                .isEqualTo("{\"id\":3,\"region\":\"eu\",\"amount\":30.00,\"note\":\"gone\"}");
        assertThat(out.get(3).value).as("tombstone after delete").isNull();

        FeedMessage done = feedMessages().get(3);
        assertThat(done.counts()).isEqualTo(new Counts(3, 1, 1, 1, 1));
    }

    @Test
    void incompleteRunEmitsNoDeletes() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "1.00", null);
        first.row(2, "eu", "2.00", null);
        first.end(2);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        Run second = new Run("run-2", "hash");
        second.start();
        second.row(1, "eu", "1.00", null);
        second.end(2); // the extractor claims two rows; only one arrived

        assertThat(changes.readKeyValuesToList()).isEmpty();
        FeedMessage done = feedMessages().get(0);
        assertThat(done.status()).isEqualTo("incomplete: partition saw 1 of 2 rows");
        assertThat(done.counts().deleted()).isZero();

        Run third = new Run("run-3", "hash");
        third.start();
        third.row(1, "eu", "1.00", null);
        third.end(1);
        assertThat(changes.readKeyValuesToList()).extracting(kv -> kv.value == null ? "tombstone" : parse(kv.value).op())
                .containsExactly("d", "tombstone");
    }

    @Test
    void failedExtractionEmitsNoDeletes() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "1.00", null);
        first.end(1);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        Run second = new Run("run-2", "hash");
        second.start();
        second.endWith(0, "failed: connection reset");

        assertThat(changes.readKeyValuesToList()).isEmpty();
        assertThat(feedMessages().get(0).status()).isEqualTo("extraction failed: connection reset");
    }

    @Test
    void aKeyReadTwiceByOneAttemptIsADuplicateThatFailsThePartitionWithoutDeletes() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(3, "eu", "3.00", null);
        first.end(1);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        Run second = new Run("run-2", "hash");
        second.start();
        second.row(1, "eu", "1.00", "a");
        second.row(1, "eu", "2.00", "b"); // the same key again, other values: a view without a unique key
        second.row(2, "eu", "2.00", null);
        second.row(1, "eu", "1.00", "a"); // and once more, identical
        second.end(4);

        assertThat(changes.readKeyValuesToList()).extracting(kv -> parse(kv.value).op() + ":" + kv.key)
                .as("one change per key, no delete of key 3 (the run is not complete)")
                .containsExactly("c:{\"id\":1,\"region\":\"eu\"}", "c:{\"id\":2,\"region\":\"eu\"}");
        List<FeedMessage> messages = feedMessages();
        assertThat(messages).extracting(FeedMessage::type)
                .containsExactly(FeedMessage.CHANGE, FeedMessage.CHANGE, FeedMessage.PARTITION_DONE);
        FeedMessage done = messages.get(2);
        assertThat(done.status()).isEqualTo("duplicate keys: 2 row(s) of shop.orders repeat a primary key already "
                + "read by this run, e.g. [1,\"eu\"]; configure a \"primary_key\" that is unique");
        assertThat(done.counts()).isEqualTo(new Counts(2, 2, 0, 0, 0));

        // the state kept the first row of the key: a clean run compares with it
        Run third = new Run("run-3", "hash");
        third.start();
        third.row(1, "eu", "2.00", "b");
        third.row(2, "eu", "2.00", null);
        third.end(2);
        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.value == null ? "tombstone:" + kv.key : parse(kv.value).op() + ":" + kv.key)
                .containsExactly("u:{\"id\":1,\"region\":\"eu\"}", "d:{\"id\":3,\"region\":\"eu\"}",
                        "tombstone:{\"id\":3,\"region\":\"eu\"}");
        assertThat(parse(out.get(0).value).before().get("note").asText()).isEqualTo("a");
        assertThat(feedMessages().get(2).status()).isEqualTo(FeedMessage.COMPLETE);
    }

    @Test
    void rowsReDeliveredByALaterAttemptAreNotDuplicatesButAKeyTwiceInThatAttemptIs() {
        Run crashed = new Run("run-1", "hash");
        crashed.start();
        crashed.row(1, "eu", "1.00", null); // committed before the extractor crashed
        crashed.row(2, "eu", "2.00", null);
        Run retried = crashed.retry();
        retried.start();
        retried.row(1, "eu", "1.00", null);
        retried.row(2, "eu", "2.00", null);
        retried.end(2);

        assertThat(changes.readKeyValuesToList()).extracting(kv -> parse(kv.value).op() + ":" + kv.key)
                .containsExactly("c:{\"id\":1,\"region\":\"eu\"}", "c:{\"id\":2,\"region\":\"eu\"}");
        assertThat(feedMessages().get(2)).satisfies(done -> {
            assertThat(done.status()).isEqualTo(FeedMessage.COMPLETE);
            assertThat(done.counts()).isEqualTo(new Counts(2, 2, 0, 0, 0));
        });

        Run next = new Run("run-2", "hash");
        next.start();
        next.row(1, "eu", "1.00", null);
        Run again = next.retry();
        again.start();
        again.row(1, "eu", "1.00", null); // re-delivered: the state learns the new attempt
        again.row(1, "eu", "1.00", null); // read twice by this attempt
        again.end(2);

        assertThat(changes.readKeyValuesToList()).as("no change, and no delete of key 2").isEmpty();
        assertThat(feedMessages().get(0).status()).startsWith("duplicate keys: 1 row(s) of shop.orders")
                .contains("e.g. [1,\"eu\"]");
    }

    @Test
    void aNewRunReusingTheLastRunsIdIsRefusedAndChangesNothing() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "1.00", null);
        first.row(2, "eu", "2.00", null);
        first.end(2);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        // cdc trigger --run-id run-1 again: another command, so another start
        Run reused = new Run("run-1", "hash", first.startedMs + 60_000);
        reused.start();
        reused.row(1, "eu", "1.50", null);
        reused.end(1);
        Run retried = reused.retry(); // the extractor re-executes the refused command
        retried.start();
        retried.row(1, "eu", "1.50", null);
        retried.end(1);

        assertThat(changes.readKeyValuesToList()).as("no change, no delete of key 2").isEmpty();
        String refused = "refused: run id run-1 was already used by the run started "
                + java.time.Instant.ofEpochMilli(first.startedMs) + "; give every run a new run id";
        assertThat(feedMessages()).extracting(m -> m.type() + ":" + m.runStartedMs() + ":" + m.status() + ":" + m.counts())
                .containsExactly(
                        "partition_done:" + reused.startedMs + ":" + refused + ":" + Counts.ZERO,
                        "partition_done:" + reused.startedMs + ":" + refused + ":" + Counts.ZERO);

        Run next = new Run("run-2", "hash");
        next.start();
        next.row(1, "eu", "1.50", null);
        next.end(1);
        assertThat(changes.readKeyValuesToList())
                .extracting(kv -> kv.value == null ? "tombstone:" + kv.key : parse(kv.value).op() + ":" + kv.key)
                .containsExactly("u:{\"id\":1,\"region\":\"eu\"}", "d:{\"id\":2,\"region\":\"eu\"}",
                        "tombstone:{\"id\":2,\"region\":\"eu\"}");
    }

    @Test
    void aRetriedAttemptEmitsEachChangeOnce() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "1.00", null);
        first.row(2, "eu", "2.00", null);
        first.end(2);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        Run crashed = new Run("run-2", "hash");
        crashed.start();
        crashed.row(1, "eu", "1.50", null); // modified, committed before the extractor crashed
        Run retried = crashed.retry();
        retried.start();
        retried.row(1, "eu", "1.50", null);
        retried.end(1);

        assertThat(changes.readKeyValuesToList())
                .extracting(kv -> kv.value == null ? "tombstone:" + kv.key : parse(kv.value).op() + ":" + kv.key)
                .containsExactly("u:{\"id\":1,\"region\":\"eu\"}", "d:{\"id\":2,\"region\":\"eu\"}",
                        "tombstone:{\"id\":2,\"region\":\"eu\"}");
        assertThat(feedMessages().get(2).counts()).isEqualTo(new Counts(1, 0, 1, 1, 0));
    }

    @Test
    void timestampRunsNeverDelete() {
        Run first = new Run("run-1", "timestamp");
        first.start();
        first.row(1, "eu", "1.00", null);
        first.row(2, "eu", "2.00", null);
        first.end(2);
        changes.readKeyValuesToList();

        Run second = new Run("run-2", "timestamp");
        second.start();
        second.row(2, "eu", "2.50", null);
        second.end(1);

        assertThat(changes.readKeyValuesToList()).extracting(kv -> parse(kv.value).op()).containsExactly("u");
    }

    @Test
    void aRunWithoutEndIsReportedAbandonedWhenTheNextStarts() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "1.00", null);
        Run second = new Run("run-2", "hash");
        second.start();
        second.row(1, "eu", "1.00", null);
        second.end(1);

        List<FeedMessage> messages = feedMessages();
        assertThat(messages).extracting(m -> m.type() + ":" + m.runId() + ":" + (m.status() == null ? "" : m.status()))
                .containsExactly("change:run-1:", "partition_done:run-1:abandoned: superseded by run run-2",
                        "partition_done:run-2:complete");
    }

    @Test
    void anAddedColumnIsReportedAndModifiesEveryRowWhenAllColumnsAreHashed() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "10.50", "a");
        first.row(2, "us", null, null);
        first.end(2);
        assertThat(feedMessages().get(2).schemaChange()).as("no previous run").isNull();
        changes.readKeyValuesToList();

        WiderRun second = new WiderRun("run-2", List.of("*"));
        second.start();
        second.row(1, "eu", "10.50", "a");
        second.row(2, "us", null, null);
        second.end(2);
        FeedMessage done = feedMessages().get(2);
        assertThat(done.schemaChange()).isEqualTo(new SchemaChange(TableAvroSchemas.fingerprint(CODEC.schema()),
                TableAvroSchemas.fingerprint(WIDER_CODEC.schema())));
        assertThat(done.schemaJson()).isEqualTo(WIDER_CODEC.schema().toString());
        assertThat(done.counts()).isEqualTo(new Counts(2, 0, 2, 0, 0));
        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).hasSize(2);
        ChangeEvent modified = parse(out.get(0).value);
        assertThat(modified.before().toString()).isEqualTo("{\"id\":1,\"region\":\"eu\",\"amount\":10.50,\"note\":\"a\"}");
        assertThat(modified.after().toString())
                .isEqualTo("{\"id\":1,\"region\":\"eu\",\"amount\":10.50,\"note\":\"a\",\"channel\":null}");

        WiderRun third = new WiderRun("run-3", List.of("*"));
        third.start();
        third.row(1, "eu", "10.50", "a");
        third.row(2, "us", null, null);
        third.end(2);
        FeedMessage unchanged = feedMessages().get(0);
        assertThat(unchanged.schemaChange()).as("same schema as run-2").isNull();
        assertThat(unchanged.counts()).isEqualTo(new Counts(2, 0, 0, 0, 2));
    }

    @Test
    void fixedHashColumnsKeepRowsUnchangedAcrossAnAddedColumn() {
        Run first = new Run("run-1", "hash", List.of("id", "amount"));
        first.start();
        first.row(1, "eu", "10.50", "a");
        first.end(1);
        feedMessages();

        WiderRun second = new WiderRun("run-2", List.of("id", "amount"));
        second.start();
        second.row(1, "eu", "10.50", "a");
        second.end(1);
        FeedMessage done = feedMessages().get(0);
        assertThat(done.schemaChange()).isNotNull();
        assertThat(done.counts()).isEqualTo(new Counts(1, 0, 0, 0, 1));
    }

    @Test
    void aRetriedAttemptKeepsTheRunsSchemaChange() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.row(1, "eu", "10.50", "a");
        first.end(1);
        feedMessages();

        WiderRun crashed = new WiderRun("run-2", List.of("*"));
        crashed.start();
        crashed.row(1, "eu", "10.50", "a");
        WiderRun retry = crashed.retry();
        retry.start();
        retry.row(1, "eu", "10.50", "a");
        retry.end(1);
        FeedMessage done = feedMessages().stream().filter(m -> !m.isChange()).findFirst().orElseThrow();
        assertThat(done.schemaChange()).isEqualTo(new SchemaChange(TableAvroSchemas.fingerprint(CODEC.schema()),
                TableAvroSchemas.fingerprint(WIDER_CODEC.schema())));
        assertThat(done.counts()).isEqualTo(new Counts(1, 0, 1, 0, 0));
    }

    private List<FeedMessage> feedMessages() {
        return feed.readValuesToList().stream()
                .map(v -> FeedMessage.parse(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toList();
    }

    private static ChangeEvent parse(String json) {
        return ChangeEvent.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static JsonNode tree(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    /** A run of the table after {@code ALTER TABLE orders ADD channel varchar}. */
    private final class WiderRun {
        final RowEvent.RunAttempt attempt;
        final long startedMs;
        private final RowHasher hasher;
        private final List<String> hashColumns;

        WiderRun(String runId, List<String> hashColumns) {
            this(runId, hashColumns, 1_700_000_000_000L + runId.hashCode());
        }

        private WiderRun(String runId, List<String> hashColumns, long startedMs) {
            this.startedMs = startedMs;
            this.hashColumns = hashColumns;
            this.hasher = new RowHasher(WIDER.indexesOf(hashColumns));
            this.attempt = new RowEvent.RunAttempt("shop", "orders", runId, UUID.randomUUID().toString(), startedMs,
                    "hash");
        }

        WiderRun retry() {
            return new WiderRun(attempt.runId(), hashColumns, startedMs);
        }

        void start() {
            rows.pipeInput(WIDER.tableId(), attempt.start(WIDER_CODEC.schema().toString(), 1));
        }

        void row(long id, String region, String amount, String note) {
            Object[] row = {id, region, amount == null ? null : new BigDecimal(amount).setScale(2), note, null};
            rows.pipeInput(RowKeys.of(WIDER, WIDER.primaryKeyIndexes(), row),
                    attempt.row(hasher.hash(row), WIDER_CODEC.encode(row)));
        }

        void end(long count) {
            rows.pipeInput(WIDER.tableId(), attempt.end(1, count, RowEvent.STATUS_OK));
        }
    }

    /** Sends one attempt of a run the way the extractor does, on a single partition. */
    @Test
    void hashPartitionRunDeletesOnlyKeysOutsideTheChunksItProvedUnchanged() {
        Run first = new Run("run-1", "hash-partition");
        first.start();
        first.chunkRow(1, 1, "eu", "1.00", "a");
        first.chunkRow(1, 2, "eu", "2.00", "b");
        first.chunkRow(2, 3, "eu", "3.00", "c");
        first.chunkRow(2, 4, "eu", "4.00", "d");
        first.endSparing(4);
        assertThat(changes.readKeyValuesToList()).hasSize(4);
        feed.readKeyValuesToList();

        // chunk 1 unchanged (no rows published); chunk 2 changed: 3 modified, 4 deleted
        Run second = new Run("run-2", "hash-partition");
        second.start();
        second.chunkRow(2, 3, "eu", "3.50", "c");
        second.endSparing(1, 1L);

        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key, kv -> kv.value == null ? null : parse(kv.value).op())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("{\"id\":3,\"region\":\"eu\"}", "u"),
                        org.assertj.core.groups.Tuple.tuple("{\"id\":4,\"region\":\"eu\"}", "d"),
                        org.assertj.core.groups.Tuple.tuple("{\"id\":4,\"region\":\"eu\"}", null));
        assertThat(feedMessages().get(2).counts()).isEqualTo(new Counts(1, 0, 1, 1, 0));

        // a third run that proves both chunks unchanged changes nothing, though it saw no row
        Run third = new Run("run-3", "hash-partition");
        third.start();
        third.endSparing(0, 1L, 2L);
        assertThat(changes.readKeyValuesToList()).isEmpty();
        assertThat(feedMessages().get(0).counts()).isEqualTo(Counts.ZERO);
    }

    @Test
    void keysOfRetiredChunksAreDeletedUnlessSeenInTheirNewChunk() {
        Run first = new Run("run-1", "hash-partition");
        first.start();
        first.chunkRow(1, 1, "eu", "1.00", "a");
        first.chunkRow(1, 2, "eu", "2.00", "b");
        first.chunkRow(1, 3, "eu", "3.00", "c");
        first.endSparing(3);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        // chunk 1 was re-split into 5 and 6 and both published; key 2 is gone
        Run second = new Run("run-2", "hash-partition");
        second.start();
        second.chunkRow(5, 1, "eu", "1.00", "a");
        second.chunkRow(6, 3, "eu", "3.00", "c");
        second.endSparing(2);
        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsExactly("{\"id\":2,\"region\":\"eu\"}",
                "{\"id\":2,\"region\":\"eu\"}");
        assertThat(parse(out.get(0).value).op()).isEqualTo("d");
        feed.readKeyValuesToList();

        // the keys now live in chunks 5 and 6: sparing those keeps them
        Run third = new Run("run-3", "hash-partition");
        third.start();
        third.endSparing(0, 5L, 6L);
        assertThat(changes.readKeyValuesToList()).isEmpty();
    }

    @Test
    void hashRunKeepsTheChunkOfKnownKeysSoALaterHashPartitionRunCanSpareThem() {
        Run first = new Run("run-1", "hash-partition");
        first.start();
        first.chunkRow(1, 1, "eu", "1.00", "a");
        first.endSparing(1);
        Run full = new Run("run-2", "hash");
        full.start();
        full.row(1, "eu", "1.00", "a");
        full.end(1);
        changes.readKeyValuesToList();
        feed.readKeyValuesToList();

        Run third = new Run("run-3", "hash-partition");
        third.start();
        third.endSparing(0, 1L);
        assertThat(changes.readKeyValuesToList()).isEmpty();
    }

    @Test
    void resumedAttemptThatCutChunksAnewMovesRepeatedKeysToTheirNewChunk() {
        Run first = new Run("run-1", "hash-partition");
        first.start();
        first.chunkRow(1, 1, "eu", "1.00", "a");
        first.endSparing(1);
        changes.readKeyValuesToList();

        Run crashed = new Run("run-2", "hash-partition");
        crashed.start();
        crashed.chunkRow(2, 1, "eu", "1.50", "a");
        Run retry = crashed.retry();
        retry.start();
        retry.chunkRow(7, 1, "eu", "1.50", "a");
        retry.endSparing(1);
        assertThat(changes.readKeyValuesToList()).extracting(kv -> parse(kv.value).op()).containsExactly("u");

        Run next = new Run("run-3", "hash-partition");
        next.start();
        next.endSparing(0, 7L);
        assertThat(changes.readKeyValuesToList()).as("key 1 lives in chunk 7 now").isEmpty();
    }

    @Test
    void batchRecordsAreDiffedRowByRowAndCountedPerRow() {
        Run first = new Run("run-1", "hash");
        first.start();
        first.batch(new Object[] {1L, "eu", "1.00", "a"}, new Object[] {2L, "eu", "2.00", "b"});
        first.batch(new Object[] {3L, "us", null, null});
        first.end(3);
        assertThat(changes.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(
                "{\"id\":1,\"region\":\"eu\"}", "{\"id\":2,\"region\":\"eu\"}", "{\"id\":3,\"region\":\"us\"}");
        assertThat(feedMessages().get(3).counts()).isEqualTo(new Counts(3, 3, 0, 0, 0));

        Run second = new Run("run-2", "hash");
        second.start();
        second.batch(new Object[] {1L, "eu", "1.00", "a"}, new Object[] {3L, "us", "3.00", null});
        second.end(2);
        List<KeyValue<String, String>> out = changes.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key, kv -> kv.value == null ? null : parse(kv.value).op())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("{\"id\":3,\"region\":\"us\"}", "u"),
                        org.assertj.core.groups.Tuple.tuple("{\"id\":2,\"region\":\"eu\"}", "d"),
                        org.assertj.core.groups.Tuple.tuple("{\"id\":2,\"region\":\"eu\"}", null));
    }

    private final class Run {
        final RowEvent.RunAttempt attempt;
        final long startedMs;
        private final RowHasher hasher;

        Run(String runId, String method) {
            this(runId, method, List.of("*"));
        }

        Run(String runId, String method, List<String> hashColumns) {
            this(runId, method, 1_700_000_000_000L + runId.hashCode(), hashColumns);
        }

        private Run(String runId, String method, long startedMs) {
            this(runId, method, startedMs, List.of("*"));
        }

        private Run(String runId, String method, long startedMs, List<String> hashColumns) {
            this.hasher = new RowHasher(ORDERS.indexesOf(hashColumns));
            this.startedMs = startedMs;
            this.attempt = new RowEvent.RunAttempt("shop", "orders", runId, UUID.randomUUID().toString(), startedMs,
                    method);
        }

        Run retry() {
            return new Run(attempt.runId(), attempt.method(), startedMs);
        }

        void start() {
            rows.pipeInput(ORDERS.tableId(), attempt.start(CODEC.schema().toString(), 1));
        }

        void row(long id, String region, String amount, String note) {
            chunkRow(RowEvent.NO_CHUNK, id, region, amount, note);
        }

        void chunkRow(long chunk, long id, String region, String amount, String note) {
            Object[] row = {id, region, amount == null ? null : new BigDecimal(amount).setScale(2), note};
            rows.pipeInput(RowKeys.of(ORDERS, ORDERS.primaryKeyIndexes(), row),
                    attempt.row(hasher.hash(row), CODEC.encode(row), chunk));
        }

        /** The rows as one BATCH record, as the extractor sends them. */
        void batch(Object[]... rowValues) {
            List<RowEvent.BatchRow> batch = new java.util.ArrayList<>();
            for (Object[] values : rowValues) {
                Object[] row = {values[0], values[1], values[2] == null ? null
                        : new BigDecimal((String) values[2]).setScale(2), values[3]};
                batch.add(new RowEvent.BatchRow(RowKeys.of(ORDERS, ORDERS.primaryKeyIndexes(), row), hasher.hash(row),
                        CODEC.encode(row), RowEvent.NO_CHUNK));
            }
            rows.pipeInput(ORDERS.tableId(), attempt.batch(batch));
        }

        void endSparing(long count, Long... sparedChunks) {
            rows.pipeInput(ORDERS.tableId(), attempt.end(1, count, RowEvent.STATUS_OK, List.of(sparedChunks)));
        }

        void end(long count) {
            endWith(count, RowEvent.STATUS_OK);
        }

        void endWith(long count, String status) {
            rows.pipeInput(ORDERS.tableId(), attempt.end(1, count, status));
        }
    }
}
