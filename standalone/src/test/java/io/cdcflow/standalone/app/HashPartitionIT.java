package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.io.Topics;
import io.cdcflow.extractor.core.ChunkTaskResult;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hash-partition runs of a 100k-row table through all three services, with both digest modes on
 * PostgreSQL and MariaDB: a 1% change publishes only the rows of the chunks it touched (counted on
 * the rows topic), an unchanged table publishes none, growth re-splits the last chunk, a shrunk chunk
 * is merged, and the change counts and files equal the ground truth of the SQL applied.
 */
class HashPartitionIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final int ROWS = 100_000;
    private static final int PARTITION_SIZE = 5_000;

    @TempDir
    Path dataDir;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of("postgresql", "backend", false), Arguments.of("postgresql", "database", false),
                Arguments.of("mariadb", "backend", false), Arguments.of("mariadb", "database", false),
                Arguments.of("postgresql", "database", true), Arguments.of("mariadb", "backend", true));
    }

    @ParameterizedTest(name = "{0}, digest {1}, parallel chunks {2}")
    @MethodSource("cases")
    void onlyChangedChunksPublishRowsAndChangesMatchTheSqlApplied(String type, String digest, boolean parallel)
            throws Exception {
        boolean postgres = "postgresql".equals(type);
        TestDatabase db = (postgres ? TestDatabases.postgres() : TestDatabases.mariadb())
                .createDatabase("hash_partition_it");
        db.execute("CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, name varchar(40), amount decimal(12,2))",
                insert(postgres, 1, ROWS));
        String prefix = ItConfigs.uniqueName("it");
        String bucket = ItConfigs.uniqueName("bucket");
        String json = ItConfigs.json(db, "items", "[\"id\"]", prefix, bucket, dataDir, 2_000)
                .replace("\"method\": \"hash\"", "\"method\": \"hash-partition\", \"partition_size\": "
                        + PARTITION_SIZE + ", \"digest\": \"" + digest + "\", \"parallel_chunks\": " + parallel);
        CdcConfig config = ItConfigs.config(json);

        try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
            CycleRunner cycle = new CycleRunner(pipeline, QUIET);
            String rowsTopic = pipeline.topics().names().rows();

            RunResult first = run(cycle);
            assertThat(first.changes()).containsExactly(Map.entry("added", (long) ROWS), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));
            assertThat(published(rowsTopic, first.runId())).isEqualTo(ROWS);

            // 1%: 500 updates in chunk (40000, 45000], 300 deletes in (60000, 65000], 200 inserts at the end
            db.execute("UPDATE items SET name = 'changed' WHERE id BETWEEN 40001 AND 40500",
                    "DELETE FROM items WHERE id BETWEEN 60001 AND 60300",
                    insert(postgres, ROWS + 1, ROWS + 200));
            RunResult second = run(cycle);
            assertThat(second.changes()).containsExactly(Map.entry("added", 200L), Map.entry("modified", 500L),
                    Map.entry("deleted", 300L));
            assertThat(ids(bucket, second, "modified")).isEqualTo(range(40_001, 40_500));
            assertThat(ids(bucket, second, "deleted")).isEqualTo(range(60_001, 60_300));
            assertThat(ids(bucket, second, "added")).isEqualTo(range(ROWS + 1, ROWS + 200));
            assertThat(published(rowsTopic, second.runId())).as("rows of the 3 changed chunks only")
                    .isEqualTo(5_000 + 4_700 + 5_200);
            assertThat(spared(rowsTopic, second.runId())).hasSize(17);
            assertThat(chunkTaskResults(pipeline.topics().names().chunkResults(), second.runId()))
                    .as("20 chunks of 5,000 rows in tasks of 4").isEqualTo(parallel ? 5 : 0);

            RunResult unchanged = run(cycle);
            assertThat(unchanged.changes().values()).containsOnly(0L);
            assertThat(published(rowsTopic, unchanged.runId())).isZero();
            assertThat(spared(rowsTopic, unchanged.runId())).hasSize(20);

            // growth splits the last chunk (5,200 + 11,800 rows) in three; deletes shrink (60000, 65000] to 2,000
            // rows, so it is merged with (65000, 70000]: 20 - 1 + 2 = 21 chunks
            db.execute(insert(postgres, ROWS + 201, ROWS + 12_000),
                    "DELETE FROM items WHERE id BETWEEN 60301 AND 63000");
            RunResult grown = run(cycle);
            assertThat(grown.changes()).containsExactly(Map.entry("added", 11_800L), Map.entry("modified", 0L),
                    Map.entry("deleted", 2_700L));
            assertThat(ids(bucket, grown, "deleted")).isEqualTo(range(60_301, 63_000));
            assertThat(published(rowsTopic, grown.runId())).isEqualTo(17_000 + 7_000);
            assertThat(spared(rowsTopic, grown.runId())).hasSize(17);

            RunResult settled = run(cycle);
            assertThat(settled.changes().values()).containsOnly(0L);
            assertThat(published(rowsTopic, settled.runId())).as("new chunks got digests").isZero();
            assertThat(spared(rowsTopic, settled.runId())).hasSize(21);
        }
    }

    @ParameterizedTest(name = "{0}, digest {1}, parallel chunks {2}")
    @MethodSource("cases")
    void compositeStringKeysChunkAndDiffExactly(String type, String digest, boolean parallel) throws Exception {
        boolean postgres = "postgresql".equals(type);
        TestDatabase db = (postgres ? TestDatabases.postgres() : TestDatabases.mariadb())
                .createDatabase("hash_partition_keys_it");
        db.execute("CREATE TABLE parts (region varchar(10) NOT NULL, code varchar(20) NOT NULL, qty integer,"
                + " PRIMARY KEY (region, code))");
        for (String region : List.of("eu", "us", "ap")) {
            StringBuilder insert = new StringBuilder("INSERT INTO parts VALUES ");
            for (int i = 0; i < 200; i++) {
                insert.append(i == 0 ? "" : ", ").append("('").append(region).append("', 'p-").append(i)
                        .append("', ").append(i).append(')');
            }
            db.execute(insert.toString());
        }
        String prefix = ItConfigs.uniqueName("it");
        String bucket = ItConfigs.uniqueName("bucket");
        CdcConfig config = ItConfigs.config(ItConfigs.json(db, "parts", "[\"region\", \"code\"]", prefix, bucket,
                dataDir, 100).replace("\"method\": \"hash\"", "\"method\": \"hash-partition\", \"partition_size\": 40,"
                + " \"digest\": \"" + digest + "\", \"parallel_chunks\": " + parallel));

        try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
            CycleRunner cycle = new CycleRunner(pipeline, QUIET);
            String rowsTopic = pipeline.topics().names().rows();
            RunResult first = single(cycle, "parts");
            assertThat(first.changes()).containsExactly(Map.entry("added", 600L), Map.entry("modified", 0L),
                    Map.entry("deleted", 0L));

            db.execute("UPDATE parts SET qty = -1 WHERE region = 'us' AND code = 'p-17'",
                    "DELETE FROM parts WHERE region = 'eu' AND code = 'p-150'",
                    "INSERT INTO parts VALUES ('eu', 'p-150x', 5)",
                    "UPDATE parts SET qty = 3 WHERE region = 'ap' AND code = 'p-3'"); // same value
            RunResult second = single(cycle, "parts");
            assertThat(second.changes()).containsExactly(Map.entry("added", 1L), Map.entry("modified", 1L),
                    Map.entry("deleted", 1L));
            assertThat(keys(bucket, second, "modified")).containsExactly("us/p-17");
            assertThat(keys(bucket, second, "deleted")).containsExactly("eu/p-150");
            assertThat(keys(bucket, second, "added")).containsExactly("eu/p-150x");
            assertThat(published(rowsTopic, second.runId())).as("two chunks of 40 to 79 rows at most")
                    .isBetween(40L, 158L);

            RunResult third = single(cycle, "parts");
            assertThat(third.changes().values()).containsOnly(0L);
            assertThat(published(rowsTopic, third.runId())).isZero();
        }
    }

    private static RunResult single(CycleRunner cycle, String table) {
        List<RunResult> results = cycle.run(List.of(table), TIMEOUT);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).success()).as(String.valueOf(results.get(0))).isTrue();
        return results.get(0);
    }

    private static List<String> keys(String bucket, RunResult result, String category) throws Exception {
        String file = result.snapshot().filesSaved().stream().filter(f -> f.endsWith("_" + category + ".json"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + category + " file in " + result));
        List<String> keys = new java.util.ArrayList<>();
        for (JsonNode row : Json.MAPPER.readTree(TestObjectStore.get(bucket, file))) {
            keys.add(row.get("region").asText() + "/" + row.get("code").asText());
        }
        return keys;
    }

    private static String insert(boolean postgres, long from, long to) {
        return postgres
                ? "INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(" + from + ", " + to + ") g"
                : "INSERT INTO items SELECT seq, CONCAT('item ', seq), seq * 1.25 FROM seq_" + from + "_to_" + to;
    }

    private static RunResult run(CycleRunner cycle) {
        List<RunResult> results = cycle.run(List.of("items"), TIMEOUT);
        assertThat(results).hasSize(1);
        RunResult result = results.get(0);
        assertThat(result.success()).as(String.valueOf(result)).isTrue();
        assertThat(result.method()).isEqualTo("hash-partition");
        return result;
    }

    private static long published(String rowsTopic, String runId) {
        return events(rowsTopic, runId).mapToLong(RowEvent::rowCount).sum();
    }

    private static long chunkTaskResults(String resultsTopic, String runId) {
        return TestKafka.readAll(resultsTopic, Duration.ofSeconds(10)).stream()
                .map(r -> ChunkTaskResult.parse(r.value())).filter(r -> r.runId().equals(runId) && !r.failed()).count();
    }

    private static Set<Long> spared(String rowsTopic, String runId) {
        List<RowEvent> ends = events(rowsTopic, runId).filter(e -> e.kind() == RowEvent.Kind.END).toList();
        assertThat(ends).isNotEmpty();
        assertThat(ends).allSatisfy(end -> assertThat(end.sparedChunks()).isEqualTo(ends.get(0).sparedChunks()));
        return new HashSet<>(ends.get(0).sparedChunks());
    }

    private static Stream<RowEvent> events(String rowsTopic, String runId) {
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readAll(rowsTopic, Duration.ofSeconds(30));
        return records.stream().map(r -> Topics.ROW_EVENTS.deserializer().deserialize(rowsTopic, r.value()))
                .filter(e -> e.runId().equals(runId));
    }

    private static Set<Long> ids(String bucket, RunResult result, String category) throws Exception {
        String file = result.snapshot().filesSaved().stream().filter(f -> f.endsWith("_" + category + ".json"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + category + " file in " + result));
        Set<Long> ids = new HashSet<>();
        for (JsonNode row : Json.MAPPER.readTree(TestObjectStore.get(bucket, file))) {
            ids.add(row.get("id").asLong());
        }
        return ids;
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> ids = new HashSet<>();
        LongStream.rangeClosed(from, to).forEach(ids::add);
        return ids;
    }
}
