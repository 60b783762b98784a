package io.cdcflow.writer.core;

import static io.cdcflow.writer.core.ChangeImageTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.TableSchema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotRowRendererTest {

    static final TableSchema USERS = new TableSchema("crm", "users", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("name", ColumnType.STRING, true),
            Column.decimal("balance", 10, 2, true)), List.of("id"));
    private static final RunKey RUN = new RunKey("crm", "users", "run-1");
    private static final long START_MS = Instant.parse("2024-12-15T14:30:22.250Z").toEpochMilli();

    @Test
    void rowsHaveTheColumnsInSchemaOrderThenTheCdcColumns() {
        SnapshotRowRenderer renderer = new SnapshotRowRenderer(RUN, START_MS, Optional.of(USERS), true);

        assertThat(renderer.render(Operation.MODIFIED, json("{\"balance\":10.50,\"name\":\"Ann\",\"id\":7}")).toString())
                .isEqualTo("{\"id\":7,\"name\":\"Ann\",\"balance\":10.50,\"_cdc_operation\":\"modified\","
                        + "\"_cdc_timestamp\":\"2024-12-15T14:30:22.250Z\",\"_cdc_table\":\"users\",\"_cdc_datasource\":\"crm\"}");
        assertThat(renderer.layout().columns())
                .containsExactly("id", "name", "balance", "_cdc_operation", "_cdc_timestamp", "_cdc_table", "_cdc_datasource");
        assertThat(renderer.layout().schema()).contains(USERS);
    }

    @Test
    void aKeyOnlyDeleteCarriesTheKeyColumnsOnly() {
        SnapshotRowRenderer renderer = new SnapshotRowRenderer(RUN, START_MS, Optional.of(USERS), true);

        assertThat(renderer.render(Operation.DELETED, json("{\"id\":9}")).toString())
                .isEqualTo("{\"id\":9,\"_cdc_operation\":\"deleted\",\"_cdc_timestamp\":\"2024-12-15T14:30:22.250Z\","
                        + "\"_cdc_table\":\"users\",\"_cdc_datasource\":\"crm\"}");
    }

    @Test
    void nullsStayNullAndColumnsUnknownToTheSchemaFollowInImageOrder() {
        SnapshotRowRenderer renderer = new SnapshotRowRenderer(RUN, START_MS, Optional.of(USERS), false);

        assertThat(renderer.render(Operation.ADDED, json("{\"extra\":1,\"id\":1,\"name\":null}")).toString())
                .isEqualTo("{\"id\":1,\"name\":null,\"extra\":1}");
    }

    @Test
    void withoutSchemaTheImageOrderIsKeptAndNoColumnsAreKnown() {
        SnapshotRowRenderer renderer = new SnapshotRowRenderer(RUN, START_MS, Optional.empty(), true);

        assertThat(renderer.render(Operation.ADDED, json("{\"b\":1,\"a\":\"x\"}")).toString())
                .startsWith("{\"b\":1,\"a\":\"x\",\"_cdc_operation\":\"added\"");
        assertThat(renderer.layout().columns()).isEmpty();
        assertThat(renderer.layout().schema()).isEmpty();
    }
}
