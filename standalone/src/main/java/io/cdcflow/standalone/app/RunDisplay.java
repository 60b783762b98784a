package io.cdcflow.standalone.app;

import io.cdcflow.common.core.RunEvent;
import io.cdcflow.standalone.core.ProgressLine;
import io.cdcflow.standalone.core.ProgressView;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows the runs the CLI follows: nothing, a line per event, or a progress bar per run. */
interface RunDisplay extends Consumer<RunEvent>, AutoCloseable {
    /** Starts showing a run; {@code expectedRows} is -1 when unknown. */
    void track(String runId, String table, long expectedRows);

    @Override
    void close();

    /** Shows nothing. */
    static RunDisplay none() {
        return new RunDisplay() {
            @Override
            public void track(String runId, String table, long expectedRows) {
            }

            @Override
            public void accept(RunEvent event) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** One line per event ({@link ProgressLine}): for logs and pipes. */
    static RunDisplay lines(PrintWriter out) {
        return new RunDisplay() {
            @Override
            public void track(String runId, String table, long expectedRows) {
            }

            @Override
            public void accept(RunEvent event) {
                out.println(ProgressLine.of(event));
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /**
     * A progress bar per run (me.tongfei:progressbar): rows read of the rows expected, then the
     * state, the changes and the files.
     *
     * @param consumer where the bars are drawn; null for the console (stderr)
     */
    static RunDisplay bars(ProgressBarConsumer consumer) {
        return new Bars(consumer);
    }

    /** The progress bars. */
    final class Bars implements RunDisplay {
        private final ProgressBarConsumer consumer;
        private final ProgressView view = new ProgressView();
        private final Map<String, ProgressBar> bars = new LinkedHashMap<>();

        Bars(ProgressBarConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public void track(String runId, String table, long expectedRows) {
            ProgressView.Snapshot first = view.track(runId, table, expectedRows);
            ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(table).setInitialMax(first.max())
                    .setUnit(" rows", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .showSpeed();
            if (consumer != null) {
                builder.setConsumer(consumer);
            }
            ProgressBar bar = builder.build();
            bar.setExtraMessage(first.message());
            bars.put(runId, bar);
        }

        @Override
        public void accept(RunEvent event) {
            view.apply(event).ifPresent(snapshot -> {
                ProgressBar bar = bars.get(snapshot.runId());
                bar.maxHint(snapshot.max());
                bar.stepTo(snapshot.rows());
                bar.setExtraMessage(snapshot.message());
                if (snapshot.done()) {
                    bar.refresh();
                    bar.close();
                    bars.remove(snapshot.runId());
                }
            });
        }

        @Override
        public void close() {
            bars.values().forEach(ProgressBar::close);
            bars.clear();
        }
    }
}
