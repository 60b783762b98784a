package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc trigger --wait} and {@code cdc status} against running services (a {@link Pipeline} on
 * the test broker, PostgreSQL and the S3 server), as an operator uses them with a deployment.
 */
class TriggerIT {
    @TempDir
    Path dataDir;

    @Test
    void triggerWaitFollowsTheRunToItsEndAndExitsWithItsStatus() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("trigger_it");
        db.execute("CREATE TABLE items (id integer PRIMARY KEY, name varchar(100))",
                "INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        String prefix = ItConfigs.uniqueName("trig");
        String bucket = ItConfigs.uniqueName("bucket");
        String json = """
            {
              "global_settings": {"batch_size": 100, "scheduling": {"timeout_seconds": 180}},
              "datasources": {"it": {"url": "%s", "username": "%s", "password": "%s"}},
              "tables": {
                "items": {"datasource": "it", "primary_key": "id", "method": "hash", "snapshot_format": "json"},
                "missing": {"datasource": "it", "primary_key": "id", "method": "hash", "snapshot_format": "json"}
              },
              "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s", "data_dir": "%s"},
              "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": 2, "replication_factor": 1}
            }
            """.formatted(db.jdbcUrl(), db.user(), db.password(), TestObjectStore.endpoint(),
                TestObjectStore.accessKey(), TestObjectStore.secretKey(), bucket, dataDir.toAbsolutePath(),
                TestKafka.bootstrapServers(), prefix);
        Path file = dataDir.resolve("config.json");
        Files.writeString(file, json);

        try (Pipeline pipeline = Pipeline.start(ItConfigs.config(json), Map.of())) {
            assertThat(pipeline.config().kafka().bootstrapServers()).isEqualTo(TestKafka.bootstrapServers());
            Cli ok = Cli.run("trigger", "--config", file.toString(), "--table", "items", "--run-id", "manual__it-1",
                    "--wait", "--timeout", "3m", "--progress");
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            JsonNode result = Json.MAPPER.readTree(ok.out());
            assertThat(result.get("status").asText()).isEqualTo("success");
            assertThat(result.get("run_id").asText()).isEqualTo("manual__it-1");
            assertThat(result.get("changes").toString()).isEqualTo("{\"added\":2,\"modified\":0,\"deleted\":0}");
            assertThat(result.get("rows_read").asLong()).isEqualTo(2);
            List<String> files = Json.MAPPER.convertValue(result.get("snapshot").get("files_saved"),
                    Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(files).hasSize(4);
            assertThat(TestObjectStore.list(bucket, "snapshots/it/items/")).containsExactlyInAnyOrderElementsOf(files);
            assertThat(ok.err().lines().toList()).containsExactly(
                    "Sent an extract command for it.items, run manual__it-1",
                    "  items: started",
                    "  items: extracted 2 rows",
                    "  items: diffed +2 ~0 -0",
                    "  items: written +2 ~0 -0, 4 files");

            Cli failed = Cli.run("trigger", "--config", file.toString(), "--table", "missing", "--wait",
                    "--no-progress");
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.err()).isEmpty();
            JsonNode failure = Json.MAPPER.readTree(failed.out());
            assertThat(failure.get("status").asText()).isEqualTo("error");
            assertThat(failure.get("error").asText()).contains("missing");

            Cli status = Cli.run("status", "--config", file.toString());
            assertThat(status.exitCode()).isZero();
            List<String> lines = status.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1)).startsWith("missing").contains(" failed ");
            assertThat(lines.get(2)).startsWith("items    manual__it-1").contains(" written ")
                    .matches(".* written\\s+2\\s+2\\s+0\\s+0\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+\\S+\\s+4$");
        }
    }
}
