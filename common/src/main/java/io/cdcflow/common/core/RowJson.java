package io.cdcflow.common.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Base64;

/**
 * Renders rows as JSON objects for change events and JSON files. Decimals stay exact numbers,
 * temporal values are ISO-8601 strings (instants in UTC with {@code Z}), bytes are base64, and JSON
 * columns stay text so that their exact content survives.
 */
public final class RowJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RowJson() {
    }

    /** The row as a JSON object with the schema's column names, in column order. */
    public static ObjectNode toJson(TableSchema schema, Object[] row) {
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < row.length; i++) {
            Column column = schema.columns().get(i);
            object.set(column.name(), toJson(column, row[i]));
        }
        return object;
    }

    /** One value as JSON. */
    public static JsonNode toJson(Column column, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (column.type()) {
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case DECIMAL -> DecimalNode.valueOf((BigDecimal) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case STRING, JSON, UUID -> NODES.textNode((String) value);
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
            case DATE -> NODES.textNode(((LocalDate) value).toString());
            case TIME -> NODES.textNode(((LocalTime) value).toString());
            case TIMESTAMP -> NODES.textNode(((LocalDateTime) value).toString());
            case TIMESTAMP_TZ -> NODES.textNode(((Instant) value).toString());
        };
    }
}
