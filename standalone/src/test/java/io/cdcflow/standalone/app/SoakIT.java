package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Soak test (docs/reliability.md): one pipeline, three tables of the same shape read with {@code hash},
 * {@code timestamp} (a reconcile every {@value #RECONCILE} runs) and {@code hash-partition}. Round after
 * round, for a bounded time, each table gets seeded random mutations (updates, rows updated and
 * restored within the round, rows restored to the value they had before the previous round, rows
 * sharing a timestamp, rows set to exactly the last watermark, deletes, inserts, deleted keys
 * inserted again), then one run per table. Every run is compared with the ground truth computed from
 * SQL snapshots: exactly one change event per expected key with the expected op, {@code before} and
 * {@code after}, nothing else of the run on the change topic, and exactly the expected rows in the
 * run's files (read back as JSON). A last round without mutations must find no change.
 *
 * <p>Ground truth per method: {@code hash} and {@code hash-partition} see the table as it is;
 * {@code timestamp} sees the rows whose timestamp is at least the last watermark (the largest
 * timestamp the previous run read) and never deletes, except in its full runs (the first and every
 * {@value #RECONCILE}-th), which compare the whole table with what the differ holds.
 *
 * <p>CI: about 45 s of rounds on PostgreSQL, 20 s on MariaDB. Long: {@code -Dcdc.soak.minutes=10}
 * (that long on PostgreSQL, half on MariaDB). Replay: {@code -Dcdc.soak.seed=<seed>} (same mutations;
 * the number of rounds depends on the machine's speed).
 */
class SoakIT {
    private static final double MINUTES = Double.parseDouble(System.getProperty("cdc.soak.minutes", "0"));
    private static final int ROWS = 2_000;
    private static final int RECONCILE = 4;
    private static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dataDir;

    static Stream<String> databases() {
        return Stream.of("postgresql", "mariadb");
    }

    /** A row's values; {@code ts} is the timestamp column. */
    record Row(String name, BigDecimal amount, LocalDateTime ts) {
        String canonical() {
            return name + "|" + (amount == null ? "null" : amount.stripTrailingZeros().toPlainString()) + "|" + ts;
        }
    }

    /** One table under test and what the differ should hold for it. */
    static final class Table {
        final String name;
        final String method;
        final Random random;
        /** The table as the last run read it. */
        Map<Integer, Row> snapshot = new HashMap<>();
        /** What the differ holds: equals the snapshot except for what a timestamp run cannot see. */
        Map<Integer, Row> model = new HashMap<>();
        /** The largest timestamp the last run read (timestamp method). */
        LocalDateTime watermark;
        /** Rows updated in the last round with their values before it. */
        Map<Integer, Row> updatedLastRound = new HashMap<>();
        final List<Integer> deleted = new ArrayList<>();
        int runs;
        int fullRuns;

        Table(String name, String method, long seed) {
            this.name = name;
            this.method = method;
            this.random = new Random(seed);
        }

        boolean timestamp() {
            return "timestamp".equals(method);
        }

        /** Whether the next run reads the whole table: always, or for timestamp the first and every n-th. */
        boolean nextRunFull() {
            return !timestamp() || runs % RECONCILE == 0;
        }
    }

    /** An expected change: op and the canonical before and after values (null where absent). */
    record Expected(String op, String before, String after) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void repeatedRunsWithRandomMutationsMatchTheSqlGroundTruth(String type) throws Exception {
        boolean pg = "postgresql".equals(type);
        long seed = Long.getLong("cdc.soak.seed", System.nanoTime());
        Duration budget = MINUTES > 0 ? Duration.ofSeconds((long) (MINUTES * 60 / (pg ? 1 : 2)))
                : Duration.ofSeconds(pg ? 45 : 20);
        System.err.println("SoakIT " + type + " seed " + seed + " (replay: -Dcdc.soak.seed=" + seed + "), rounds for "
                + budget.toSeconds() + " s");
        TestDatabase db = (pg ? TestDatabases.postgres() : TestDatabases.mariadb()).createDatabase("rel_soak");
        List<Table> tables = List.of(new Table("soak_hash", "hash", seed), new Table("soak_ts", "timestamp", seed + 1),
                new Table("soak_hp", "hash-partition", seed + 2));
        Map<String, String> tableConfigs = new LinkedHashMap<>();
        for (Table table : tables) {
            db.execute("CREATE TABLE " + table.name + " (id integer PRIMARY KEY, name varchar(40) NOT NULL, "
                    + "amount decimal(12,2), updated_at " + (pg ? "timestamp(6)" : "datetime(6)") + " NOT NULL)");
            StringBuilder insert = new StringBuilder("INSERT INTO " + table.name + " VALUES ");
            for (int id = 1; id <= ROWS; id++) {
                insert.append(id == 1 ? "" : ", ").append(values(id, new Row("r" + id, amount(table.random),
                        EPOCH.plusSeconds(table.random.nextInt(60)))));
            }
            db.execute(insert.toString());
            String extra = switch (table.method) {
                case "timestamp" -> ", \"timestamp_column\": \"updated_at\", \"reconcile_every_n_runs\": " + RECONCILE;
                case "hash-partition" -> ", \"partition_size\": 200";
                default -> "";
            };
            tableConfigs.put(table.name, "{\"datasource\": \"it\", \"method\": \"" + table.method + "\"" + extra + "}");
        }
        String prefix = ItConfigs.uniqueName("relsoak");
        String bucket = ItConfigs.uniqueName("relsoak");
        CdcConfig config = Reliability.parse(Reliability.config(Map.of("it", Reliability.datasource(db)), tableConfigs,
                prefix, bucket, dataDir, 500));

        int rounds = 0;
        long compared = 0;
        long lost = 0;
        long duplicated = 0;
        long unexpected = 0;
        long started = System.nanoTime();
        try (Pipeline pipeline = Pipeline.start(config, Map.of()); RunClient client = pipeline.runClient();
             ChangeReader changes = new ChangeReader(tables.stream()
                     .map(t -> pipeline.topics().changes("it", t.name).name()).toList())) {
            boolean last = false;
            for (int round = 0; !last; round++) {
                last = round > 1 && System.nanoTime() - started > budget.toNanos();
                Map<Table, Map<Integer, Row>> after = new LinkedHashMap<>();
                Map<Table, Map<Integer, Expected>> expected = new LinkedHashMap<>();
                Map<Table, Map<Integer, Row>> nextModel = new LinkedHashMap<>();
                for (Table table : tables) {
                    if (round > 0 && !last) {
                        mutate(db, table, round);
                    }
                    Map<Integer, Row> now = snapshot(db, table.name);
                    after.put(table, now);
                    Map<Integer, Row> model = new HashMap<>(table.model);
                    expected.put(table, expect(table, now, model));
                    nextModel.put(table, model);
                }
                Map<Table, String> runIds = new LinkedHashMap<>();
                for (Table table : tables) {
                    runIds.put(table, client.trigger("it", table.name, "soak"));
                }
                Map<String, RunEvent> terminal = client.await(runIds.values(), TIMEOUT, e -> { });
                Map<String, List<ConsumerRecord<byte[], byte[]>>> records = changes.readNew();
                for (Table table : tables) {
                    String runId = runIds.get(table);
                    String label = "%s round %d table %s (%s, %s run), seed %d".formatted(type, round, table.name,
                            table.method, table.nextRunFull() ? "full" : "incremental", seed);
                    RunEvent event = terminal.get(runId);
                    assertThat(event).as(label + ": terminal event").isNotNull();
                    assertThat(event.state()).as(label + ": " + event).isEqualTo(RunEvent.State.WRITTEN);
                    if (table.timestamp()) {
                        assertThat(event.method()).as(label + ": announced method")
                                .isEqualTo(table.nextRunFull() ? "hash" : "timestamp");
                    }
                    Map<Integer, Expected> want = expected.get(table);
                    Map<Integer, List<Expected>> got = changesOf(records.get(pipeline.topics().changes("it",
                            table.name).name()), runId);
                    long caseLost = 0;
                    long caseDuplicated = 0;
                    for (Map.Entry<Integer, Expected> e : want.entrySet()) {
                        List<Expected> events = got.getOrDefault(e.getKey(), List.of());
                        if (!events.contains(e.getValue())) {
                            caseLost++;
                        }
                        if (events.size() > 1) {
                            caseDuplicated++;
                        }
                    }
                    Set<Integer> extra = new TreeSet<>(got.keySet());
                    extra.removeAll(want.keySet());
                    compared += want.size();
                    lost += caseLost;
                    duplicated += caseDuplicated;
                    unexpected += extra.size();
                    assertThat(got).as(label + ": change events per key").isEqualTo(want.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
                    assertThat(List.of(event.counts().added(), event.counts().modified(), event.counts().deleted()))
                            .as(label + ": counts").isEqualTo(List.of(count(want, "c"), count(want, "u"),
                                    count(want, "d")));
                    checkFiles(bucket, event, want, label);
                    if (table.timestamp()) {
                        LocalDateTime max = after.get(table).values().stream().map(Row::ts)
                                .max(LocalDateTime::compareTo).orElse(null);
                        table.watermark = table.nextRunFull() || table.watermark == null ? max
                                : max == null || max.isBefore(table.watermark) ? table.watermark : max;
                        table.fullRuns += table.nextRunFull() ? 1 : 0;
                    }
                    table.snapshot = after.get(table);
                    table.model = nextModel.get(table);
                    table.runs++;
                }
                rounds++;
            }
        } finally {
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            System.err.printf("SOAK summary: %s, seed %d, %d rounds, %d runs (%s), %d changes compared, %d lost, "
                            + "%d duplicated, %d unexpected, %d s%n", type, seed, rounds,
                    tables.stream().mapToInt(t -> t.runs).sum(),
                    tables.stream().map(t -> t.method + " " + t.runs + (t.timestamp() ? " (" + t.fullRuns + " full)" : ""))
                            .collect(Collectors.joining(", ")),
                    compared, lost, duplicated, unexpected, seconds);
        }
        assertThat(lost + duplicated + unexpected).isZero();
    }

    /**
     * The changes the table's next run must emit, from the differ's view {@code model} (updated in
     * place to what the differ holds afterwards) and the table {@code now}.
     */
    private static Map<Integer, Expected> expect(Table table, Map<Integer, Row> now, Map<Integer, Row> model) {
        Map<Integer, Expected> expected = new TreeMap<>();
        boolean full = table.nextRunFull();
        for (Map.Entry<Integer, Row> row : now.entrySet()) {
            if (!full && row.getValue().ts().isBefore(table.watermark)) {
                continue; // an incremental timestamp run does not read it
            }
            Row old = model.put(row.getKey(), row.getValue());
            if (old == null) {
                expected.put(row.getKey(), new Expected("c", null, row.getValue().canonical()));
            } else if (!old.canonical().equals(row.getValue().canonical())) {
                expected.put(row.getKey(), new Expected("u", old.canonical(), row.getValue().canonical()));
            }
        }
        if (full) {
            for (Integer id : new ArrayList<>(model.keySet())) {
                if (!now.containsKey(id)) {
                    expected.put(id, new Expected("d", model.remove(id).canonical(), null));
                }
            }
        }
        return expected;
    }

    /**
     * One round of mutations. Timestamps grow by a minute per round; updated and inserted rows share
     * two timestamps of the round, a few take exactly the last watermark.
     */
    private static void mutate(TestDatabase db, Table table, int round) {
        Random random = table.random;
        Map<Integer, Row> current = new HashMap<>(table.snapshot);
        List<Integer> ids = new ArrayList<>(new TreeSet<>(current.keySet()));
        LocalDateTime[] stamps = {EPOCH.plusMinutes(round * 10L), EPOCH.plusMinutes(round * 10L).plusSeconds(1)};
        List<String> sql = new ArrayList<>();
        Map<Integer, Row> updated = new HashMap<>();

        // updated and restored within the round: no change for any method
        for (int i = 0; i < 3 && !ids.isEmpty(); i++) {
            int id = ids.get(random.nextInt(ids.size()));
            Row original = current.get(id);
            sql.add(update(table.name, id, new Row("flip" + round, amount(random), stamps[0])));
            sql.add(update(table.name, id, original));
        }
        // restored to the value it had before the previous round (a timestamp table needs a new
        // timestamp for the run to see it)
        for (Map.Entry<Integer, Row> old : table.updatedLastRound.entrySet()) {
            if (current.containsKey(old.getKey()) && random.nextInt(3) == 0) {
                Row restored = table.timestamp() ? new Row(old.getValue().name(), old.getValue().amount(), stamps[1])
                        : old.getValue();
                sql.add(update(table.name, old.getKey(), restored));
                current.put(old.getKey(), restored);
            }
        }
        // updates sharing two timestamps
        for (int i = 0; i < ROWS * 2 / 100 && !ids.isEmpty(); i++) {
            int id = ids.get(random.nextInt(ids.size()));
            Row row = new Row("u" + round + "-" + random.nextInt(1000), random.nextInt(10) == 0 ? null : amount(random),
                    stamps[random.nextInt(2)]);
            updated.putIfAbsent(id, current.get(id));
            sql.add(update(table.name, id, row));
            current.put(id, row);
        }
        // a row at exactly the last watermark (a late commit with the same timestamp)
        if (table.watermark != null && !ids.isEmpty()) {
            int id = ids.get(random.nextInt(ids.size()));
            Row row = new Row("tie" + round, amount(random), table.watermark);
            updated.putIfAbsent(id, current.get(id));
            sql.add(update(table.name, id, row));
            current.put(id, row);
        }
        // deletes
        List<Integer> gone = new ArrayList<>();
        for (int i = 0; i < ROWS / 100 && !ids.isEmpty(); i++) {
            gone.add(ids.remove(random.nextInt(ids.size())));
        }
        if (!gone.isEmpty()) {
            sql.add("DELETE FROM " + table.name + " WHERE id IN (" + gone.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + ")");
            gone.forEach(current::remove);
            gone.forEach(updated::remove);
        }
        // inserts: new keys, and one key deleted in an earlier round
        int next = Stream.concat(table.snapshot.keySet().stream(), table.deleted.stream())
                .mapToInt(Integer::intValue).max().orElse(0);
        List<Integer> inserted = new ArrayList<>();
        for (int i = 1; i <= ROWS / 100; i++) {
            inserted.add(next + i);
        }
        if (!table.deleted.isEmpty()) {
            inserted.add(table.deleted.remove(random.nextInt(table.deleted.size())));
        }
        table.deleted.addAll(gone);
        for (int id : inserted) {
            Row row = new Row("i" + round + "-" + id, amount(random), stamps[random.nextInt(2)]);
            sql.add("INSERT INTO " + table.name + " VALUES " + values(id, row));
            current.put(id, row);
        }
        db.execute(sql.toArray(String[]::new));
        table.updatedLastRound = updated;
    }

    private static String update(String table, int id, Row row) {
        return "UPDATE " + table + " SET name = '" + row.name() + "', amount = "
                + (row.amount() == null ? "NULL" : row.amount().toPlainString()) + ", updated_at = '"
                + SQL_TIME.format(row.ts()) + "' WHERE id = " + id;
    }

    private static String values(int id, Row row) {
        return "(" + id + ", '" + row.name() + "', " + (row.amount() == null ? "NULL" : row.amount().toPlainString())
                + ", '" + SQL_TIME.format(row.ts()) + "')";
    }

    private static BigDecimal amount(Random random) {
        return BigDecimal.valueOf(random.nextInt(1_000_000), 2);
    }

    private static Map<Integer, Row> snapshot(TestDatabase db, String table) {
        Map<Integer, Row> rows = new HashMap<>();
        for (Map<String, Object> row : db.query("SELECT id, name, amount, updated_at FROM " + table)) {
            Object ts = row.get("updated_at");
            rows.put(((Number) row.get("id")).intValue(), new Row((String) row.get("name"),
                    row.get("amount") == null ? null : ((BigDecimal) row.get("amount")).setScale(2, RoundingMode.UNNECESSARY),
                    ts instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) ts));
        }
        return rows;
    }

    /** A row image of a change event or a file as a {@link Row}. */
    private static Row row(JsonNode node) {
        JsonNode amount = node.get("amount");
        return new Row(node.get("name").asText(), amount.isNull() ? null : amount.decimalValue(),
                LocalDateTime.parse(node.get("updated_at").asText()));
    }

    /** The run's change events per key id, as {@link Expected} values. */
    private static Map<Integer, List<Expected>> changesOf(List<ConsumerRecord<byte[], byte[]>> records, String runId)
            throws Exception {
        Map<Integer, List<Expected>> changes = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            ChangeEvent change = ChangeEvent.parse(record.value());
            if (runId.equals(change.source().runId())) {
                int id = Json.MAPPER.readTree(record.key()).get("id").asInt();
                changes.computeIfAbsent(id, k -> new ArrayList<>()).add(new Expected(change.op(),
                        change.before() == null ? null : row(change.before()).canonical(),
                        change.after() == null ? null : row(change.after()).canonical()));
            }
        }
        return changes;
    }

    private static long count(Map<Integer, Expected> expected, String op) {
        return expected.values().stream().filter(e -> e.op().equals(op)).count();
    }

    /** The run's three files hold exactly the expected keys, each once, with the new values. */
    private static void checkFiles(String bucket, RunEvent written, Map<Integer, Expected> expected, String label)
            throws Exception {
        for (Map.Entry<String, String> category : Map.of("added", "c", "modified", "u", "deleted", "d").entrySet()) {
            Map<Integer, String> want = new TreeMap<>();
            expected.forEach((id, e) -> {
                if (e.op().equals(category.getValue())) {
                    want.put(id, e.after());
                }
            });
            List<Integer> ids = new ArrayList<>();
            Map<Integer, String> got = new TreeMap<>();
            for (String line : Reliability.fileRows(bucket, written, category.getKey())) {
                JsonNode row = Json.MAPPER.readTree(line);
                int id = row.get("id").asInt();
                ids.add(id);
                got.put(id, "d".equals(category.getValue()) ? null : row(row).canonical());
            }
            assertThat(got).as(label + ": " + category.getKey() + " file").isEqualTo(want);
            assertThat(ids).as(label + ": no row twice in the " + category.getKey() + " file").hasSize(want.size());
        }
    }

    /** Reads the change topics onwards from where the last call stopped. */
    private static final class ChangeReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TestKafka.consumerProps(null));
        private final List<TopicPartition> partitions = new ArrayList<>();

        ChangeReader(List<String> topics) {
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The records committed since the last call, by topic. */
        Map<String, List<ConsumerRecord<byte[], byte[]>>> readNew() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<String, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
            partitions.forEach(p -> records.putIfAbsent(p.topic(), new ArrayList<>()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("change topics not read to " + end + " within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records.get(record.topic()).add(record);
                }
            }
            return records;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
