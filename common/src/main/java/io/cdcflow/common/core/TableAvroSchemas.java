package io.cdcflow.common.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Converts a {@link TableSchema} to the Avro record schema of its rows and back. The Avro schema
 * carries everything needed to rebuild the table schema (original column names, logical column
 * types, primary key), so a consumer that only has the schema topic can decode and render rows.
 *
 * <p>Avro field names must match {@code [A-Za-z_][A-Za-z0-9_]*}; database column names need not.
 * Field names are therefore sanitised and the original name is kept in the {@code cdc.column}
 * property.
 */
public final class TableAvroSchemas {
    static final String PROP_COLUMN = "cdc.column";
    static final String PROP_TYPE = "cdc.type";
    static final String PROP_SOURCE_TYPE = "cdc.sourceType";
    static final String PROP_DATASOURCE = "cdc.datasource";
    static final String PROP_TABLE = "cdc.table";
    static final String PROP_PRIMARY_KEY = "cdc.primaryKey";

    private TableAvroSchemas() {
    }

    /** The Avro record schema for rows of {@code table}. */
    public static Schema toAvro(TableSchema table) {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Column column : table.columns()) {
            Schema valueSchema = valueSchema(column);
            Schema fieldSchema = column.nullable()
                    ? Schema.createUnion(Schema.create(Schema.Type.NULL), valueSchema)
                    : valueSchema;
            Schema.Field field = new Schema.Field(
                    uniqueName(avroName(column.name()), used), fieldSchema, null,
                    column.nullable() ? Schema.Field.NULL_DEFAULT_VALUE : null);
            field.addProp(PROP_COLUMN, column.name());
            field.addProp(PROP_TYPE, column.type().name());
            field.addProp(PROP_SOURCE_TYPE, column.sourceType());
            fields.add(field);
        }
        Schema record = Schema.createRecord(
                avroName(table.table()), null, "io.cdcflow.rows." + avroName(table.datasource()), false, fields);
        record.addProp(PROP_DATASOURCE, table.datasource());
        record.addProp(PROP_TABLE, table.table());
        record.addProp(PROP_PRIMARY_KEY, table.primaryKey());
        return record;
    }

    /** Rebuilds the table schema from an Avro schema made by {@link #toAvro}. */
    public static TableSchema fromAvro(Schema record) {
        List<Column> columns = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            Schema schema = field.schema();
            boolean nullable = schema.isUnion();
            Schema value = nullable ? schema.getTypes().get(1) : schema;
            ColumnType type = ColumnType.valueOf(field.getProp(PROP_TYPE));
            int precision = 0;
            int scale = 0;
            if (value.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                precision = decimal.getPrecision();
                scale = decimal.getScale();
            }
            columns.add(new Column(field.getProp(PROP_COLUMN), type, nullable, precision, scale,
                    field.getProp(PROP_SOURCE_TYPE)));
        }
        @SuppressWarnings("unchecked")
        List<String> primaryKey = (List<String>) record.getObjectProp(PROP_PRIMARY_KEY);
        return new TableSchema(record.getProp(PROP_DATASOURCE), record.getProp(PROP_TABLE), columns, primaryKey);
    }

    /** The 64-bit parsing-form fingerprint Avro's single-object encoding uses, as hex. */
    public static String fingerprint(Schema schema) {
        return String.format(Locale.ROOT, "%016x", SchemaNormalization.parsingFingerprint64(schema));
    }

    private static Schema valueSchema(Column column) {
        return switch (column.type()) {
            case INT -> Schema.create(Schema.Type.INT);
            case LONG -> Schema.create(Schema.Type.LONG);
            case DECIMAL -> LogicalTypes.decimal(column.precision(), column.scale())
                    .addToSchema(Schema.create(Schema.Type.BYTES));
            case FLOAT -> Schema.create(Schema.Type.FLOAT);
            case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case STRING, JSON -> Schema.create(Schema.Type.STRING);
            case UUID -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIME -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case TIMESTAMP -> LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case TIMESTAMP_TZ -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        };
    }

    /** A valid Avro name for an arbitrary identifier. */
    static String avroName(String identifier) {
        StringBuilder name = new StringBuilder(identifier.length() + 1);
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            name.append(valid ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    private static String uniqueName(String base, Set<String> used) {
        String candidate = base;
        for (int suffix = 2; !used.add(candidate); suffix++) {
            candidate = base + "_" + suffix;
        }
        return candidate;
    }

}
