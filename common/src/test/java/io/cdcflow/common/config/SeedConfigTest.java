package io.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config.json of the original Python tool must be accepted as it is. */
class SeedConfigTest {
    static final String SEED = """
            {
              "global_settings": {
                "batch_size": 10000,
                "connection_pool": {"pool_size": 5, "max_overflow": 10, "timeout": 30},
                "scheduling": {"enabled": true, "interval_seconds": 3600, "max_retries": 3, "retry_delay_seconds": 300, "timeout_seconds": 1800},
                "snapshot": {"enabled": true, "format": "json", "include_metadata": true, "compress_files": false}
              },
              "datasources": {
                "mysql_prod": {"url": "mysql+pymysql://user:pass@host:3306/db", "type": "mysql"},
                "postgres_analytics": {"url": "postgresql://user:pass@host:5432/db", "type": "postgresql"}
              },
              "tables": {
                "users": {"datasource": "mysql_prod", "schema": "my_database_schema", "primary_key": "id", "method": "timestamp", "timestamp_column": "updated_at", "snapshot_format": "json"},
                "products": {"datasource": "mysql_prod", "schema": "my_database_schema", "primary_key": "product_id", "method": "hash", "hash_columns": ["product_id", "name", "price", "category"], "snapshot_format": "parquet"},
                "large_transactions": {"datasource": "postgres_analytics", "schema": "analytics", "primary_key": "transaction_id", "method": "hash-partition", "partition_size": 10000, "hash_columns": ["*"], "snapshot_format": "csv"}
              },
              "storage": {"endpoint": "localhost:9000", "access_key": "minioadmin", "secret_key": "minioadmin", "secure": false, "bucket": "cdc-state", "format": "json"}
            }
            """;

    private final CdcConfig config = Configs.parse(SEED);

    @Test
    void readsGlobalSettings() {
        assertThat(config.global()).isEqualTo(new GlobalSettings(10_000,
                new ConnectionPool(5, 10, Duration.ofSeconds(30)),
                new Scheduling(true, Duration.ofHours(1), 3, Duration.ofMinutes(5), Duration.ofMinutes(30)),
                new SnapshotSettings(true, SnapshotFormat.JSON, true, false)));
    }

    @Test
    void translatesDatasourceUrlsToJdbc() {
        assertThat(config.datasources()).containsOnlyKeys("mysql_prod", "postgres_analytics");
        assertThat(config.datasources().get("mysql_prod")).isEqualTo(new DatasourceConfig("mysql_prod",
                DatabaseType.MYSQL, "jdbc:mysql://host:3306/db", "user", Secret.of("pass"), Map.of()));
        assertThat(config.datasources().get("postgres_analytics")).isEqualTo(new DatasourceConfig(
                "postgres_analytics", DatabaseType.POSTGRESQL, "jdbc:postgresql://host:5432/db", "user",
                Secret.of("pass"), Map.of()));
    }

    @Test
    void readsTimestampTable() {
        assertThat(config.table("users")).isEqualTo(new TableConfig("users", "mysql_prod", "my_database_schema",
                "users", List.of("id"), CdcMethod.TIMESTAMP, "updated_at", List.of("*"), 10_000,
                SnapshotFormat.JSON, Duration.ZERO, 0, "backend", true));
    }

    @Test
    void readsHashTable() {
        assertThat(config.table("products")).isEqualTo(new TableConfig("products", "mysql_prod",
                "my_database_schema", "products", List.of("product_id"), CdcMethod.HASH, null,
                List.of("product_id", "name", "price", "category"), 10_000, SnapshotFormat.PARQUET, Duration.ZERO,
                0, "backend", true));
    }

    @Test
    void readsHashPartitionTable() {
        TableConfig table = config.table("large_transactions");
        assertThat(table).isEqualTo(new TableConfig("large_transactions", "postgres_analytics", "analytics",
                "large_transactions", List.of("transaction_id"), CdcMethod.HASH_PARTITION, null, List.of("*"),
                10_000, SnapshotFormat.CSV, Duration.ZERO, 0, "backend", true));
        assertThat(table.hashesAllColumns()).isTrue();
        assertThat(config.datasourceOf(table).name()).isEqualTo("postgres_analytics");
    }

    @Test
    void readsExternalStorage() {
        assertThat(config.storage()).isEqualTo(new StorageConfig(false, "http://localhost:9000", "minioadmin",
                Secret.of("minioadmin"), false, "cdc-state", null, SnapshotFormat.JSON, Path.of("./cdc-data")));
    }

    @Test
    void usesEmbeddedKafkaWithoutKafkaSection() {
        assertThat(config.kafka()).isEqualTo(new KafkaSettings(true, null, "cdc", 6, (short) 1, Map.of(),
                Path.of("./cdc-data").resolve("streams").toString()));
    }

    @Test
    void keepsFileOrder() {
        assertThat(config.tables().keySet()).containsExactly("users", "products", "large_transactions");
        assertThat(config.datasources().keySet()).containsExactly("mysql_prod", "postgres_analytics");
    }
}
