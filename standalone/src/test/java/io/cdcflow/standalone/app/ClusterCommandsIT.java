package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.RunEvent.State;
import io.cdcflow.testkit.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdc topics create}, {@code cdc status} and {@code cdc trigger} (without services) on a real broker. */
class ClusterCommandsIT {
    private static final Instant T0 = Instant.parse("2024-12-15T14:30:22Z");

    @TempDir
    Path dir;

    /** A config on the test broker with a fresh topic prefix and two tables. */
    private Path config(String prefix) throws IOException {
        Path file = dir.resolve(prefix + ".json");
        Files.writeString(file, """
            {
              "global_settings": {"scheduling": {"timeout_seconds": 2}},
              "datasources": {"shop": {"url": "postgresql://u:p@127.0.0.1:9/shop"}},
              "tables": {
                "orders": {"datasource": "shop", "primary_key": "id", "method": "hash"},
                "customers": {"datasource": "shop", "primary_key": "id", "method": "hash"}
              },
              "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": 2, "replication_factor": 1}
            }
            """.formatted(TestKafka.bootstrapServers(), prefix));
        return file;
    }

    @Test
    void topicsCreateCreatesEveryTopicOnceWithTheConfiguredPartitions() throws Exception {
        String prefix = ItConfigs.uniqueName("topics");
        Path file = config(prefix);

        Cli first = Cli.run("topics", "create", "--config", file.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<String> lines = first.out().lines().toList();
        List<String> topics = lines.subList(0, lines.size() - 1).stream()
                .map(line -> line.substring("created   ".length())).toList();
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(line -> line.startsWith("created   " + prefix + "."));
        assertThat(topics).contains(prefix + ".commands", prefix + ".commands.dlq", prefix + ".rows",
                prefix + ".run-events", prefix + ".writer-feed", prefix + ".chunk-tasks", prefix + ".chunk-results",
                prefix + ".changes.shop.orders",
                prefix + ".changes.shop.customers");
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo(topics.size() + " created, 0 existing on " + TestKafka.bootstrapServers());

        try (Admin admin = TestKafka.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topics);
            Map<String, TopicDescription> described = admin.describeTopics(List.of(prefix + ".rows",
                    prefix + ".commands.dlq", prefix + ".changes.shop.orders")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(described.get(prefix + ".rows").partitions()).hasSize(2);
            assertThat(described.get(prefix + ".commands.dlq").partitions()).hasSize(1);
            ConfigResource changes = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".changes.shop.orders");
            assertThat(admin.describeConfigs(List.of(changes)).all().get(30, TimeUnit.SECONDS).get(changes)
                    .get("cleanup.policy").value()).isEqualTo("compact,delete");
        }

        Cli second = Cli.run("topics", "create", "--config", file.toString());
        assertThat(second.exitCode()).isZero();
        List<String> expected = new ArrayList<>();
        topics.forEach(topic -> expected.add("existing  " + topic));
        expected.add("0 created, " + topics.size() + " existing on " + TestKafka.bootstrapServers());
        assertThat(second.out().lines().toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void statusShowsRecentRunsFromHandProducedEvents() throws Exception {
        String prefix = ItConfigs.uniqueName("status");
        Path file = config(prefix);
        assertThat(Cli.run("topics", "create", "--config", file.toString()).exitCode()).isZero();
        assertThat(Cli.run("status", "--config", file.toString()).out())
                .isEqualTo("No runs in " + prefix + ".run-events.\n");

        Counts written = new Counts(1000, 5, 3, 1, 991);
        send(prefix, "shop.orders",
                event("orders", "scheduled__1", State.STARTED, 0),
                event("orders", "scheduled__1", State.EXTRACTED, 2).withCounts(new Counts(1000, 0, 0, 0, 0)),
                event("orders", "scheduled__1", State.DIFFED, 3).withCounts(written),
                event("orders", "scheduled__1", State.WRITTEN, 4).withCounts(written)
                        .withFiles(List.of("a_added.json", "a_modified.json", "a_deleted.json", "a_summary.json")),
                // at-least-once: a duplicate changes nothing
                event("orders", "scheduled__1", State.WRITTEN, 4).withCounts(written)
                        .withFiles(List.of("a_added.json", "a_modified.json", "a_deleted.json", "a_summary.json")),
                event("orders", "scheduled__2", State.STARTED, 3600));
        send(prefix, "shop.customers",
                event("customers", "scheduled__1", State.STARTED, 1),
                event("customers", "scheduled__1", State.FAILED, 62).withError("relation \"customers\" does not exist"));
        sendRaw(prefix, "shop.customers", "not json");

        Cli all = Cli.run("status", "--config", file.toString());
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).isEqualTo(
                "TABLE      RUN ID        STATE    ROWS  ADDED  MODIFIED  DELETED  STARTED (UTC)        ENDED (UTC)"
                        + "          DURATION  FILES  ERROR\n"
                + "orders     scheduled__2  started     -      -         -        -  2024-12-15 15:30:22  -"
                        + "                           -      -\n"
                + "customers  scheduled__1  failed      -      -         -        -  2024-12-15 14:30:23  2024-12-15 14:31:24"
                        + "     1m01s      0  relation \"customers\" does not exist\n"
                + "orders     scheduled__1  written  1000      5         3        1  2024-12-15 14:30:22  2024-12-15 14:30:26"
                        + "      4.0s      4\n");
        assertThat(all.err()).isEqualTo("cdc: skipped 1 record(s) of " + prefix + ".run-events that are not run events\n");

        Cli orders = Cli.run("status", "--config", file.toString(), "--table", "orders", "--limit", "1");
        assertThat(orders.exitCode()).isZero();
        assertThat(orders.out().lines().toList()).hasSize(2);
        assertThat(orders.out().lines().toList().get(1)).startsWith("orders  scheduled__2  started");
    }

    @Test
    void triggerSendsTheCommandAndWithoutServicesTimesOut() throws Exception {
        String prefix = ItConfigs.uniqueName("trigger");
        Path file = config(prefix);

        Cli noTopics = Cli.run("trigger", "--config", file.toString(), "--table", "orders");
        assertThat(noTopics.exitCode()).isEqualTo(1);
        assertThat(noTopics.err()).contains("does not exist on " + TestKafka.bootstrapServers())
                .contains("cdc topics create --config " + file);

        assertThat(Cli.run("topics", "create", "--config", file.toString()).exitCode()).isZero();
        Cli sent = Cli.run("trigger", "--config", file.toString(), "--table", "orders", "--run-id", "manual__1",
                "--no-progress");
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.err()).isEmpty();
        JsonNode requested = Json.MAPPER.readTree(sent.out());
        assertThat(requested.get("status").asText()).isEqualTo("requested");
        assertThat(requested.get("run_id").asText()).isEqualTo("manual__1");

        List<ConsumerRecord<byte[], byte[]>> commands = TestKafka.readAll(prefix + ".commands", Duration.ofSeconds(10));
        assertThat(commands).hasSize(1);
        assertThat(new String(commands.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("shop.orders");
        RunCommand command = RunCommand.parse(commands.get(0).value());
        assertThat(command.table()).isEqualTo("orders");
        assertThat(command.datasource()).isEqualTo("shop");
        assertThat(command.runId()).isEqualTo("manual__1");
        assertThat(command.requestedBy()).isEqualTo("cli");

        // nothing executes commands here: --wait gives up after --timeout, exit 1
        Cli waited = Cli.run("trigger", "--config", file.toString(), "--table", "customers", "--wait",
                "--timeout", "1s", "--progress");
        assertThat(waited.exitCode()).isEqualTo(1);
        JsonNode result = Json.MAPPER.readTree(waited.out());
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.get("error").asText()).isEqualTo("timed out waiting for the run to finish");
        assertThat(waited.err()).startsWith("Sent an extract command for shop.customers, run customers-")
                .endsWith("  customers: no end after 1.0s\n");
    }

    private static RunEvent event(String table, String runId, State state, long secondsAfterT0) {
        return RunEvent.of(runId, "shop", table, state, T0.plusSeconds(secondsAfterT0), "hash");
    }

    private static void send(String prefix, String key, RunEvent... events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.producerProps())) {
            for (RunEvent event : events) {
                producer.send(new ProducerRecord<>(prefix + ".run-events", key.getBytes(StandardCharsets.UTF_8),
                        event.toJson())).get();
            }
        }
    }

    private static void sendRaw(String prefix, String key, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.producerProps())) {
            producer.send(new ProducerRecord<>(prefix + ".run-events", key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }
}
