package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad-input catalogue, commands (docs/reliability.md, C-01 to C-16): every malformed command goes
 * unchanged to the DLQ with its reason and a failed run event; valid commands sent after them run
 * normally; a repeated command rewrites nothing.
 */
class BadCommandsIT {
    @TempDir
    Path dataDir;

    @Test
    void badCommandsAreDeadLetteredAndTheExtractorKeepsGoing() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("rel_bad_commands");
        db.execute("CREATE TABLE items (id integer PRIMARY KEY, name text)",
                "INSERT INTO items VALUES (1, 'one'), (2, 'two')",
                "CREATE TABLE victim (id integer PRIMARY KEY)");
        String prefix = ItConfigs.uniqueName("relcmd");
        String bucket = ItConfigs.uniqueName("relcmd");
        CdcConfig config = Reliability.parse(Reliability.config(Map.of("it", Reliability.datasource(db)),
                Map.of("items", "{\"datasource\": \"it\", \"method\": \"hash\"}"), prefix, bucket, dataDir, 100));

        // key -> value -> expected reason
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"it.items", "run items please", "command is not valid JSON: Unrecognized token 'run'"});
        bad.add(new String[] {"it.items", "", "empty command message"});
        bad.add(new String[] {"it.items", "null", "command is JSON null"});
        bad.add(new String[] {"it.items", "[1, 2]", "command is not valid JSON: Cannot deserialize"});
        bad.add(new String[] {"it.items", "{\"command\": \"extract\", \"table\": \"items\"", "command is not valid JSON: Unexpected end-of-input"});
        bad.add(new String[] {"it.items", "{\"command\": \"drop\", \"table\": \"items\"}", "unknown command \"drop\" (known: extract)"});
        bad.add(new String[] {"it.items", "{\"table\": \"items\"}", "unknown command \"null\" (known: extract)"});
        bad.add(new String[] {"it.items", "{\"command\": \"extract\"}", "command has no \"table\""});
        bad.add(new String[] {"it.nope", "{\"command\": \"extract\", \"table\": \"nope\"}", "unknown table \"nope\"; known tables: items"});
        bad.add(new String[] {"it.items", "{\"command\": \"extract\", \"table\": \"items; DROP TABLE victim\"}",
                "unknown table \"items; DROP TABLE victim\"; known tables: items"});
        bad.add(new String[] {"other.items", "{\"command\": \"extract\", \"datasource\": \"other\", \"table\": \"items\"}",
                "table \"items\" belongs to datasource \"it\", not \"other\""});
        bad.add(new String[] {"it.items", "{\"command\": \"extract\", \"table\": \"items\", \"run_id\": \"../../etc/passwd\"}",
                "run_id must match [A-Za-z0-9_.:+-]{1,128}"});
        bad.add(new String[] {"it.items", "{\"command\": \"extract\", \"table\": \"items\", \"requested_at\": \"yesterday\"}",
                "command is not valid JSON: Cannot deserialize value of type `java.time.Instant`"});
        String huge = "{\"command\": \"extract\", \"table\": \"items\", \"requested_by\": \"" + "x".repeat(70_000) + "\"}";
        bad.add(new String[] {"it.items", huge, "command message of " + huge.length() + " bytes exceeds 65536"});

        try (Pipeline pipeline = Pipeline.start(config, Map.of());
             RunClient client = pipeline.runClient();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.producerProps())) {
            String commands = pipeline.topics().commands().name();
            for (String[] command : bad) {
                producer.send(new ProducerRecord<>(commands, bytes(command[0]), bytes(command[1]))).get();
            }
            // a good command after all the bad ones of the same partition
            String good = "{\"command\": \"extract\", \"table\": \"items\", \"run_id\": \"dup-1\", "
                    + "\"requested_at\": \"2024-12-15T14:30:22Z\"}";
            producer.send(new ProducerRecord<>(commands, bytes("it.items"), bytes(good))).get();
            RunEvent first = Reliability.await(client, "dup-1");
            assertThat(first.state()).as(String.valueOf(first)).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(first.counts().added()).isEqualTo(2);
            assertThat(first.files()).contains("snapshots/it/items/20241215_143022_summary.json");
            assertThat(Reliability.fileRows(bucket, first, "added")).containsExactlyInAnyOrder(
                    "{\"id\":1,\"name\":\"one\",\"_cdc_operation\":\"added\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}",
                    "{\"id\":2,\"name\":\"two\",\"_cdc_operation\":\"added\",\"_cdc_table\":\"items\",\"_cdc_datasource\":\"it\"}");

            // C-15 the same command again (an Airflow clear): executed again, the writer finds the
            // run's summary and publishes the stored outcome; no new files, no new changes
            producer.send(new ProducerRecord<>(commands, bytes("it.items"), bytes(good))).get();
            RunEvent repeated = Reliability.await(client, "dup-1");
            assertThat(repeated.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(repeated.files()).isEqualTo(first.files());
            // C-16 the same run id with another requested_at (finding F-1): refused by the differ; an
            // empty, incomplete set of files under the new second, no change
            client.trigger("it", "items", "dup-1", "test");
            RunEvent again = Reliability.await(client, "dup-1");
            assertThat(again.state()).as(String.valueOf(again)).isEqualTo(RunEvent.State.FAILED);
            assertThat(again.error()).isEqualTo("incomplete run: partitions 0, 1, 2: refused: run id dup-1 was already "
                    + "used by the run started 2024-12-15T14:30:22Z; give every run a new run id");
            assertThat(again.counts()).isEqualTo(io.cdcflow.common.core.Counts.ZERO);
            assertThat(again.files()).doesNotContainAnyElementsOf(first.files());
            for (String category : List.of("added", "modified", "deleted")) {
                assertThat(Reliability.fileRows(bucket, again, category)).isEmpty();
            }
            assertThat(Reliability.summary(bucket, again).get("status").asText()).isEqualTo("incomplete");
            assertThat(Reliability.summary(bucket, again).get("changes").toString())
                    .isEqualTo("{\"added\":0,\"modified\":0,\"deleted\":0}");
            assertThat(io.cdcflow.testkit.TestObjectStore.list(bucket, "snapshots/it/items/")).hasSize(8);
            db.execute("INSERT INTO items VALUES (3, 'three')");
            RunEvent next = Reliability.run(client, "it", "items");
            assertThat(next.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(next.counts().added()).isEqualTo(1);
            assertThat(next.counts().modified() + next.counts().deleted()).isZero();
            String changes = pipeline.topics().changes("it", "items").name();
            assertThat(Reliability.changes(changes, null)).as("each row added once, nothing repeated").containsExactlyInAnyOrder(
                    Map.entry("{\"id\":1}", "c"), Map.entry("{\"id\":2}", "c"), Map.entry("{\"id\":3}", "c"));
            assertThat(db.query("SELECT count(*) AS n FROM victim")).containsExactly(Map.of("n", 0L));

            List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readAll(
                    pipeline.topics().commandsDeadLetter().name(), Duration.ofSeconds(30));
            assertThat(dead).hasSize(bad.size());
            Map<String, String> reasonByValue = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : dead) {
                Map<String, String> headers = Reliability.headers(record);
                assertThat(headers).containsEntry("cdc.original.topic", commands)
                        .containsKeys("cdc.original.partition", "cdc.original.offset");
                reasonByValue.put(Reliability.text(record.value()), headers.get("cdc.error"));
            }
            for (String[] command : bad) {
                assertThat(reasonByValue).as("the DLQ holds the command unchanged").containsKey(command[1]);
                assertThat(reasonByValue.get(command[1])).as(command[1].length() > 200 ? "huge" : command[1])
                        .startsWith(command[2]);
            }
            List<RunEvent> failed = TestKafka.readAll(pipeline.topics().runEvents().name(), Duration.ofSeconds(30))
                    .stream().map(r -> RunEvent.parse(r.value())).filter(e -> e.state() == RunEvent.State.FAILED)
                    .filter(e -> !"dup-1".equals(e.runId())) // C-16, checked above
                    .toList();
            assertThat(failed).hasSize(bad.size());
            assertThat(failed).extracting(RunEvent::error).containsExactlyInAnyOrderElementsOf(reasonByValue.values());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
