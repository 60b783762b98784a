package io.cdcflow.extractor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.BiFunction;

/**
 * A primary-key range {@code (lower, upper]} as SQL: the predicate over the (quoted) key columns and
 * the order in which the bound values fill its {@code ?} parameters. A missing bound is unbounded.
 * Composite keys compare lexicographically, spelled out with {@code OR}/{@code AND} rather than a row
 * constructor so that both PostgreSQL and MySQL/MariaDB can use the primary-key index.
 *
 * @param predicate the condition, or empty when both bounds are missing
 * @param parameters for each {@code ?}, in order: which bound ({@code true} = lower) and which key column
 */
public record KeyRange(String predicate, List<Parameter> parameters) {

    /** One {@code ?} of the predicate. */
    public record Parameter(boolean lower, int keyColumn) {
    }

    public KeyRange {
        Objects.requireNonNull(predicate, "predicate");
        parameters = List.copyOf(parameters);
    }

    /**
     * @param quotedKey the key columns, quoted, in key order
     * @param hasLower whether there is a lower (exclusive) bound
     * @param hasUpper whether there is an upper (inclusive) bound
     */
    public static KeyRange of(List<String> quotedKey, boolean hasLower, boolean hasUpper) {
        if (quotedKey.isEmpty()) {
            throw new IllegalArgumentException("a key range needs at least one key column");
        }
        List<Parameter> parameters = new ArrayList<>();
        StringJoiner predicate = new StringJoiner(" AND ");
        if (hasLower) {
            predicate.add(compare(quotedKey, ">", ">", true, parameters));
        }
        if (hasUpper) {
            predicate.add(compare(quotedKey, "<", "<=", false, parameters));
        }
        return new KeyRange(predicate.toString(), parameters);
    }

    /**
     * The bound values in parameter order.
     *
     * @param toParameter turns key column {@code i}'s value into its parameter
     */
    public List<Object> bind(Object[] lower, Object[] upper, BiFunction<Integer, Object, Object> toParameter) {
        List<Object> values = new ArrayList<>(parameters.size());
        for (Parameter parameter : parameters) {
            Object[] bound = parameter.lower() ? lower : upper;
            values.add(toParameter.apply(parameter.keyColumn(), bound[parameter.keyColumn()]));
        }
        return values;
    }

    /**
     * {@code (k1 op ?) OR (k1 = ? AND k2 op ?) OR ...}, the last column with {@code lastOp}: the
     * lexicographic comparison of the key with a bound.
     */
    private static String compare(List<String> key, String op, String lastOp, boolean lower,
                                  List<Parameter> parameters) {
        StringJoiner alternatives = new StringJoiner(" OR ", "(", ")");
        for (int column = 0; column < key.size(); column++) {
            StringJoiner conjunction = column == 0 ? new StringJoiner(" AND ") : new StringJoiner(" AND ", "(", ")");
            for (int equal = 0; equal < column; equal++) {
                conjunction.add(key.get(equal) + " = ?");
                parameters.add(new Parameter(lower, equal));
            }
            conjunction.add(key.get(column) + " " + (column == key.size() - 1 ? lastOp : op) + " ?");
            parameters.add(new Parameter(lower, column));
            alternatives.add(conjunction.toString());
        }
        return alternatives.toString();
    }
}
