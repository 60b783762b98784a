package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdcConfigTest {
    private final CdcConfig config = Configs.parse(json("""
            {'datasources': {'pg': {'url': 'postgresql://app:pg-pass@db/shop'},
                             'my': {'url': 'mysql://app:my-pass@db/shop'}},
             'tables': {'customers': {'datasource': 'pg', 'method': 'hash'},
                        'orders': {'datasource': 'my', 'method': 'hash'}},
             'storage': {'endpoint': 'minio:9000', 'access_key': 'ak', 'secret_key': 'storage-pass'},
             'kafka': {'bootstrap_servers': 'kafka:9092',
                       'properties': {'sasl.jaas.config': 'jaas-pass', 'ssl.key.password': 'key-pass'}}}
            """));

    @Test
    void findsTablesByKey() {
        assertThat(config.table("orders").datasource()).isEqualTo("my");
    }

    @Test
    void namesTheKnownTablesWhenTheTableIsUnknown() {
        assertThatThrownBy(() -> config.table("order"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown table \"order\"; known tables: customers, orders");
    }

    @Test
    void findsTheDatasourceOfATable() {
        assertThat(config.datasourceOf(config.table("orders")).jdbcUrl()).isEqualTo("jdbc:mysql://db/shop");
    }

    @Test
    void rejectsATableOfAnotherConfiguration() {
        TableConfig foreign = Configs.parse(Configs.withDatasource("{'url': 'postgres://db/x'}")).table("t");

        assertThatThrownBy(() -> config.datasourceOf(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown datasource \"ds\"; known datasources: pg, my");
    }

    @Test
    void neverShowsSecretsInToString() {
        assertThat(config.toString())
                .doesNotContain("pg-pass", "my-pass", "storage-pass", "jaas-pass", "key-pass")
                .contains("******");
    }

    @Test
    void rejectsATableWhoseDatasourceIsMissingWhenBuiltDirectly() {
        TableConfig table = config.table("orders");

        assertThatThrownBy(() -> new CdcConfig(config.global(), Map.of(), Map.of("orders", table),
                config.storage(), config.kafka()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table orders refers to unknown datasource my");
    }

    @Test
    void mapsAreImmutable() {
        assertThatThrownBy(() -> config.tables().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.datasources().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reportsEveryErrorAtOnce() {
        assertThat(errors(json("""
                {'global_settings': {'batch_size': 0, 'chunk_workers': 0},
                 'datasources': {'pg': {'url': 'oracle://db/x'}},
                 'tables': {'t': {'datasource': 'nope', 'method': 'foo'}},
                 'storage': {'bucket': 'BAD'},
                 'kafka': {'partitions': 0},
                 'extra': 1}
                """))).containsExactly(
                error("$.global_settings.batch_size", "must be between 1 and 1000000 (was 0)"),
                error("$.global_settings.chunk_workers", "must be between 1 and 64 (was 0)"),
                error("$.datasources.pg.url", "unsupported scheme \"oracle\"; use postgresql, postgres, mysql or"
                        + " mariadb (each optionally +driver), or a jdbc: URL"),
                error("$.tables.t.datasource", "unknown datasource \"nope\" (expected one of: pg)"),
                error("$.tables.t.method", "must be one of hash, timestamp, hash-partition (was \"foo\")"),
                error("$.storage.bucket", StorageConfigTest.BUCKET_RULES + " (was \"BAD\")"),
                error("$.kafka.partitions", "must be between 1 and 10000 (was 0)"),
                error("$.extra", "unknown key (expected one of: global_settings, datasources, tables, storage,"
                        + " kafka)"));
    }

    @Test
    void requiresDatasourcesAndTables() {
        assertThat(errors("{}")).containsExactly(
                error("$.datasources", "is required"),
                error("$.tables", "is required"));
    }

    @Test
    void requiresAtLeastOneTable() {
        assertThat(errors(json("{'datasources': {" + Configs.PG + "}, 'tables': {}}")))
                .containsExactly(error("$.tables", "must define at least one table"));
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, Configs.withTable(Configs.HASH_TABLE));

        assertThat(CdcConfig.load(file).tables()).containsOnlyKeys("t");
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("missing.json");

        assertThat(catchErrors(file)).containsExactly(
                error("$", "cannot read " + file + " (NoSuchFileException)"));
    }

    @Test
    void acceptsTheExampleConfiguration() throws IOException {
        String json = Files.readString(Path.of("../config/example-config.json"));
        CdcConfig example = Configs.parse(json, Map.of("MYSQL_PASSWORD", "secret"));

        assertThat(example.kafka().embedded()).isTrue();
        assertThat(example.storage().embedded()).isTrue();
        assertThat(example.table("customers").method()).isEqualTo(CdcMethod.HASH);
        assertThat(example.datasourceOf(example.table("customers")).type()).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(example.table("orders").primaryKey()).hasSizeGreaterThan(1);
        assertThat(example.datasourceOf(example.table("orders")).type()).isEqualTo(DatabaseType.MYSQL);
    }

    private static List<ConfigError> catchErrors(Path file) {
        try {
            CdcConfig.load(file);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ConfigException");
    }
}
