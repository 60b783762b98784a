package io.cdcflow.standalone.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdcflow.testkit.TestObjectStore;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsCommandIT {
    private static final String ORDERS = "snapshots/it/orders/";
    private static final String CUSTOMERS = "snapshots/it/customers/";

    @TempDir
    Path dir;

    @Test
    void listsAndCleansUpSets() throws Exception {
        String bucket = ItConfigs.uniqueName("snapshots-it");
        TestObjectStore.createBucket(bucket);
        Instant recent = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String newTs = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(recent);
        put(bucket, ORDERS + "20200101_000000_added.json", "[1234567]");
        put(bucket, ORDERS + "20200101_000000_modified.json", "[]");
        put(bucket, ORDERS + "20200101_000000_deleted.json", "[1]");
        put(bucket, ORDERS + "20200101_000000_summary.json", summary("orders-old", 1, 0, 1));
        put(bucket, ORDERS + "20200102_000000_added.json", "[12]");
        put(bucket, ORDERS + newTs + "_added.json", "[1,2]");
        put(bucket, ORDERS + newTs + "_modified.json", "[]");
        put(bucket, ORDERS + newTs + "_deleted.json", "[]");
        put(bucket, ORDERS + newTs + "_summary.json", summary("orders-new", 2, 0, 0));
        put(bucket, CUSTOMERS + "20200101_000000_added.json", "[]");
        put(bucket, CUSTOMERS + "20200101_000000_summary.json", summary("customers-old", 0, 0, 0));
        long oldSummary = summary("orders-old", 1, 0, 1).length();
        long newSummary = summary("orders-new", 2, 0, 0).length();
        Path config = dir.resolve("config.json");
        Files.writeString(config, config(bucket));

        Cli list = Cli.run("snapshots", "list", "--config", config.toString(), "--table", "orders");
        String newTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(recent);
        assertEquals("", list.err());
        assertEquals(0, list.exitCode());
        assertEquals("TIMESTAMP (UTC)      RUN ID      STATUS                   ADDED  MODIFIED  DELETED  FILES  BYTES\n"
                + newTime + "  orders-new  complete                     2         0        0      4    "
                + pad(9 + newSummary) + "\n"
                + "2020-01-02 00:00:00  -           incomplete (no summary)      -         -        -      1      4\n"
                + "2020-01-01 00:00:00  orders-old  complete                     1         0        1      4    "
                + pad(14 + oldSummary) + "\n", list.out());

        Cli limited = Cli.run("snapshots", "list", "--config", config.toString(), "--table", "orders",
                "--limit", "1");
        assertEquals("(1 of 3 sets; --limit to see more)", limited.out().lines().toList().get(2));

        Cli dryRun = Cli.run("snapshots", "cleanup", "--config", config.toString(), "--older-than", "30d",
                "--table", "orders", "--dry-run");
        String report = "delete " + ORDERS + "20200101_000000_* (4 files, " + (14 + oldSummary) + " bytes)\n"
                + "%s " + ORDERS + "20200102_000000_* (1 files, 4 bytes, no summary)\n";
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertEquals("would " + report.formatted("would delete")
                + "Would delete 2 set(s) older than 30d (5 files, " + (18 + oldSummary) + " bytes); kept 1 set(s).\n",
                dryRun.out());
        assertEquals(11, TestObjectStore.list(bucket, "").size());

        Cli cleanup = Cli.run("snapshots", "cleanup", "--config", config.toString(), "--older-than", "30d",
                "--table", "orders");
        assertEquals(0, cleanup.exitCode(), cleanup.err());
        assertEquals("deleted " + ORDERS + "20200101_000000_* (4 files, " + (14 + oldSummary) + " bytes)\n"
                + "deleted " + ORDERS + "20200102_000000_* (1 files, 4 bytes, no summary)\n"
                + "Deleted 2 set(s) older than 30d (5 files, " + (18 + oldSummary) + " bytes freed); kept 1 set(s).\n",
                cleanup.out());
        assertEquals(List.of(CUSTOMERS + "20200101_000000_added.json", CUSTOMERS + "20200101_000000_summary.json",
                ORDERS + newTs + "_added.json", ORDERS + newTs + "_deleted.json", ORDERS + newTs + "_modified.json",
                ORDERS + newTs + "_summary.json"), TestObjectStore.list(bucket, ""));
    }

    @Test
    void unknownTableIsAUsageError() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, config(ItConfigs.uniqueName("snapshots-it")));
        Cli list = Cli.run("snapshots", "list", "--config", config.toString(), "--table", "nope");
        assertEquals(2, list.exitCode());
        Cli age = Cli.run("snapshots", "cleanup", "--config", config.toString(), "--older-than", "soon");
        assertEquals(2, age.exitCode());
    }

    private static String pad(long bytes) {
        String text = Long.toString(bytes);
        return " ".repeat(Math.max(0, 3 - text.length())) + text;
    }

    private static String summary(String runId, int added, int modified, int deleted) {
        return "{\"run_id\":\"" + runId + "\",\"status\":\"complete\",\"changes\":{\"added\":" + added
                + ",\"modified\":" + modified + ",\"deleted\":" + deleted + "}}";
    }

    private static void put(String bucket, String key, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TestObjectStore.client().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static String config(String bucket) {
        return """
            {
              "datasources": {"it": {"url": "postgresql://u:p@localhost:5432/db"}},
              "tables": {
                "orders": {"datasource": "it", "primary_key": ["id"], "method": "hash"},
                "customers": {"datasource": "it", "primary_key": ["id"], "method": "hash"}
              },
              "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s"},
              "kafka": {"bootstrap_servers": "localhost:9092"}
            }
            """.formatted(TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(),
                bucket);
    }
}
