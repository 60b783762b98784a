package io.cdcflow.standalone.app;

import static io.cdcflow.testkit.AvroChangeReader.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.SchemaRegistrySettings;
import io.cdcflow.common.core.AvroChanges;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Metrics;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.differ.io.SchemaRegistryClient;
import io.cdcflow.standalone.core.RunResult;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.AvroChangeReader;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestSchemaRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka.change_format: avro} end to end on PostgreSQL, the embedded broker and the in-process
 * Confluent-compatible registry: the change topic, read with a plain {@code read_committed}
 * consumer and decoded with the writer schema fetched from the registry by the id in each record,
 * holds exactly the run's changes; an added column registers a new value schema version; with the
 * registry down, the run that needs a new version waits (readiness says why, nothing of the run is
 * visible) and completes, each change once, when the registry is back.
 */
class AvroChangesIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void changeTopicIsAvroDecodableWithTheRegistrysSchemas() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("avro_changes_it");
        db.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(20), price numeric(8,2),"
                        + " seen timestamptz, day date, ref uuid)",
                "INSERT INTO items VALUES (1, 'a', 1.50, '2024-12-15 14:30:22.123456+00', '2024-02-29',"
                        + " '123e4567-e89b-12d3-a456-426614174000'), (2, 'b', NULL, NULL, NULL, NULL)");
        try (TestSchemaRegistry registry = TestSchemaRegistry.open()) {
            String prefix = ItConfigs.uniqueName("avro");
            String json = ItConfigs.json(db, "items", "[\"id\"]", prefix, ItConfigs.uniqueName("bucket"), dataDir, 100)
                    .replace("\"replication_factor\": 1}", "\"replication_factor\": 1, \"change_format\": \"avro\","
                            + " \"schema_registry\": {\"url\": \"" + registry.url() + "\"}}");
            CdcConfig config = ItConfigs.config(json);
            // one reader: its schema cache lets the test decode while the registry is down, as a subscriber's would
            AvroChangeReader reader = new AvroChangeReader(
                    new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))::schema);
            try (OpsServer ops = OpsServer.start(0, Metrics.prometheus());
                 Pipeline pipeline = Pipeline.start(config, Map.of(), ops.registry())) {
                pipeline.addReadinessChecks(ops);
                String topic = pipeline.topics().names().changes("it", "items");
                CycleRunner cycle = new CycleRunner(pipeline, QUIET);

                RunResult first = single(cycle.run(List.of("items"), TIMEOUT));
                assertThat(first.success()).as(String.valueOf(first)).isTrue();
                List<String> expected = new ArrayList<>(List.of(
                        "{id=1} c before=null after=[1, a, 1.50, 2024-12-15T14:30:22.123456Z, 2024-02-29,"
                                + " 123e4567-e89b-12d3-a456-426614174000] run=" + first.runId(),
                        "{id=2} c before=null after=[2, b, null, null, null, null] run=" + first.runId()));
                assertThat(events(reader, TestKafka.readAll(topic, Duration.ofSeconds(10))))
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(registry.subjects()).containsExactly(topic + "-key", topic + "-value");

                db.execute("UPDATE items SET price = 2.00 WHERE id = 1", "DELETE FROM items WHERE id = 2",
                        "INSERT INTO items VALUES (3, 'c', 3.00, NULL, NULL, NULL)");
                RunResult second = single(cycle.run(List.of("items"), TIMEOUT));
                assertThat(second.success()).as(String.valueOf(second)).isTrue();
                expected.addAll(List.of(
                        "{id=1} u before=[1, a, 1.50, 2024-12-15T14:30:22.123456Z, 2024-02-29,"
                                + " 123e4567-e89b-12d3-a456-426614174000] after=[1, a, 2.00, 2024-12-15T14:30:22.123456Z,"
                                + " 2024-02-29, 123e4567-e89b-12d3-a456-426614174000] run=" + second.runId(),
                        "{id=3} c before=null after=[3, c, 3.00, null, null, null] run=" + second.runId(),
                        "{id=2} d before=[2, b, null, null, null, null] after=null run=" + second.runId(),
                        "{id=2} tombstone"));
                assertThat(events(reader, TestKafka.readAll(topic, Duration.ofSeconds(10))))
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(registry.versions(topic + "-value")).hasSize(1);

                // The next run needs a new value schema version while the registry is unreachable.
                registry.stop();
                db.execute("ALTER TABLE items ADD COLUMN note varchar(10)");
                try (RunClient client = pipeline.runClient()) {
                    String third = client.trigger("it", "items", "test");
                    Map<String, RunEvent> waited = client.await(List.of(third), Duration.ofSeconds(30), event -> { });
                    assertThat(waited).as("the run cannot complete without the registry").isEmpty();
                    JsonNode ready = Json.MAPPER.readTree(get(ops, "/ready").body());
                    assertThat(ready.at("/checks/schema_registry/status").asText()).isEqualTo("DOWN");
                    assertThat(ready.at("/checks/schema_registry/error").asText()).startsWith("schema registry at "
                            + registry.url() + ": registering a schema under subject " + topic
                            + "-value failed after 4 retries: no response (");
                    assertThat(events(reader, TestKafka.readAll(topic, Duration.ofSeconds(10))))
                            .as("nothing of the run is committed").containsExactlyInAnyOrderElementsOf(expected);

                    registry.start();
                    Map<String, RunEvent> done = client.await(List.of(third), TIMEOUT, event -> { });
                    assertThat(done.get(third).state()).isEqualTo(RunEvent.State.WRITTEN);
                    assertThat(done.get(third).counts().modified()).isEqualTo(2);
                    expected.addAll(List.of(
                            "{id=1} u before=[1, a, 2.00, 2024-12-15T14:30:22.123456Z, 2024-02-29,"
                                    + " 123e4567-e89b-12d3-a456-426614174000, null] after=[1, a, 2.00,"
                                    + " 2024-12-15T14:30:22.123456Z, 2024-02-29,"
                                    + " 123e4567-e89b-12d3-a456-426614174000, null] run=" + third,
                            "{id=3} u before=[3, c, 3.00, null, null, null, null]"
                                    + " after=[3, c, 3.00, null, null, null, null] run=" + third));
                    List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readAll(topic, Duration.ofSeconds(10));
                    assertThat(events(reader, records)).as("each change once, the third run's in the new shape")
                            .containsExactlyInAnyOrderElementsOf(expected);
                    List<Integer> versions = registry.versions(topic + "-value");
                    assertThat(versions).hasSize(2);
                    assertThat(records).filteredOn(record -> record.value() != null
                                    && events(reader, List.of(record)).get(0).endsWith("run=" + third))
                            .hasSize(2)
                            .allSatisfy(record -> assertThat(AvroChanges.schemaId(record.value()))
                                    .isEqualTo(versions.get(1)));
                    assertThat(Json.MAPPER.readTree(get(ops, "/ready").body())
                            .at("/checks/schema_registry/status").asText()).isEqualTo("UP");
                }
            }
        }
    }

    /** Each record decoded with the registry's schema of its id, as {@code key op before after run}. */
    private static List<String> events(AvroChangeReader reader, List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = fields(reader.decode(record.key())).toString().replace("[", "{id=").replace("]", "}");
            if (record.value() == null) {
                events.add(key + " tombstone");
                continue;
            }
            GenericRecord value = reader.decode(record.value());
            GenericRecord source = (GenericRecord) value.get("source");
            events.add(key + " " + value.get("op") + " before=" + fields((GenericRecord) value.get("before"))
                    + " after=" + fields((GenericRecord) value.get("after")) + " run=" + source.get("run_id"));
        }
        return events;
    }

    private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ops.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RunResult single(List<RunResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }
}
