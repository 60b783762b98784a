package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.extractor.TestConfigs;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractionPlanTest {
    private static final TableLocation LOCATION = new TableLocation("shop", "public", "order lines");
    private static final List<SourceColumn> COLUMNS = List.of(
            new SourceColumn("order_id", Types.BIGINT, "int8", 19, 0, false),
            new SourceColumn("line", Types.INTEGER, "int4", 10, 0, false),
            new SourceColumn("amount", Types.NUMERIC, "numeric", 12, 2, true),
            new SourceColumn("note\"x", Types.VARCHAR, "text", 0, 0, true));

    @Test
    void plansFromMetadata() {
        ExtractionPlan plan = ExtractionPlan.plan(table(Map.of()), new PostgresDialect(), LOCATION, COLUMNS,
                List.of("order_id", "line"));

        assertThat(plan.schema().datasource()).isEqualTo("shop");
        assertThat(plan.schema().table()).isEqualTo("lines");
        assertThat(plan.schema().primaryKey()).containsExactly("order_id", "line");
        assertThat(plan.schema().columns()).extracting(c -> c.type())
                .containsExactly(ColumnType.LONG, ColumnType.INT, ColumnType.DECIMAL, ColumnType.STRING);
        assertThat(plan.selectSql()).isEqualTo(
                "SELECT \"order_id\", \"line\", \"amount\", \"note\"\"x\" FROM \"public\".\"order lines\"");
        assertThat(plan.keyIndexes()).containsExactly(0, 1);
        assertThat(plan.hashIndexes()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void configuredKeyAndHashColumnsWin() {
        ExtractionPlan plan = ExtractionPlan.plan(
                table(Map.of("primary_key", List.of("line", "order_id"), "hash_columns", List.of("amount", "line"))),
                new PostgresDialect(), LOCATION, COLUMNS, List.of("order_id"));

        assertThat(plan.schema().primaryKey()).containsExactly("line", "order_id");
        assertThat(plan.keyIndexes()).containsExactly(1, 0);
        assertThat(plan.hashIndexes()).containsExactly(2, 1);
    }

    @Test
    void aTableWithoutAnyPrimaryKeyIsRejected() {
        assertThatThrownBy(() -> ExtractionPlan.plan(table(Map.of()), new PostgresDialect(), LOCATION, COLUMNS,
                List.of()))
                .isInstanceOf(SourceSchemaException.class)
                .hasMessageContaining("public.order lines (datasource shop) has no primary key")
                .hasMessageContaining("primary_key");
    }

    @Test
    void missingConfiguredColumnsAreNamed() {
        assertThatThrownBy(() -> ExtractionPlan.plan(table(Map.of("primary_key", List.of("id"))),
                new PostgresDialect(), LOCATION, COLUMNS, List.of()))
                .isInstanceOf(SourceSchemaException.class)
                .hasMessageContaining("primary_key column(s) [id] not found in table public.order lines");
        assertThatThrownBy(() -> ExtractionPlan.plan(table(Map.of("hash_columns", List.of("amount", "Amount"))),
                new PostgresDialect(), LOCATION, COLUMNS, List.of("order_id")))
                .isInstanceOf(SourceSchemaException.class)
                .hasMessageContaining("hash_columns column(s) [Amount] not found");
    }

    @Test
    void aTableWithoutColumnsIsRejected() {
        assertThatThrownBy(() -> ExtractionPlan.plan(table(Map.of()), new PostgresDialect(), LOCATION, List.of(),
                List.of()))
                .isInstanceOf(SourceSchemaException.class);
    }

    private static TableConfig table(Map<String, Object> settings) {
        return TestConfigs.builder()
                .datasource("shop", "jdbc:postgresql://localhost/shop", "u", "p")
                .table("lines", "shop", settings)
                .build().table("lines");
    }
}
