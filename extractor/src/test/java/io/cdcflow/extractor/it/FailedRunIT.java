package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run that cannot extract its table fails with a reason, publishes no rows, and is done with. */
class FailedRunIT {

    @Test
    void missingTablesAndMissingKeysFailTheRunWithAReason() {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_failed_run");
        db.execute("CREATE TABLE no_key (v text)", "INSERT INTO no_key VALUES ('a')");
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .datasource("crm", db.jdbcUrl(), db.user(), db.password())
                .table("missing", "crm", Map.of("table", "does_not_exist", "schema", "public"))
                .table("no_key", "crm", Map.of())
                .table("bad_columns", "crm", Map.of("table", "no_key", "primary_key", List.of("id")))
                .build();
        fixture.createTopics(config);

        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            for (String table : List.of("missing", "no_key", "bad_columns")) {
                fixture.sendCommand("crm." + table, RunCommand.extract("crm", table, "run-" + table, null, "test"));
            }
            fixture.awaitRunEvents(e -> e.state() == RunEvent.State.FAILED, 3);
            assertThat(service.failure()).isEmpty();
        }

        Map<String, String> errors = new HashMap<>();
        fixture.runEvents().forEach(e -> errors.put(e.table(), e.error()));
        assertThat(errors).hasSize(3);
        assertThat(errors.get("missing")).contains("table public.does_not_exist (datasource crm) not found");
        assertThat(errors.get("no_key")).contains("has no primary key; configure \"primary_key\"");
        assertThat(errors.get("bad_columns")).contains("primary_key column(s) [id] not found in table public.no_key");
        assertThat(fixture.runEvents()).allSatisfy(e -> assertThat(e.state()).isEqualTo(RunEvent.State.FAILED));
        assertThat(fixture.rowRecords()).as("nothing was published before the schema was known").isEmpty();
        assertThat(fixture.committedCommands()).isEqualTo(3);
    }

    @Test
    void anUnreachableDatabaseIsRetriedThenFailsTheRunWithoutSecrets() {
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .connectionTimeoutSeconds(1)
                .datasource("down", "jdbc:postgresql://127.0.0.1:9/shop", "cdc", "pw-s3cret-9")
                .table("orders", "down", Map.of())
                .build();
        fixture.createTopics(config);

        long started = System.nanoTime();
        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            fixture.sendCommand("down.orders", RunCommand.extract("down", "orders", "run-down", null, "test"));
            RunEvent failed = fixture.awaitRunEvent(e -> e.state() == RunEvent.State.FAILED);
            assertThat(failed.error()).contains("Connection").doesNotContain("pw-s3cret-9");
            assertThat(service.failure()).isEmpty();
        }
        // three retries after 1, 2 and 4 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(7));
        assertThat(fixture.runEvents()).extracting(RunEvent::state).containsExactly(RunEvent.State.FAILED);
        assertThat(fixture.rowRecords()).isEmpty();
        assertThat(fixture.committedCommands()).isEqualTo(1);
    }
}
