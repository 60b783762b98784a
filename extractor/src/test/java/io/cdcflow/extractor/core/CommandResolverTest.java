package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.InvalidCommandException;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.extractor.TestConfigs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandResolverTest {
    private static final CommandRecord RECORD = new CommandRecord("cdc.commands", 2, 41, 1_700_000_000_123L);
    private final CommandResolver resolver = new CommandResolver(TestConfigs.builder()
            .datasource("shop", "jdbc:postgresql://localhost/shop", "u", "p")
            .table("orders", "shop", Map.of())
            .build());

    @Test
    void takesRunIdAndStartFromTheCommand() {
        RunRequest request = resolver.resolve(
                RunCommand.extract("shop", "orders", "airflow-1", Instant.parse("2024-05-01T10:00:00Z"), "airflow"),
                RECORD);

        assertThat(request.table().name()).isEqualTo("orders");
        assertThat(request.runId()).isEqualTo("airflow-1");
        assertThat(request.runStartedMs()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
        assertThat(request.tableId()).isEqualTo("shop.orders");
    }

    @Test
    void derivesRunIdAndStartFromTheRecord() {
        RunRequest request = resolver.resolve(RunCommand.extract(null, "orders", null, null, null), RECORD);

        assertThat(request.runId()).isEqualTo("orders-2-41").matches(RunCommand.RUN_ID_PATTERN);
        assertThat(request.runStartedMs()).isEqualTo(RECORD.timestampMs());
    }

    @Test
    void rejectsUnknownTablesAndWrongDatasources() {
        assertThatThrownBy(() -> resolver.resolve(RunCommand.extract(null, "users", null, null, null), RECORD))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessage("unknown table \"users\"; known tables: orders");
        assertThatThrownBy(() -> resolver.resolve(RunCommand.extract("crm", "orders", null, null, null), RECORD))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("belongs to datasource \"shop\", not \"crm\"");
    }
}
