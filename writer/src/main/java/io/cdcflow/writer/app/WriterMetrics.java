package io.cdcflow.writer.app;

import io.cdcflow.common.io.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The writer's meters (Prometheus names: dots as underscores, counters with {@code _total}, timers in
 * seconds):
 *
 * <ul>
 *   <li>{@code cdc.writer.files.written} and {@code cdc.writer.bytes.written} (datasource, table):
 *       objects uploaded (data files and summaries) and their bytes;</li>
 *   <li>{@code cdc.writer.rows.written} (datasource, table, op): rows in the data files, op
 *       {@code added}, {@code modified} or {@code deleted};</li>
 *   <li>{@code cdc.writer.runs} (datasource, table, outcome): timer of finishing a run (render,
 *       upload, events); outcome {@code written}, {@code failed} or {@code parked}.</li>
 * </ul>
 */
final class WriterMetrics {
    static final WriterMetrics NONE = new WriterMetrics(Metrics.none());

    private final MeterRegistry registry;

    WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    void uploaded(String datasource, String table, long bytes) {
        Counter.builder("cdc.writer.files.written").description("Objects uploaded: data files and summaries")
                .tags("datasource", datasource, "table", table).register(registry).increment();
        Counter.builder("cdc.writer.bytes.written").description("Bytes uploaded")
                .tags("datasource", datasource, "table", table).register(registry).increment(bytes);
    }

    void rowsWritten(String datasource, String table, String op, long rows) {
        Counter.builder("cdc.writer.rows.written").description("Rows written to snapshot files")
                .tags("datasource", datasource, "table", table, "op", op).register(registry).increment(rows);
    }

    void runFinished(String datasource, String table, String outcome, Duration took) {
        Timer.builder("cdc.writer.runs").description("Runs finished by the writer, by outcome")
                .tags("datasource", datasource, "table", table, "outcome", outcome).register(registry).record(took);
    }
}
