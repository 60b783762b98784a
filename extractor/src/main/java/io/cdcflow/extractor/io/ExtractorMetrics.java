package io.cdcflow.extractor.io;

import io.cdcflow.common.io.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The extractor's meters (names as Micrometer writes them; Prometheus shows dots as underscores,
 * counters with {@code _total} and timers in seconds):
 *
 * <ul>
 *   <li>{@code cdc.extractor.rows.read} (datasource, table): rows read and published, counted as
 *       they are sent, including rows of attempts that are retried;</li>
 *   <li>{@code cdc.extractor.runs} (datasource, table, outcome): timer of executed runs;
 *       outcome {@code extracted}, {@code failed} (a failed event was published), {@code cancelled}
 *       (shutdown or rebalance: the command runs again) or {@code error} (Kafka failed: the command is
 *       read again);</li>
 *   <li>{@code cdc.extractor.commands.rejected}: commands sent to the dead-letter topic.</li>
 * </ul>
 */
public final class ExtractorMetrics {
    /** Records nothing. */
    public static final ExtractorMetrics NONE = new ExtractorMetrics(Metrics.none());

    private final MeterRegistry registry;

    public ExtractorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The rows-read counter of a table. */
    public Counter rowsRead(String datasource, String table) {
        return Counter.builder("cdc.extractor.rows.read").description("Rows read from the source and published")
                .tags("datasource", datasource, "table", table).register(registry);
    }

    /** Records an executed run. */
    public void runEnded(String datasource, String table, String outcome, Duration took) {
        Timer.builder("cdc.extractor.runs").description("Runs executed by the extractor, by outcome")
                .tags("datasource", datasource, "table", table, "outcome", outcome).register(registry).record(took);
    }

    /** Counts a command sent to the dead-letter topic. */
    public void commandRejected() {
        Counter.builder("cdc.extractor.commands.rejected").description("Commands sent to the dead-letter topic")
                .register(registry).increment();
    }
}
