package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Shared helpers of the reliability suite (docs/reliability.md). */
final class Reliability {
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Reliability() {
    }

    /** A datasource entry for a test database, optionally with other credentials. */
    static String datasource(TestDatabase db, String user, String password) {
        return "{\"url\": %s, \"username\": %s, \"password\": %s}".formatted(str(db.jdbcUrl()), str(user),
                str(password));
    }

    static String datasource(TestDatabase db) {
        return datasource(db, db.user(), db.password());
    }

    /**
     * A config on the shared broker and object store.
     *
     * @param datasources name to datasource JSON object
     * @param tables name to table JSON object
     */
    static String config(Map<String, String> datasources, Map<String, String> tables, String prefix, String bucket,
                         Path dataDir, int batchSize) {
        return config(datasources, tables, prefix, bucket, dataDir, batchSize,
                "{\"endpoint\": \"%s\", \"access_key\": \"%s\", \"secret_key\": \"%s\", \"bucket\": \"%s\", \"data_dir\": \"%s\"}"
                        .formatted(TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(),
                                bucket, dataDir.toAbsolutePath()), "{}");
    }

    static String config(Map<String, String> datasources, Map<String, String> tables, String prefix, String bucket,
                         Path dataDir, int batchSize, String storage, String kafkaProperties) {
        return config(datasources, tables, prefix, bucket, batchSize, storage, kafkaProperties,
                TestKafka.bootstrapServers());
    }

    /** A config on another broker, {@code bootstrap}. */
    static String config(Map<String, String> datasources, Map<String, String> tables, String prefix, String bucket,
                         int batchSize, String storage, String kafkaProperties, String bootstrap) {
        return """
            {
              "global_settings": {"batch_size": %d, "scheduling": {"timeout_seconds": 180},
                                  "connection_pool": {"timeout": 5}},
              "datasources": {%s},
              "tables": {%s},
              "storage": %s,
              "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": 3, "replication_factor": 1,
                        "properties": %s}
            }
            """.formatted(batchSize, entries(datasources), entries(tables), storage, bootstrap, prefix,
                kafkaProperties);
    }

    private static String entries(Map<String, String> map) {
        return map.entrySet().stream().map(e -> str(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(",\n"));
    }

    /** A JSON string literal. */
    static String str(String value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static CdcConfig parse(String json) {
        return CdcConfig.parse(json, name -> null);
    }

    /** Triggers a run and waits for its terminal event. */
    static RunEvent run(RunClient client, String datasource, String table) {
        String runId = client.trigger(datasource, table, "test");
        return await(client, runId);
    }

    static RunEvent await(RunClient client, String runId) {
        RunEvent terminal = client.await(List.of(runId), TIMEOUT, e -> { }).get(runId);
        assertThat(terminal).as("terminal event of run %s", runId).isNotNull();
        return terminal;
    }

    /**
     * The rows of one file of a written run (json format), in file order, as compact JSON, without
     * the {@code _cdc_timestamp} column.
     */
    static List<String> fileRows(String bucket, RunEvent written, String category) throws Exception {
        String file = written.files().stream().filter(f -> f.endsWith("_" + category + ".json")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + category + " file in " + written.files()));
        JsonNode rows = Json.MAPPER.readTree(TestObjectStore.get(bucket, file));
        List<String> result = new ArrayList<>();
        rows.forEach(row -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove("_cdc_timestamp"); // the run's clock
            result.add(row.toString());
        });
        return result;
    }

    /** The summary of a written run. */
    static JsonNode summary(String bucket, RunEvent written) throws Exception {
        String file = written.files().stream().filter(f -> f.endsWith("_summary.json")).findFirst().orElseThrow();
        return Json.MAPPER.readTree(TestObjectStore.get(bucket, file));
    }

    /** Key JSON to op of every change on a topic made by a run; tombstones are skipped. */
    static List<Map.Entry<String, String>> changes(String topic, String runId) {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topic, Duration.ofSeconds(30))) {
            if (record.value() == null) {
                continue;
            }
            ChangeEvent change = ChangeEvent.parse(record.value());
            if (runId == null || runId.equals(change.source().runId())) {
                result.add(Map.entry(new String(record.key(), StandardCharsets.UTF_8), change.op()));
            }
        }
        return result;
    }

    /** The headers of a record, as strings. */
    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
