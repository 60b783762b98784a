package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad-input catalogue, data and names (docs/reliability.md, D-01 to D-12 and N-01 to N-06), on real
 * PostgreSQL and MariaDB: tables without a key, NULL and duplicate keys, wide and oversized rows,
 * binary and unicode values, schema changes and dropped tables between runs, and table and column
 * names with quotes, spaces, reserved words, LIKE wildcards and SQL injection attempts. Every failing
 * case fails only its own run, with its reason; the pipeline goes on with the next one.
 */
class BadDataIT {
    private static final String META = ",\"_cdc_table\":\"%s\",\"_cdc_datasource\":\"it\"}";

    @TempDir
    Path dataDir;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("postgresql"), Arguments.of("mariadb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void badDataAndOddNamesFailOnlyTheirRunOrAreCarriedExactly(String type) throws Exception {
        boolean pg = "postgresql".equals(type);
        TestDatabase db = (pg ? TestDatabases.postgres() : TestDatabases.mariadb()).createDatabase("rel_bad_data");
        String bytes = pg ? "bytea" : "varbinary(300)";
        String text = pg ? "text" : "longtext";
        db.execute("CREATE TABLE victim (id integer PRIMARY KEY)", "INSERT INTO victim VALUES (1)",
                "CREATE TABLE no_pk (v " + text + ")", "INSERT INTO no_pk VALUES ('a')",
                "CREATE TABLE null_key (k integer NULL, v " + text + ")",
                "INSERT INTO null_key VALUES (1, 'a'), (NULL, 'b')",
                "CREATE TABLE dup_base (id integer NOT NULL, v varchar(10))",
                "INSERT INTO dup_base VALUES (1, 'a'), (1, 'b'), (2, 'c')",
                "CREATE VIEW dup_view AS SELECT id, v FROM dup_base",
                "CREATE TABLE odd_values (id integer PRIMARY KEY, b " + bytes + ", t " + text + ")",
                "INSERT INTO odd_values VALUES (1, " + hex(pg, "00ff") + ", '" + "\uD83D\uDE00 e\u0301 \u05E9\u05DC\u05D5\u05DD \u200B" + "')",
                "INSERT INTO odd_values VALUES (2, " + hex(pg, "") + ", '')",
                "INSERT INTO odd_values VALUES (3, NULL, NULL)",
                "INSERT INTO odd_values VALUES (4, " + hex(pg, allBytes()) + ", 'tab\tnl\n\"q\" back\\\\slash '' apos')",
                "CREATE TABLE wide (id integer PRIMARY KEY, "
                        + IntStream.rangeClosed(1, 150).mapToObj(i -> "c" + i + " varchar(8)").collect(Collectors.joining(", "))
                        + ", big " + text + ")",
                "INSERT INTO wide VALUES (1, " + IntStream.rangeClosed(1, 150).mapToObj(i -> "'v" + i + "'")
                        .collect(Collectors.joining(", ")) + ", '" + "x".repeat(400_000) + "')",
                "CREATE TABLE too_big (id integer PRIMARY KEY, big " + text + ")",
                "INSERT INTO too_big VALUES (1, 'small'), (2, '" + "y".repeat(1_500_000) + "')",
                "CREATE TABLE evolving (id integer PRIMARY KEY, v varchar(10))",
                "INSERT INTO evolving VALUES (1, 'a'), (2, 'b')",
                "CREATE TABLE dropped (id integer PRIMARY KEY, v varchar(10))",
                "INSERT INTO dropped VALUES (1, 'a'), (2, 'b')",
                "CREATE TABLE hashed (id integer PRIMARY KEY, v varchar(10))", "INSERT INTO hashed VALUES (1, 'a')",
                // names: quotes, spaces, reserved words, injection attempts, LIKE wildcards
                "CREATE TABLE " + q(pg, "Odd \"Name\" `x`") + " (" + q(pg, "select") + " integer PRIMARY KEY, "
                        + q(pg, "col with space") + " varchar(10), " + q(pg, "\"quoted\"") + " varchar(10), "
                        + q(pg, "x'); DROP TABLE victim; --") + " varchar(10))",
                "INSERT INTO " + q(pg, "Odd \"Name\" `x`") + " VALUES (1, 'a b', 'q', 'inj')",
                "CREATE TABLE " + q(pg, "order") + " (" + q(pg, "group") + " integer PRIMARY KEY, " + q(pg, "from")
                        + " varchar(10))",
                "INSERT INTO " + q(pg, "order") + " VALUES (7, 'x')",
                "CREATE TABLE a_b (id integer PRIMARY KEY, v varchar(10))", "INSERT INTO a_b VALUES (1, 'ab')",
                "CREATE TABLE axb (other integer PRIMARY KEY, w varchar(10), z varchar(10))",
                "INSERT INTO axb VALUES (5, 'no', 'no')");

        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("no_pk", hash("no_pk", ""));
        tables.put("null_key", hash("null_key", ", \"primary_key\": \"k\""));
        tables.put("dup_view", hash("dup_view", ", \"primary_key\": \"id\""));
        tables.put("odd_values", hash("odd_values", ""));
        tables.put("wide", hash("wide", ""));
        tables.put("too_big", hash("too_big", ""));
        tables.put("evolving", hash("evolving", ""));
        tables.put("dropped", hash("dropped", ""));
        tables.put("hashed", hash("hashed", ", \"hash_columns\": [\"id\", \"nope\"]"));
        tables.put("odd_name", hash("Odd \"Name\" `x`", ""));
        tables.put("reserved", hash("order", ""));
        tables.put("injected", hash("victim; DROP TABLE victim", ""));
        tables.put("injected_key", hash("victim", ", \"primary_key\": \"id\\\"; DROP TABLE victim; --\""));
        tables.put("a_b", hash("a_b", ""));
        String prefix = ItConfigs.uniqueName("reldata");
        String bucket = ItConfigs.uniqueName("reldata");
        CdcConfig config = Reliability.parse(Reliability.config(Map.of("it", Reliability.datasource(db)), tables,
                prefix, bucket, dataDir, 100));

        try (Pipeline pipeline = Pipeline.start(config, Map.of()); RunClient client = pipeline.runClient()) {
            // D-01 a table without primary key
            failed(client, "no_pk", "has no primary key; configure \"primary_key\"");
            // D-02 a NULL value in a configured key column
            RunEvent nullKey = run(client, "null_key");
            assertThat(nullKey.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(rowsOf(bucket, nullKey)).as("NULL is carried as a key value").containsExactlyInAnyOrder(
                    "{\"k\":1,\"v\":\"a\",\"_cdc_operation\":\"added\"" + META.formatted("null_key"),
                    "{\"k\":null,\"v\":\"b\",\"_cdc_operation\":\"added\"" + META.formatted("null_key"));
            // D-03 a view with duplicate keys: detected (finding F-2), the run fails without a second change
            RunEvent dupView = run(client, "dup_view");
            assertThat(dupView.state()).as(String.valueOf(dupView)).isEqualTo(RunEvent.State.FAILED);
            assertThat(dupView.error()).matches("incomplete run: partition \\d: duplicate keys: 1 row\\(s\\) of "
                    + "it\\.dup_view repeat a primary key already read by this run, e\\.g\\. \\[1\\]; configure a "
                    + "\"primary_key\" that is unique");
            assertThat(dupView.counts()).isEqualTo(new io.cdcflow.common.core.Counts(2, 2, 0, 0, 0));
            assertThat(Reliability.changes(pipeline.topics().changes("it", "dup_view").name(), null))
                    .as("each key once").containsExactlyInAnyOrder(Map.entry("{\"id\":1}", "c"), Map.entry("{\"id\":2}", "c"));
            assertThat(Reliability.fileRows(bucket, dupView, "added")).as("the first row of key 1 is kept")
                    .containsExactlyInAnyOrder(
                            "{\"id\":1,\"v\":\"a\",\"_cdc_operation\":\"added\"" + META.formatted("dup_view"),
                            "{\"id\":2,\"v\":\"c\",\"_cdc_operation\":\"added\"" + META.formatted("dup_view"));
            assertThat(Reliability.fileRows(bucket, dupView, "modified")).isEmpty();
            assertThat(Reliability.fileRows(bucket, dupView, "deleted")).isEmpty();
            assertThat(Reliability.summary(bucket, dupView).get("status").asText()).isEqualTo("incomplete");
            db.execute("DELETE FROM dup_base WHERE v = 'b'");
            RunEvent unique = written(client, "dup_view");
            assertThat(unique.counts()).as("once the key is unique: no spurious change")
                    .isEqualTo(new io.cdcflow.common.core.Counts(2, 0, 0, 0, 2));
            // D-04 binary and unicode edge cases
            RunEvent odd = written(client, "odd_values");
            assertThat(Reliability.fileRows(bucket, odd, "added")).containsExactlyInAnyOrder(
                    "{\"id\":1,\"b\":\"AP8=\",\"t\":\"\uD83D\uDE00 e\u0301 \u05E9\u05DC\u05D5\u05DD \u200B\",\"_cdc_operation\":\"added\""
                            + META.formatted("odd_values"),
                    "{\"id\":2,\"b\":\"\",\"t\":\"\",\"_cdc_operation\":\"added\"" + META.formatted("odd_values"),
                    "{\"id\":3,\"b\":null,\"t\":null,\"_cdc_operation\":\"added\"" + META.formatted("odd_values"),
                    "{\"id\":4,\"b\":\"" + java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(allBytes()))
                            + "\",\"t\":\"tab\\tnl\\n\\\"q\\\" back" + (pg ? "\\\\\\\\" : "\\\\")
                            + "slash ' apos\",\"_cdc_operation\":\"added\"" + META.formatted("odd_values"));
            // D-05 a wide row: 152 columns, 400 KB of text
            RunEvent wide = written(client, "wide");
            List<String> wideRows = Reliability.fileRows(bucket, wide, "added");
            assertThat(wideRows).hasSize(1);
            assertThat(wideRows.get(0)).startsWith("{\"id\":1,\"c1\":\"v1\",\"c2\":\"v2\"")
                    .contains("\"c150\":\"v150\",\"big\":\"" + "x".repeat(400_000) + "\",")
                    .endsWith(",\"_cdc_operation\":\"added\"" + META.formatted("wide"));
            // D-06 a row larger than Kafka's maximum record size
            RunEvent tooBig = run(client, "too_big");
            assertThat(tooBig.state()).isEqualTo(RunEvent.State.FAILED);
            assertThat(tooBig.error()).startsWith("a row exceeds Kafka's maximum record size: ")
                    .contains("RecordTooLargeException: The message is 1500");
            db.execute("DELETE FROM too_big WHERE id = 2");
            RunEvent small = written(client, "too_big");
            assertThat(rowsOf(bucket, small)).containsExactly(
                    "{\"id\":1,\"big\":\"small\",\"_cdc_operation\":\"added\"" + META.formatted("too_big"));
            // D-07 schema changed between runs
            written(client, "evolving");
            db.execute(pg ? "ALTER TABLE evolving ADD COLUMN extra varchar(10) DEFAULT 'x'"
                    : "ALTER TABLE evolving ADD COLUMN extra varchar(10) DEFAULT 'x'");
            RunEvent evolved = run(client, "evolving");
            assertThat(evolved.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(rowsOf(bucket, evolved)).containsExactlyInAnyOrder(
                    "{\"id\":1,\"v\":\"a\",\"extra\":\"x\",\"_cdc_operation\":\"modified\"" + META.formatted("evolving"),
                    "{\"id\":2,\"v\":\"b\",\"extra\":\"x\",\"_cdc_operation\":\"modified\"" + META.formatted("evolving"));
            db.execute("ALTER TABLE evolving DROP COLUMN v");
            RunEvent shrunk = run(client, "evolving");
            assertThat(shrunk.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(rowsOf(bucket, shrunk)).containsExactlyInAnyOrder(
                    "{\"id\":1,\"extra\":\"x\",\"_cdc_operation\":\"modified\"" + META.formatted("evolving"),
                    "{\"id\":2,\"extra\":\"x\",\"_cdc_operation\":\"modified\"" + META.formatted("evolving"));
            // D-08 table dropped between runs, then restored
            written(client, "dropped");
            db.execute("DROP TABLE dropped");
            failed(client, "dropped", "not found");
            db.execute("CREATE TABLE dropped (id integer PRIMARY KEY, v varchar(10))",
                    "INSERT INTO dropped VALUES (1, 'a'), (2, 'b')");
            RunEvent restored = written(client, "dropped");
            assertThat(restored.counts()).isEqualTo(new io.cdcflow.common.core.Counts(2, 0, 0, 0, 2));
            assertThat(Reliability.changes(pipeline.topics().changes("it", "dropped").name(), null))
                    .as("the failed run deleted nothing").containsExactlyInAnyOrder(
                            Map.entry("{\"id\":1}", "c"), Map.entry("{\"id\":2}", "c"));
            // D-09 a hash_columns entry that does not exist
            failed(client, "hashed", "configured hash_columns column(s) [nope] not found in table");
            // N-01 quotes, spaces, backticks, an injection attempt in names
            RunEvent oddName = written(client, "odd_name");
            assertThat(rowsOf(bucket, oddName)).containsExactly("{\"select\":1,\"col with space\":\"a b\","
                    + "\"\\\"quoted\\\"\":\"q\",\"x'); DROP TABLE victim; --\":\"inj\",\"_cdc_operation\":\"added\""
                    + META.formatted("odd_name"));
            // N-02 reserved words
            RunEvent reserved = written(client, "reserved");
            assertThat(rowsOf(bucket, reserved)).containsExactly(
                    "{\"group\":7,\"from\":\"x\",\"_cdc_operation\":\"added\"" + META.formatted("reserved"));
            // N-03 an injection attempt as table name
            failed(client, "injected", "not found");
            // N-04 an injection attempt as key column
            failed(client, "injected_key", "not found in table");
            // N-05 a LIKE wildcard in a table name (a_b must not match axb)
            RunEvent ab = written(client, "a_b");
            assertThat(rowsOf(bucket, ab)).containsExactly(
                    "{\"id\":1,\"v\":\"ab\",\"_cdc_operation\":\"added\"" + META.formatted("a_b"));
            assertThat(db.query("SELECT id FROM victim")).as("victim survived").containsExactly(Map.of("id", 1));
        }
    }

    private static String hash(String table, String extra) {
        return "{\"datasource\": \"it\", \"method\": \"hash\", \"table\": " + Reliability.str(table) + extra + "}";
    }

    private static RunEvent run(RunClient client, String table) {
        return Reliability.run(client, "it", table);
    }

    private static RunEvent written(RunClient client, String table) {
        RunEvent event = run(client, table);
        assertThat(event.state()).as(String.valueOf(event)).isEqualTo(RunEvent.State.WRITTEN);
        return event;
    }

    private static RunEvent failed(RunClient client, String table, String reason) {
        RunEvent event = run(client, table);
        assertThat(event.state()).as(String.valueOf(event)).isEqualTo(RunEvent.State.FAILED);
        assertThat(event.error()).contains(reason);
        return event;
    }

    private static List<String> rowsOf(String bucket, RunEvent event) throws Exception {
        List<String> rows = new ArrayList<>();
        if (event.state() != RunEvent.State.WRITTEN) {
            return rows;
        }
        for (String category : List.of("added", "modified", "deleted")) {
            rows.addAll(Reliability.fileRows(bucket, event, category));
        }
        return rows;
    }

    private static String q(boolean pg, String name) {
        return pg ? "\"" + name.replace("\"", "\"\"") + "\"" : "`" + name.replace("`", "``") + "`";
    }

    private static String hex(boolean pg, String hex) {
        return pg ? "decode('" + hex + "', 'hex')" : "X'" + hex + "'";
    }

    private static String allBytes() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            hex.append(String.format("%02x", i));
        }
        return hex.toString();
    }
}
