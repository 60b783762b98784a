package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.json;
import static io.cdcflow.common.config.Configs.withDatasource;
import static io.cdcflow.common.config.Configs.withSection;
import static io.cdcflow.common.config.Configs.withTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    @Test
    void substitutesAWholeValue() {
        DatasourceConfig datasource = Configs.parse(
                withDatasource("{'url': 'mysql://db/x', 'password': '${env:DB_PW}'}"),
                Map.of("DB_PW", "from-env")).datasources().get("ds");

        assertThat(datasource.password().reveal()).isEqualTo("from-env");
    }

    @Test
    void substitutesPartsOfAValue() {
        DatasourceConfig datasource = Configs.parse(
                withDatasource("{'url': 'postgresql://${env:DB_USER}:${env:DB_PW}@${env:DB_HOST}:5432/x'}"),
                Map.of("DB_USER", "app", "DB_PW", "p@ss", "DB_HOST", "db")).datasources().get("ds");

        assertThat(datasource.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(datasource.user()).isEqualTo("app");
        assertThat(datasource.password().reveal()).isEqualTo("p@ss");
    }

    @Test
    void substitutesArrayElementsAndPassThroughValues() {
        CdcConfig config = Configs.parse(json("{'datasources': {" + Configs.PG + "},"
                + " 'tables': {'t': {'datasource': 'pg', 'method': 'hash', 'primary_key': ['${env:KEY}']}},"
                + " 'kafka': {'bootstrap_servers': 'k:9092', 'properties': {'sasl.jaas.config': '${env:JAAS}'}}}"),
                Map.of("KEY", "id", "JAAS", "jaas"));

        assertThat(config.table("t").primaryKey()).containsExactly("id");
        assertThat(config.kafka().clientPropertiesRevealed()).containsExactly(entry("sasl.jaas.config", "jaas"));
    }

    @Test
    void readsNumbersAndBooleansFromVariables() {
        CdcConfig config = Configs.parse(withSection("global_settings",
                "{'batch_size': '${env:BATCH}', 'scheduling': {'enabled': '${env:SCHEDULED}'}}"),
                Map.of("BATCH", "500", "SCHEDULED", "TRUE"));

        assertThat(config.global().batchSize()).isEqualTo(500);
        assertThat(config.global().scheduling().enabled()).isTrue();
    }

    @Test
    void reportsUnusableValuesOfVariables() {
        assertThat(errors(withSection("global_settings", "{'batch_size': '${env:BATCH}'}"), Map.of("BATCH", "many")))
                .containsExactly(error("$.global_settings.batch_size", "must be an integer (was \"many\")"));
    }

    @Test
    void insertsValuesLiterally() {
        DatasourceConfig datasource = Configs.parse(withDatasource("{'url': 'mysql://db/x', 'password': '${env:A}'}"),
                Map.of("A", "${env:B}$1\\")).datasources().get("ds");

        assertThat(datasource.password().reveal()).isEqualTo("${env:B}$1\\");
    }

    @Test
    void reportsEachMissingVariableAtItsPathWithoutAnyValue() {
        assertThat(errors(withDatasource("{'url': 'mysql://${env:USER}:${env:PW}@db/x', 'password': '${env:PW}'}"),
                Map.of("USER", "app"))).containsExactly(
                error("$.datasources.ds.url", "environment variable \"PW\" is not set"),
                error("$.datasources.ds.password", "environment variable \"PW\" is not set"));
    }

    @Test
    void reportsMissingVariablesInArraysAndPassThroughMaps() {
        assertThat(errors(json("{'datasources': {" + Configs.PG + "}, 'tables': {'t': {'datasource': 'pg',"
                + " 'method': 'hash', 'hash_columns': ['a', '${env:COL}']}},"
                + " 'kafka': {'properties': {'ssl.key.password': '${env:KEY_PW}'}}}"))).containsExactly(
                error("$.tables.t.hash_columns[1]", "environment variable \"COL\" is not set"),
                error("$.kafka.properties[\"ssl.key.password\"]", "environment variable \"KEY_PW\" is not set"));
    }

    @Test
    void reportsInvalidReferences() {
        assertThat(errors(withTable("{'datasource': '${env:1X}', 'method': 'hash', 'schema': 'a${env:S'}")))
                .containsExactly(
                        error("$.tables.t.datasource", "invalid environment variable name \"1X\""),
                        error("$.tables.t.schema", "unterminated ${env:...} reference (missing \"}\")"));
    }

    @Test
    void leavesOtherDollarSignsAlone() {
        TableConfig table = Configs.parse(withTable("{'datasource': 'pg', 'method': 'hash', 'table': '$t${x}'}"))
                .table("t");

        assertThat(table.table()).isEqualTo("$t${x}");
    }
}
