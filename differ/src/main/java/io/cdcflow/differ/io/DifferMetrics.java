package io.cdcflow.differ.io;

import io.cdcflow.common.core.Operation;
import io.cdcflow.common.io.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The differ's meters (Prometheus names: dots as underscores, counters with {@code _total}):
 *
 * <ul>
 *   <li>{@code cdc.differ.rows} (datasource, table, verdict): rows classified, verdict {@code added},
 *       {@code modified}, {@code unchanged} or {@code repeated} (seen before by an earlier attempt of
 *       the run);</li>
 *   <li>{@code cdc.differ.changes} (datasource, table, op): change events emitted, op {@code added},
 *       {@code modified} or {@code deleted};</li>
 *   <li>{@code cdc.differ.partition.runs} (datasource, table, outcome): partitions' parts of runs
 *       finished, outcome {@code complete} or {@code incomplete} (failed extraction, count mismatch,
 *       abandoned).</li>
 * </ul>
 *
 * Counted when processed: a task that is retried under exactly-once may count records again.
 * Thread-safe (each stream thread calls it for its tasks).
 */
public final class DifferMetrics {
    /** Records nothing. */
    public static final DifferMetrics NONE = new DifferMetrics(Metrics.none());

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public DifferMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts {@code n} rows with one verdict (nothing when {@code n} is 0). */
    void rows(String datasource, String table, String verdict, long n) {
        if (n > 0) {
            counter("cdc.differ.rows", "Rows classified by the differ", datasource, table, "verdict", verdict)
                    .increment(n);
        }
    }

    /** Counts an emitted change. */
    void change(String datasource, String table, Operation op) {
        counter("cdc.differ.changes", "Change events emitted", datasource, table, "op",
                op.name().toLowerCase(Locale.ROOT)).increment();
    }

    /** Counts a partition's finished part of a run. */
    void partitionDone(String datasource, String table, boolean complete) {
        counter("cdc.differ.partition.runs", "Partitions' parts of runs finished", datasource, table, "outcome",
                complete ? "complete" : "incomplete").increment();
    }

    private Counter counter(String name, String description, String datasource, String table, String tag,
                            String value) {
        String key = name + '\u0000' + datasource + '\u0000' + table + '\u0000' + value;
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                .tags("datasource", String.valueOf(datasource), "table", table, tag, value).register(registry));
    }
}
