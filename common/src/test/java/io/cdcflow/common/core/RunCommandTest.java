package io.cdcflow.common.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunCommandTest {
    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheDocumentedCommand() {
        RunCommand command = RunCommand.parse(json("""
                {"command":"extract","datasource":"shop","table":"customers","run_id":"manual__2024-12-15T14:30:22",
                 "requested_at":"2024-12-15T14:30:22Z","requested_by":"airflow","future_field":1}"""));
        assertThat(command).isEqualTo(RunCommand.extract("shop", "customers", "manual__2024-12-15T14:30:22",
                Instant.parse("2024-12-15T14:30:22Z"), "airflow"));
        assertThat(RunCommand.parse(command.toJson())).isEqualTo(command);
    }

    @Test
    void fillsDefaultsOnlyWhereAbsent() {
        RunCommand bare = RunCommand.parse(json("{\"command\":\"extract\",\"table\":\"t\"}"));
        RunCommand filled = bare.withDefaults("t-0-5", Instant.EPOCH);
        assertThat(filled.runId()).isEqualTo("t-0-5");
        assertThat(filled.requestedAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void rejectsMalformedCommandsWithAReason() {
        assertThatThrownBy(() -> RunCommand.parse(json("not json"))).isInstanceOf(InvalidCommandException.class)
                .hasMessageStartingWith("command is not valid JSON");
        assertThatThrownBy(() -> RunCommand.parse(new byte[0])).hasMessage("empty command message");
        assertThatThrownBy(() -> RunCommand.parse(json("null"))).hasMessage("command is JSON null");
        assertThatThrownBy(() -> RunCommand.parse(json("{\"command\":\"drop\",\"table\":\"t\"}")))
                .hasMessage("unknown command \"drop\" (known: extract)");
        assertThatThrownBy(() -> RunCommand.parse(json("{\"command\":\"extract\"}")))
                .hasMessage("command has no \"table\"");
        assertThatThrownBy(() -> RunCommand.parse(json("{\"command\":\"extract\",\"table\":\"t\",\"run_id\":\"../x\"}")))
                .hasMessageStartingWith("run_id must match");
        assertThatThrownBy(() -> RunCommand.parse(new byte[70_000]))
                .hasMessage("command message of 70000 bytes exceeds 65536");
    }
}
