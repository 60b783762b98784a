package io.cdcflow.extractor.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.RowJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Base64;
import java.util.List;

/**
 * Primary-key tuples (canonical values, see {@link io.cdcflow.common.core.ColumnType}) as JSON arrays
 * and back, for chunk boundaries that outlive the run that found them.
 */
public final class KeyValues {
    private KeyValues() {
    }

    /** The tuple as a JSON array, each value as {@link RowJson} renders it. */
    public static ArrayNode toJson(List<Column> key, Object[] values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(values.length);
        for (int i = 0; i < values.length; i++) {
            array.add(RowJson.toJson(key.get(i), values[i]));
        }
        return array;
    }

    /**
     * The tuple a JSON array from {@link #toJson} holds.
     *
     * @throws IllegalArgumentException if the array does not fit the key's columns
     */
    public static Object[] fromJson(List<Column> key, JsonNode array) {
        if (array == null || !array.isArray() || array.size() != key.size()) {
            throw new IllegalArgumentException("a key bound must be an array of " + key.size() + " values, not "
                    + array);
        }
        Object[] values = new Object[key.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(key.get(i), array.get(i));
        }
        return values;
    }

    private static Object value(Column column, JsonNode node) {
        if (node.isNull()) {
            throw new IllegalArgumentException("key column " + column.name() + " holds NULL in a key bound");
        }
        return switch (column.type()) {
            case INT -> node.intValue();
            case LONG -> node.longValue();
            case DECIMAL -> node.decimalValue();
            case FLOAT -> node.floatValue();
            case DOUBLE -> node.doubleValue();
            case BOOLEAN -> node.booleanValue();
            case STRING, JSON, UUID -> node.textValue();
            case BYTES -> Base64.getDecoder().decode(node.textValue());
            case DATE -> LocalDate.parse(node.textValue());
            case TIME -> LocalTime.parse(node.textValue());
            case TIMESTAMP -> LocalDateTime.parse(node.textValue());
            case TIMESTAMP_TZ -> Instant.parse(node.textValue());
        };
    }
}
