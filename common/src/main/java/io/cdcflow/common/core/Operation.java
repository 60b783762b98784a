package io.cdcflow.common.core;

/** The kind of a detected change, with its envelope code and its file category. */
public enum Operation {
    ADDED("c", "added"),
    MODIFIED("u", "modified"),
    DELETED("d", "deleted");

    private final String code;
    private final String category;

    Operation(String code, String category) {
        this.code = code;
        this.category = category;
    }

    /** Debezium-style envelope code: c, u, d. */
    public String code() {
        return code;
    }

    /** File category and {@code _cdc_operation} value: added, modified, deleted. */
    public String category() {
        return category;
    }

    /** The operation with the given envelope code. */
    public static Operation ofCode(String code) {
        for (Operation op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation code " + code);
    }
}
