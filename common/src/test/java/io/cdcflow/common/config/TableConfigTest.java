package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.json;
import static io.cdcflow.common.config.Configs.withTable;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableConfigTest {

    private static TableConfig table(String body) {
        return Configs.parse(withTable(body)).table("t");
    }

    @Test
    void appliesDefaults() {
        assertThat(table(Configs.HASH_TABLE)).isEqualTo(new TableConfig("t", "pg", null, "t", List.of(),
                CdcMethod.HASH, null, List.of("*"), 10_000, SnapshotFormat.JSON, Duration.ZERO, 0, "backend", true));
    }

    @Test
    void readsEveryKey() {
        TableConfig table = table("{'datasource': 'pg', 'schema': 'sales', 'table': 'Order Lines',"
                + " 'primary_key': ['order_id', 'line_no'], 'method': 'timestamp', 'timestamp_column': 'changed_at',"
                + " 'hash_columns': ['qty', 'price'], 'partition_size': 500, 'snapshot_format': 'avro',"
                + " 'timestamp_overlap_seconds': 30, 'reconcile_every_n_runs': 24, 'digest': 'database',"
                + " 'store_row_images': false, 'parquet_compression': 'ZSTD', 'full_image': 'true'}");

        assertThat(table).isEqualTo(new TableConfig("t", "pg", "sales", "Order Lines", List.of("order_id", "line_no"),
                CdcMethod.TIMESTAMP, "changed_at", List.of("qty", "price"), 500, SnapshotFormat.AVRO,
                Duration.ofSeconds(30), 24, TableConfig.DIGEST_DATABASE, false, ParquetCompression.ZSTD, true));
        assertThat(table.hashesAllColumns()).isFalse();
    }

    @Test
    void takesTheSnapshotFormatFromTheTableThenTheGlobalSettings() {
        CdcConfig config = Configs.parse(json("{'global_settings': {'snapshot': {'format': 'csv'}},"
                + " 'datasources': {" + Configs.PG + "},"
                + " 'tables': {'a': {'datasource': 'pg', 'method': 'hash'},"
                + " 'b': {'datasource': 'pg', 'method': 'hash', 'snapshot_format': 'jsonl'}}}"));

        assertThat(config.table("a").snapshotFormat()).isEqualTo(SnapshotFormat.CSV);
        assertThat(config.table("b").snapshotFormat()).isEqualTo(SnapshotFormat.JSONL);
    }

    @Test
    void defaultsToSnappyParquetFilesWithoutFullImage() {
        TableConfig table = table(Configs.HASH_TABLE);

        assertThat(table.parquetCompression()).isEqualTo(ParquetCompression.SNAPPY);
        assertThat(table.fullImage()).isFalse();
    }

    @Test
    void takesTheParquetCompressionFromTheTableThenTheGlobalSettings() {
        CdcConfig config = Configs.parse(json("{'global_settings': {'snapshot': {'parquet_compression': 'zstd'}},"
                + " 'datasources': {" + Configs.PG + "},"
                + " 'tables': {'a': {'datasource': 'pg', 'method': 'hash'},"
                + " 'b': {'datasource': 'pg', 'method': 'hash', 'parquet_compression': 'snappy'}}}"));

        assertThat(config.table("a").parquetCompression()).isEqualTo(ParquetCompression.ZSTD);
        assertThat(config.table("b").parquetCompression()).isEqualTo(ParquetCompression.SNAPPY);
    }

    @Test
    void rejectsAnUnknownParquetCompressionAndANonBooleanFullImage() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'parquet_compression': 'lz4',"
                + " 'full_image': 'yes'}"))).containsExactly(
                error("$.tables.t.parquet_compression", "must be one of snappy, zstd (was \"lz4\")"),
                error("$.tables.t.full_image", "must be true or false (was \"yes\")"));
    }

    @Test
    void parallelChunksIsForHashPartitionTablesOnly() {
        assertThat(table("{'datasource': 'pg', 'method': 'hash-partition', 'parallel_chunks': true}")
                .parallelChunks()).isTrue();
        assertThat(table(Configs.HASH_TABLE).parallelChunks()).isFalse();
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'parallel_chunks': true}")))
                .containsExactly(error("$.tables.t.parallel_chunks", "applies only to method hash-partition"));
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash-partition', 'parallel_chunks': 2}")))
                .containsExactly(error("$.tables.t.parallel_chunks", "must be true or false (was 2)"));
    }

    @Test
    void acceptsKeysThatTheMethodIgnores() {
        TableConfig table = table("{'datasource': 'pg', 'method': 'hash', 'timestamp_column': 'ts',"
                + " 'partition_size': 100}");

        assertThat(table.timestampColumn()).isEqualTo("ts");
        assertThat(table.partitionSize()).isEqualTo(100);
    }

    @Test
    void requiresDatasourceAndMethod() {
        assertThat(errors(withTable("{}"))).containsExactly(
                error("$.tables.t.datasource", "is required"),
                error("$.tables.t.method", "is required"));
    }

    @Test
    void suggestsTheClosestDatasource() {
        assertThat(errors(withTable("{'datasource': 'pgg', 'method': 'hash'}"))).containsExactly(
                error("$.tables.t.datasource", "unknown datasource \"pgg\" (did you mean \"pg\"?)"));
    }

    @Test
    void reportsAnUnknownDatasourceWhenThereAreNone() {
        assertThat(errors(json("{'datasources': {}, 'tables': {'t': " + Configs.HASH_TABLE + "}}"))).containsExactly(
                error("$.tables.t.datasource", "unknown datasource \"pg\" (there are none)"));
    }

    @Test
    void doesNotBlameTablesForABrokenDatasource() {
        assertThat(errors(json("{'datasources': {'pg': {'url': 'nope'}}, 'tables': {'t': " + Configs.HASH_TABLE
                + "}}"))).extracting(ConfigError::path).containsExactly("$.datasources.pg.url");
    }

    @Test
    void rejectsAnUnknownMethod() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'foo'}"))).containsExactly(
                error("$.tables.t.method", "must be one of hash, timestamp, hash-partition (was \"foo\")"));
    }

    @Test
    void requiresTheTimestampColumnForTheTimestampMethod() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'timestamp'}"))).containsExactly(
                error("$.tables.t.timestamp_column", "is required when method is timestamp"));
    }

    @Test
    void acceptsAPrimaryKeyAsAString() {
        assertThat(table("{'datasource': 'pg', 'method': 'hash', 'primary_key': 'id'}").primaryKey())
                .containsExactly("id");
    }

    @Test
    void rejectsAnEmptyPrimaryKey() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'primary_key': []}"))).containsExactly(
                error("$.tables.t.primary_key",
                        "must list at least one column (omit the key to use the database's primary key)"));
    }

    @Test
    void rejectsDuplicateColumns() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'primary_key': ['a', 'b', 'a'],"
                + " 'hash_columns': ['x', 'x']}"))).containsExactly(
                error("$.tables.t.primary_key[2]", "duplicate column \"a\""),
                error("$.tables.t.hash_columns[1]", "duplicate column \"x\""));
    }

    @Test
    void rejectsNonStringColumns() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'primary_key': ['a', 1],"
                + " 'hash_columns': {'a': 1}}"))).containsExactly(
                error("$.tables.t.primary_key[1]", "must be a string (was a number)"),
                error("$.tables.t.hash_columns", "must be a string or an array of strings (was an object)"));
    }

    @Test
    void allowsTheStarOnlyAlone() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'hash_columns': ['*', 'a']}")))
                .containsExactly(error("$.tables.t.hash_columns", "\"*\" must be the only entry"));
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'hash_columns': []}")))
                .containsExactly(error("$.tables.t.hash_columns", "must list at least one column"));
        assertThat(table("{'datasource': 'pg', 'method': 'hash', 'hash_columns': '*'}").hashesAllColumns()).isTrue();
    }

    @Test
    void validatesIdentifiers() {
        String tooLong = "c".repeat(129);
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'timestamp', 'schema': '',"
                + " 'table': 'a\\u0000b', 'timestamp_column': '" + tooLong + "', 'primary_key': 'x\\ny',"
                + " 'hash_columns': ['ok', '']}"))).containsExactly(
                error("$.tables.t.schema", "must not be empty"),
                error("$.tables.t.table", "must not contain control characters"),
                error("$.tables.t.primary_key", "must not contain control characters"),
                error("$.tables.t.timestamp_column", "must be at most 128 characters (was 129)"),
                error("$.tables.t.hash_columns[1]", "must not be empty"));
        assertThat(table("{'datasource': 'pg', 'method': 'hash', 'table': '" + "c".repeat(128) + "'}").table())
                .hasSize(128);
    }

    @Test
    void validatesNumbersAndChoices() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash-partition', 'partition_size': 0,"
                + " 'snapshot_format': 'xml', 'timestamp_overlap_seconds': -1, 'reconcile_every_n_runs': -1,"
                + " 'digest': 'client', 'store_row_images': 'maybe'}"))).containsExactly(
                error("$.tables.t.partition_size", "must be at least 1 (was 0)"),
                error("$.tables.t.snapshot_format", "must be one of json, jsonl, csv, parquet, avro (was \"xml\")"),
                error("$.tables.t.timestamp_overlap_seconds", "must be at least 0 (was -1)"),
                error("$.tables.t.reconcile_every_n_runs", "must be at least 0 (was -1)"),
                error("$.tables.t.digest", "must be one of backend, database (was \"client\")"),
                error("$.tables.t.store_row_images", "must be true or false (was \"maybe\")"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my.table", "has space", "ä"})
    void rejectsInvalidTableKeys(String name) {
        assertThat(errors(json("{'datasources': {" + Configs.PG + "}, 'tables': {'" + name + "': "
                + Configs.HASH_TABLE + "}}"))).containsExactly(error("$.tables[\"" + name + "\"]",
                "name must be 1 to 100 characters from A-Z, a-z, 0-9, \"_\" and \"-\""));
    }

    @Test
    void rejectsTooLongTableKeys() {
        String name = "t".repeat(101);
        assertThat(errors(json("{'datasources': {" + Configs.PG + "}, 'tables': {'" + name + "': "
                + Configs.HASH_TABLE + "}}"))).containsExactly(error("$.tables." + name,
                "name must be 1 to 100 characters from A-Z, a-z, 0-9, \"_\" and \"-\""));
    }

    @Test
    void rejectsATableThatIsNotAnObject() {
        assertThat(errors(withTable("'users'"))).containsExactly(
                error("$.tables.t", "must be an object (was a string)"));
    }
}
