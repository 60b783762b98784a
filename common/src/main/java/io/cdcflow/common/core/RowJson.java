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
import java.time.format.DateTimeParseException;
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

    /**
     * The Java value of {@code column} (as listed in {@link ColumnType}) that {@link #toJson(Column, Object)}
     * rendered as {@code json}; JSON null or a missing node is null. Numbers and text may also come from
     * a column of another type (an image taken before a schema change): integral numbers convert to
     * wider integers and decimals, any scalar to text.
     *
     * @throws IllegalArgumentException if the JSON value does not fit the column's type
     */
    public static Object fromJson(Column column, JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        try {
            return switch (column.type()) {
                case INT -> {
                    require(json.isIntegralNumber() && json.canConvertToInt(), column, json);
                    yield json.intValue();
                }
                case LONG -> {
                    require(json.isIntegralNumber() && json.canConvertToLong(), column, json);
                    yield json.longValue();
                }
                case DECIMAL -> {
                    require(json.isNumber(), column, json);
                    yield json.decimalValue();
                }
                case FLOAT -> {
                    require(json.isNumber(), column, json);
                    yield json.floatValue();
                }
                case DOUBLE -> {
                    require(json.isNumber(), column, json);
                    yield json.doubleValue();
                }
                case BOOLEAN -> {
                    require(json.isBoolean(), column, json);
                    yield json.booleanValue();
                }
                case STRING, JSON -> {
                    require(json.isValueNode(), column, json);
                    yield json.asText();
                }
                case UUID -> {
                    require(json.isTextual(), column, json);
                    yield json.textValue();
                }
                case BYTES -> Base64.getDecoder().decode(text(column, json));
                case DATE -> LocalDate.parse(text(column, json));
                case TIME -> LocalTime.parse(text(column, json));
                case TIMESTAMP -> LocalDateTime.parse(text(column, json));
                case TIMESTAMP_TZ -> Instant.parse(text(column, json));
            };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.type()
                    + ") cannot hold the JSON value " + json.getNodeType(), e);
        }
    }

    private static String text(Column column, JsonNode json) {
        require(json.isTextual(), column, json);
        return json.textValue();
    }

    private static void require(boolean fits, Column column, JsonNode json) {
        if (!fits) {
            // the type only: the value is row content
            throw new IllegalArgumentException("column " + column.name() + " (" + column.type()
                    + ") cannot hold a JSON " + json.getNodeType());
        }
    }
}
