package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SnapshotFileSchemaTest {

    private static final TableSchema ORDERS = new TableSchema("shop", "orders", List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("line", ColumnType.INT, false),
            Column.of("sku", ColumnType.STRING, false),
            Column.decimal("price", 12, 2, true)), List.of("id", "line"));

    @Test
    void theTableSchemaWithOnlyKeyColumnsNotNullThenTheMetadata() {
        SnapshotFileSchema schema = SnapshotFileSchema.of(layout(ORDERS, true));

        Schema avro = schema.avro();
        assertThat(avro.getFields()).extracting(Schema.Field::name).containsExactly("id", "line", "sku", "price",
                "_cdc_operation", "_cdc_timestamp", "_cdc_table", "_cdc_datasource");
        assertThat(avro.getField("id").schema().isNullable()).isFalse();
        assertThat(avro.getField("line").schema().isNullable()).isFalse();
        assertThat(avro.getField("sku").schema().isNullable()).isTrue();
        assertThat(avro.getField("price").schema().getTypes().get(1).getLogicalType())
                .isEqualTo(LogicalTypes.decimal(12, 2));
        assertThat(avro.getField("_cdc_timestamp").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
        assertThat(avro.getField("_cdc_operation").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(TableAvroSchemas.fromAvro(avro).primaryKey()).containsExactly("id", "line");
        assertThat(schema.columns()).extracting(Column::name).containsExactly("id", "line", "sku", "price",
                "_cdc_operation", "_cdc_timestamp", "_cdc_table", "_cdc_datasource");
    }

    @Test
    void withoutMetadataOnlyTheTableColumns() {
        assertThat(SnapshotFileSchema.of(layout(ORDERS, false)).avro().getFields()).hasSize(4);
    }

    @Test
    void aTableColumnNamedLikeAMetadataColumnIsUnwritableWithMetadata() {
        TableSchema clashing = new TableSchema("shop", "t", List.of(
                Column.of("id", ColumnType.LONG, false), Column.of("_cdc-table", ColumnType.STRING, true)),
                List.of("id"));

        assertThatThrownBy(() -> SnapshotFileSchema.of(layout(clashing, true)))
                .isInstanceOf(UnwritableDataException.class)
                .hasMessageContaining("metadata column _cdc_table");
        assertThat(SnapshotFileSchema.of(layout(clashing, false)).avro().getFields()).hasSize(2);
    }

    @Test
    void aLayoutWithoutSchemaHasNoFileSchema() {
        assertThatThrownBy(() -> SnapshotFileSchema.of(new SnapshotLayout(null, List.of(), true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SnapshotLayout layout(TableSchema table, boolean metadata) {
        return new SnapshotRowRenderer(new RunKey(table.datasource(), table.table(), "r"), 0L,
                Optional.of(table), metadata).layout();
    }
}
