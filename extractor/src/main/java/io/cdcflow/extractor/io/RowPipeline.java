package io.cdcflow.extractor.io;

import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.PreparedRow;
import io.cdcflow.extractor.core.RowHandoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TableReader} on a thread of its own and publishes the rows it prepares, so reading
 * and preparing rows overlaps with producing them, with a bounded number of rows in between.
 */
final class RowPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RowPipeline.class);
    /** Rows between two INFO progress lines. */
    static final long PROGRESS_EVERY_ROWS = 100_000;
    private static final int HANDOFF_CHUNKS = 4;
    private static final int HANDOFF_CHUNK_ROWS = 500;
    private static final long HANDOFF_CHUNK_BYTES = 1 << 20;
    private static final Duration READER_STOP_WAIT = Duration.ofSeconds(30);

    private RowPipeline() {
    }

    /**
     * The hand-off between reader and publisher: 4 chunks of 500 rows or 1 MB each; a chunk is at
     * most a batch, so a slow source still commits batch by batch.
     */
    static RowHandoff<PreparedRow> handoff(int batchSize) {
        return new RowHandoff<>(HANDOFF_CHUNKS, Math.min(HANDOFF_CHUNK_ROWS, batchSize), HANDOFF_CHUNK_BYTES);
    }

    /** Publishes the rows the reader prepares on its own thread; returns once the reader has ended. */
    static void publish(TableReader reader, AttemptPublisher publisher, Cancellation cancellation, long startedNanos)
            throws SQLException {
        Cancellation.Registration stopReaderOnCancel = cancellation.onCancel(reader.stop()::cancel);
        Thread thread = new Thread(reader, Thread.currentThread().getName() + "-reader");
        thread.start();
        try {
            for (List<PreparedRow> chunk = reader.handoff().take(); chunk != null; chunk = reader.handoff().take()) {
                for (PreparedRow row : chunk) {
                    publisher.row(row.key(), row.hash(), row.row());
                    logProgress(publisher.rowsSent(), startedNanos);
                }
            }
        } catch (RowHandoff.ProducerFailedException e) {
            throw rethrowable(e.getCause());
        } finally {
            reader.handoff().abandon();
            reader.stop().cancel();
            join(thread);
            stopReaderOnCancel.close();
        }
    }

    private static void logProgress(long rows, long startedNanos) {
        if (rows % PROGRESS_EVERY_ROWS == 0) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            LOG.info("Read {} rows ({} rows/s)", rows, RunExecutor.rowsPerSecond(rows, millis));
        }
    }

    /** The reader's failure, to be thrown on this thread as what it was. */
    private static SQLException rethrowable(Throwable failure) {
        if (failure instanceof SQLException sql) {
            return sql;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("the table reader failed", failure);
    }

    private static void join(Thread reader) {
        try {
            reader.join(READER_STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            LOG.warn("Table reader {} did not stop within {}", reader.getName(), READER_STOP_WAIT);
        }
    }
}
