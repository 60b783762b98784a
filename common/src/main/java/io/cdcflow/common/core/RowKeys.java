package io.cdcflow.common.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Kafka keys of row events: {@code datasource.table}, a NUL, then the primary key values as a JSON
 * array rendered by {@link RowJson}. The same row always gets the same key, so it always lands in
 * the same partition and the differ's store is keyed by it.
 */
public final class RowKeys {
    /** Separates the table id from the primary key; cannot occur in a table id. */
    public static final char SEPARATOR = '\u0000';
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private RowKeys() {
    }

    /** The key of a row of {@code schema}. */
    public static String of(TableSchema schema, int[] primaryKeyIndexes, Object[] row) {
        return prefix(schema.tableId()) + primaryKeyJson(schema, primaryKeyIndexes, row);
    }

    /** The prefix shared by all keys of one table; a store range scan over it visits the table. */
    public static String prefix(String tableId) {
        return tableId + SEPARATOR;
    }

    /**
     * The primary key part of a key ({@code [1,"a"]}). Integer and string keys (the usual ones) are
     * rendered directly, with Jackson's string escaping, as Jackson renders them; other types go
     * through Jackson.
     */
    public static String primaryKeyJson(TableSchema schema, int[] primaryKeyIndexes, Object[] row) {
        StringBuilder direct = new StringBuilder(16 * primaryKeyIndexes.length).append('[');
        for (int i = 0; i < primaryKeyIndexes.length && direct != null; i++) {
            Object value = row[primaryKeyIndexes[i]];
            if (i > 0) {
                direct.append(',');
            }
            switch (value == null ? ColumnType.JSON : schema.columns().get(primaryKeyIndexes[i]).type()) {
                case INT, LONG -> direct.append(((Number) value).longValue());
                case STRING, UUID -> direct.append('"').append(STRINGS.quoteAsString((String) value)).append('"');
                default -> direct = null;
            }
        }
        if (direct != null) {
            return direct.append(']').toString();
        }
        ArrayNode values = JsonNodeFactory.instance.arrayNode(primaryKeyIndexes.length);
        for (int index : primaryKeyIndexes) {
            values.add(RowJson.toJson(schema.columns().get(index), row[index]));
        }
        return values.toString();
    }

    /** The primary key part of a row key. */
    public static String primaryKeyOf(String rowKey) {
        int separator = rowKey.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("not a row key: " + rowKey);
        }
        return rowKey.substring(separator + 1);
    }

    /** The primary key of a row key as a JSON object {@code {"id":1}} using the schema's key names. */
    public static JsonNode primaryKeyObject(TableSchema schema, String rowKey) {
        try {
            JsonNode values = Json.MAPPER.readTree(primaryKeyOf(rowKey));
            var object = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < schema.primaryKey().size(); i++) {
                object.set(schema.primaryKey().get(i), values.get(i));
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed primary key in row key", e);
        }
    }
}
