package io.cdcflow.standalone.app;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/** Configs for integration tests: a fresh topic prefix and bucket per test on the shared servers. */
final class ItConfigs {
    private ItConfigs() {
    }

    /** A unique lower-case name usable as topic prefix and bucket. */
    static String uniqueName(String base) {
        return (base + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    /** Config JSON for one table {@code table} (hash, json files) on {@code db}. */
    static String json(TestDatabase db, String table, String primaryKeyJson, String prefix, String bucket,
                       Path dataDir, int batchSize) {
        return """
            {
              "global_settings": {"batch_size": %d, "scheduling": {"timeout_seconds": 180}},
              "datasources": {"it": {"url": "%s", "username": "%s", "password": "%s"}},
              "tables": {
                "%s": {"datasource": "it", "primary_key": %s, "method": "hash", "snapshot_format": "json"}
              },
              "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s",
                          "data_dir": "%s"},
              "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": 3, "replication_factor": 1}
            }
            """.formatted(batchSize, db.jdbcUrl(), db.user(), db.password(), table, primaryKeyJson,
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), bucket,
                dataDir.toAbsolutePath(), TestKafka.bootstrapServers(), prefix);
    }

    static CdcConfig config(String json) {
        return CdcConfig.parse(json, name -> null);
    }
}
