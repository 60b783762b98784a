package io.cdcflow.extractor.core;

import io.cdcflow.common.config.CdcMethod;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.ColumnType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one run of a {@code timestamp} table reads it, decided from the stored {@link WatermarkState}:
 *
 * <ul>
 *   <li><b>incremental</b>: {@code SELECT <columns> FROM <table> WHERE <timestamp_column> >= ?},
 *       bound to the stored watermark minus {@code timestamp_overlap_seconds}. Rows equal to the
 *       watermark are read again (ties), and so are rows up to the overlap older (late commits);
 *       the differ drops the unchanged ones. Rows whose timestamp is NULL never match. Markers say
 *       method {@code timestamp}, so the differ never deletes.</li>
 *   <li><b>full</b>: the whole table, NULL timestamps included, with markers saying method {@code
 *       hash}, so that the differ also emits the deletes a timestamp cannot show. A run is full
 *       when there is no usable watermark (first run; no row had a timestamp yet; the configured
 *       column or its type changed) or when {@code reconcile_every_n_runs} says a reconcile is due.</li>
 * </ul>
 *
 * <p>After the run, {@link #next} gives the state to store: the largest timestamp the run read
 * (database values, never the extractor's clock), or the previous watermark if an incremental run
 * read no row.
 */
public final class TimestampRunPlan {
    /** Marker method of incremental runs. */
    public static final String INCREMENTAL_METHOD = CdcMethod.TIMESTAMP.jsonName();
    /** Marker method of full runs: the differ may delete keys the run did not see. */
    public static final String FULL_METHOD = CdcMethod.HASH.jsonName();

    private final String column;
    private final int columnIndex;
    private final ColumnType type;
    private final WatermarkState stored;
    private final String fullReason;
    private final Watermark bound;
    private final ScanQuery query;

    private TimestampRunPlan(String column, int columnIndex, ColumnType type, WatermarkState stored, String fullReason,
                             Watermark bound, ScanQuery query) {
        this.column = column;
        this.columnIndex = columnIndex;
        this.type = type;
        this.stored = stored;
        this.fullReason = fullReason;
        this.bound = bound;
        this.query = query;
    }

    /**
     * Plans a run.
     *
     * @param table a table with method {@code timestamp}
     * @param dialect the database's dialect (quoting, the class of the bound parameter)
     * @param extraction the table's extraction plan, which checked that the timestamp column exists and
     *     has a supported type
     * @param stored the state the last completed run stored, if any
     */
    public static TimestampRunPlan plan(TableConfig table, Dialect dialect, ExtractionPlan extraction,
                                        Optional<WatermarkState> stored) {
        String column = Objects.requireNonNull(table.timestampColumn(), "the table has no timestamp_column");
        int index = extraction.schema().indexOf(column);
        ColumnType type = extraction.schema().columns().get(index).type();
        if (!Watermark.supports(type)) {
            throw new IllegalArgumentException(Watermark.unsupported(type));
        }
        String fullReason = fullReason(table, column, type, stored);
        if (fullReason != null) {
            return new TimestampRunPlan(column, index, type, stored.orElse(null), fullReason, null,
                    ScanQuery.of(extraction.selectSql()));
        }
        WatermarkState state = stored.orElseThrow();
        Watermark bound = state.watermark().minus(table.timestampOverlap());
        ScanQuery query = new ScanQuery(extraction.selectSql() + " WHERE " + dialect.quote(column) + " >= ?",
                List.of(dialect.timestampParameter(bound)));
        return new TimestampRunPlan(column, index, type, state, null, bound, query);
    }

    /**
     * Whether the next run is a reconcile: every {@code everyNRuns}-th run is full, i.e. one after
     * {@code everyNRuns - 1} incremental runs; 0 means never.
     *
     * @param runsSinceReconcile incremental runs completed since the last full run
     */
    public static boolean reconcileDue(int everyNRuns, int runsSinceReconcile) {
        return everyNRuns > 0 && runsSinceReconcile + 1 >= everyNRuns;
    }

    private static String fullReason(TableConfig table, String column, ColumnType type,
                                     Optional<WatermarkState> stored) {
        if (stored.isEmpty()) {
            return "no watermark stored (first run)";
        }
        WatermarkState state = stored.get();
        if (!state.column().equals(column)) {
            return "the stored watermark is of column " + state.column() + ", the timestamp column is now " + column;
        }
        if (state.watermark() == null) {
            return "no row had a timestamp in the last run";
        }
        if (state.watermark().type() != type) {
            return "the stored watermark is a " + state.watermark().typeName() + ", column " + column + " is now a "
                    + Watermark.typeNameOf(type);
        }
        if (reconcileDue(table.reconcileEveryNRuns(), state.runsSinceReconcile())) {
            return "reconcile (every " + table.reconcileEveryNRuns() + " runs)";
        }
        return null;
    }

    /** Whether the run reads the whole table. */
    public boolean full() {
        return fullReason != null;
    }

    /** Why the run reads the whole table, if it does. */
    public Optional<String> fullReason() {
        return Optional.ofNullable(fullReason);
    }

    /** The lower bound of an incremental run: the stored watermark minus the overlap. */
    public Optional<Watermark> bound() {
        return Optional.ofNullable(bound);
    }

    /** The state stored by the last completed run, if any. */
    public Optional<WatermarkState> stored() {
        return Optional.ofNullable(stored);
    }

    /** The method the run's markers and events carry: {@code hash} when full, else {@code timestamp}. */
    public String markerMethod() {
        return full() ? FULL_METHOD : INCREMENTAL_METHOD;
    }

    /** The SELECT to stream. */
    public ScanQuery query() {
        return query;
    }

    /** A tracker of the largest timestamp among the rows this run reads. */
    public WatermarkTracker tracker() {
        return new WatermarkTracker(columnIndex, type);
    }

    /**
     * The state to store when the run completes.
     *
     * @param runId the run
     * @param maxRead the largest timestamp among the rows the run read, if any row had one
     */
    public WatermarkState next(String runId, Optional<Watermark> maxRead) {
        Watermark watermark = maxRead.orElse(full() ? null : stored.watermark());
        return new WatermarkState(column, watermark, runId, full() ? 0 : stored.runsSinceReconcile() + 1);
    }

    /** {@code full run (reason)} or {@code incremental run from <bound>}, for logs. */
    public String describe() {
        return full() ? "full run (" + fullReason + ")"
                : "incremental run from " + bound + " (watermark " + stored.watermark() + ")";
    }
}
