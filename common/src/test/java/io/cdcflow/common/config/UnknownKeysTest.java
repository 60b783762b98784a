package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.withDatasource;
import static io.cdcflow.common.config.Configs.withSection;
import static io.cdcflow.common.config.Configs.withTable;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    @Test
    void suggestsTheClosestKey() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'primry_key': 'id'}"))).containsExactly(
                error("$.tables.t.primry_key", "unknown key (did you mean \"primary_key\"?)"));
    }

    @Test
    void suggestsTheSnakeCaseSpellingOfACamelCaseKey() {
        assertThat(errors(withTable("{'datasource': 'pg', 'method': 'hash', 'hashColumns': ['a']}"))).containsExactly(
                error("$.tables.t.hashColumns", "unknown key (did you mean \"hash_columns\"?)"));
    }

    @Test
    void listsTheKnownKeysWhenNoneIsClose() {
        assertThat(errors(withDatasource("{'url': 'mysql://db/x', 'pool': 5}"))).containsExactly(
                error("$.datasources.ds.pool",
                        "unknown key (expected one of: url, type, username, user, password, properties)"));
    }

    @Test
    void reportsUnknownKeysInEverySection() {
        assertThat(errors(Configs.json("{'global_settings': {'batchsize': 1, 'connection_pool': {'size': 1},"
                + " 'scheduling': {'enable': true}, 'snapshot': {'formats': 'json'}},"
                + " 'datasources': {" + Configs.PG + "}, 'tables': {'t': " + Configs.HASH_TABLE + "},"
                + " 'storage': {'endpont': 'embedded'}, 'kafka': {'bootstrap.servers': 'k:9092'}}"))).containsExactly(
                error("$.global_settings.batchsize", "unknown key (did you mean \"batch_size\"?)"),
                error("$.global_settings.connection_pool.size",
                        "unknown key (expected one of: pool_size, max_overflow, timeout)"),
                error("$.global_settings.scheduling.enable", "unknown key (did you mean \"enabled\"?)"),
                error("$.global_settings.snapshot.formats", "unknown key (did you mean \"format\"?)"),
                error("$.storage.endpont", "unknown key (did you mean \"endpoint\"?)"),
                error("$.kafka[\"bootstrap.servers\"]", "unknown key (did you mean \"bootstrap_servers\"?)"));
    }

    @Test
    void acceptsAnyKeyInPassThroughMaps() {
        CdcConfig config = Configs.parse(withSection("kafka", "{'properties': {'anything.goes': 'x'}}"));

        assertThat(config.kafka().clientProperties()).containsKey("anything.goes");
    }
}
