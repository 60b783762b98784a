package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.withDatasource;
import static io.cdcflow.common.config.Configs.withSection;
import static io.cdcflow.common.config.Configs.withTable;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void showsOnlyTheTypeOfAWrongStringBecauseItMayBeASecret() {
        assertThat(errors(withDatasource("{'url': 'mysql://db/x', 'password': 123456}"))).containsExactly(
                error("$.datasources.ds.password", "must be a string (was a number)"));
    }

    @Test
    void showsTheValueOfAWrongInteger() {
        assertThat(errors(withSection("global_settings", "{'batch_size': 1.5, 'connection_pool': {'pool_size': 'x',"
                + " 'max_overflow': [1], 'timeout': 99999999999999999999}}"))).containsExactly(
                error("$.global_settings.batch_size", "must be an integer (was 1.5)"),
                error("$.global_settings.connection_pool.pool_size", "must be an integer (was \"x\")"),
                error("$.global_settings.connection_pool.max_overflow", "must be an integer (was an array)"),
                error("$.global_settings.connection_pool.timeout", "must be at least 1 (was 99999999999999999999)"));
    }

    @Test
    void acceptsIntegersWrittenAsStrings() {
        assertThat(Configs.parse(withSection("global_settings", "{'batch_size': ' 42 '}")).global().batchSize())
                .isEqualTo(42);
    }

    @Test
    void rejectsNonBooleans() {
        assertThat(errors(withSection("global_settings", "{'snapshot': {'enabled': 1, 'compress_files': 'yes'}}")))
                .containsExactly(
                        error("$.global_settings.snapshot.enabled", "must be true or false (was 1)"),
                        error("$.global_settings.snapshot.compress_files", "must be true or false (was \"yes\")"));
    }

    @Test
    void acceptsChoicesInAnyCase() {
        assertThat(Configs.parse(withTable("{'datasource': 'pg', 'method': 'HASH-Partition'}")).table("t").method())
                .isEqualTo(CdcMethod.HASH_PARTITION);
    }

    @Test
    void rejectsNonObjectSections() {
        assertThat(errors(withSection("storage", "'minio'"))).containsExactly(
                error("$.storage", "must be an object (was a string)"));
        assertThat(errors(withDatasource("{'url': 'mysql://db/x', 'properties': []}"))).containsExactly(
                error("$.datasources.ds.properties", "must be an object (was an array)"));
    }

    @Test
    void treatsNullAsAbsent() {
        TableConfig table = Configs.parse(withTable("{'datasource': 'pg', 'method': 'hash', 'schema': null,"
                + " 'hash_columns': null, 'partition_size': null}")).table("t");

        assertThat(table.schema()).isNull();
        assertThat(table.hashColumns()).containsExactly("*");
        assertThat(table.partitionSize()).isEqualTo(10_000);
    }
}
