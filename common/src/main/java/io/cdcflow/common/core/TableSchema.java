package io.cdcflow.common.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a source table as the pipeline sees it: its columns in database order and its primary
 * key. Immutable.
 *
 * @param datasource the configured datasource name
 * @param table the configured table name
 * @param columns all columns, in database order
 * @param primaryKey names of the primary-key columns, in key order; never empty
 */
public record TableSchema(String datasource, String table, List<Column> columns, List<String> primaryKey) {
    public TableSchema {
        Objects.requireNonNull(datasource, "datasource");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + table + " has no columns");
        }
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("table " + table + " has no primary key");
        }
        for (String key : primaryKey) {
            if (indexOfOrMinus(columns, key) < 0) {
                throw new IllegalArgumentException("primary key column " + key + " is not a column of " + table);
            }
        }
    }

    /** {@code datasource.table}: the id used as Kafka key prefix and in run events. */
    public String tableId() {
        return TableIds.of(datasource, table);
    }

    /** Position of a column, or throws if the table has no such column. */
    public int indexOf(String column) {
        int index = indexOfOrMinus(columns, column);
        if (index < 0) {
            throw new IllegalArgumentException("table " + table + " has no column " + column);
        }
        return index;
    }

    /** Positions of the primary-key columns, in key order. */
    public int[] primaryKeyIndexes() {
        return primaryKey.stream().mapToInt(this::indexOf).toArray();
    }

    /** Positions of the given columns; {@code ["*"]} means every column, in database order. */
    public int[] indexesOf(List<String> names) {
        if (names.size() == 1 && "*".equals(names.get(0))) {
            int[] all = new int[columns.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> indexes = new ArrayList<>();
        for (String name : names) {
            indexes.add(indexOf(name));
        }
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int indexOfOrMinus(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
