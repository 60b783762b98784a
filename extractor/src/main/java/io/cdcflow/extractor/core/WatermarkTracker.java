package io.cdcflow.extractor.core;

import io.cdcflow.common.core.ColumnType;
import java.util.Optional;

/**
 * The largest non-null value of the timestamp column among the rows a scan read. Written by the
 * thread that reads the rows, read by the run thread after the scan ended.
 */
public final class WatermarkTracker {
    private final int index;
    private final ColumnType type;
    private volatile Object max;

    /**
     * @param index the timestamp column's position in a row
     * @param type its logical type (one {@link Watermark#supports} accepts)
     */
    public WatermarkTracker(int index, ColumnType type) {
        if (!Watermark.supports(type)) {
            throw new IllegalArgumentException(Watermark.unsupported(type));
        }
        this.index = index;
        this.type = type;
    }

    /** Takes a row (canonical values, plan order) into account; NULL timestamps are ignored. */
    public void observe(Object[] row) {
        Object value = row[index];
        if (value != null && (max == null || Watermark.compareValues(value, max) > 0)) {
            max = value;
        }
    }

    /** The largest value seen, if any row had one. */
    public Optional<Watermark> max() {
        Object value = max;
        return value == null ? Optional.empty() : Optional.of(new Watermark(type, value));
    }
}
