package io.cdcflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAG's contract fixtures ({@code dags/fixtures}, also used by
 * {@code dags/test_cdc_messages.py}) are what the pipeline reads and writes: the command the DAG
 * sends parses as a {@link RunCommand}, and the events its sensor matches are exactly what a
 * {@link RunEvent} serializes to.
 */
class DagFixturesTest {
    private static final Path FIXTURES = Path.of("..", "dags", "fixtures");

    private static JsonNode fixture(String name) throws IOException {
        return Json.MAPPER.readTree(Files.readString(FIXTURES.resolve(name)));
    }

    private static byte[] value(JsonNode fixture) throws IOException {
        return Json.MAPPER.writeValueAsString(fixture.get("value")).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCommandsTheDagSendsAreValidCommandsWithTheirKey() throws IOException {
        for (String name : List.of("command.json", "command_sanitized.json")) {
            JsonNode fixture = fixture(name);
            RunCommand command = RunCommand.parse(value(fixture));
            assertThat(command.command()).isEqualTo(RunCommand.EXTRACT);
            assertThat(command.table()).isEqualTo(fixture.get("airflow").get("table").asText());
            assertThat(command.datasource()).isEqualTo(fixture.get("airflow").get("datasource").asText());
            assertThat(command.runId()).matches(RunCommand.RUN_ID_PATTERN);
            assertThat(command.requestedBy()).isEqualTo("airflow");
            assertThat(fixture.get("key").asText()).isEqualTo(TableIds.of(command.datasource(), command.table()));
            // nothing in the fixture is lost or reformatted: the pipeline writes the same JSON
            assertThat(Json.MAPPER.readTree(command.toJson())).isEqualTo(fixture.get("value"));
        }
        RunCommand manual = RunCommand.parse(value(fixture("command.json")));
        assertThat(manual.runId()).isEqualTo("manual__2024-12-15T14:30:22.123456+00:00");
        assertThat(manual.requestedAt()).isEqualTo(Instant.parse("2024-12-15T14:30:22.123456Z"));
        RunCommand sanitized = RunCommand.parse(value(fixture("command_sanitized.json")));
        assertThat(sanitized.requestedAt()).isEqualTo(Instant.parse("2024-12-15T14:30:22Z"));
    }

    @Test
    void theEventsTheSensorMatchesAreRunEventsOfTheCommandsRun() throws IOException {
        RunCommand command = RunCommand.parse(value(fixture("command.json")));
        for (String name : List.of("event_written.json", "event_failed.json", "event_extracted.json",
                "event_other_table.json")) {
            JsonNode fixture = fixture(name);
            RunEvent event = RunEvent.parse(value(fixture));
            assertThat(event.runId()).as(name).isEqualTo(command.runId());
            assertThat(fixture.get("key").asText()).as(name).isEqualTo(TableIds.of(event.datasource(), event.table()));
            assertThat(Json.MAPPER.readTree(event.toJson())).as(name).isEqualTo(fixture.get("value"));
        }

        RunEvent written = RunEvent.parse(value(fixture("event_written.json")));
        assertThat(written.state()).isEqualTo(RunEvent.State.WRITTEN);
        assertThat(written.table()).isEqualTo(command.table());
        assertThat(written.datasource()).isEqualTo(command.datasource());
        assertThat(written.counts()).isEqualTo(new Counts(1000, 5, 3, 1, 991));
        assertThat(written.files()).hasSize(4).last().asString().endsWith("_summary.json");

        RunEvent failed = RunEvent.parse(value(fixture("event_failed.json")));
        assertThat(failed.state()).isEqualTo(RunEvent.State.FAILED);
        assertThat(failed.state().terminal()).isTrue();
        assertThat(failed.error()).isNotBlank();

        RunEvent extracted = RunEvent.parse(value(fixture("event_extracted.json")));
        assertThat(extracted.state().terminal()).isFalse();

        RunEvent otherTable = RunEvent.parse(value(fixture("event_other_table.json")));
        assertThat(otherTable.table()).isNotEqualTo(command.table());
        assertThat(otherTable.state()).isEqualTo(RunEvent.State.WRITTEN);
    }
}
