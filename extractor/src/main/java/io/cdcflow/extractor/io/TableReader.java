package io.cdcflow.extractor.io;

import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.PreparedRow;
import io.cdcflow.extractor.core.RowHandoff;
import io.cdcflow.extractor.core.ScanQuery;
import io.cdcflow.extractor.core.StreamingFetch;
import java.sql.Connection;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Scans a table and prepares each row for publishing (key, hash, Avro encoding) on a thread of its
 * own, handing the rows over through a bounded {@link RowHandoff}; the database read and the row
 * preparation thus overlap with producing to Kafka. Whatever ends the scan ends the hand-off:
 * {@link RowHandoff#finish()} or {@link RowHandoff#fail(Throwable)}.
 */
final class TableReader implements Runnable {
    private final Connection connection;
    private final ExtractionPlan plan;
    private final ScanQuery query;
    private final Consumer<Object[]> observer;
    private final RowCodec codec;
    private final StreamingFetch fetch;
    private final Cancellation stop;
    private final RowHandoff<PreparedRow> handoff;
    private final Map<String, String> logContext;

    /**
     * @param connection used by this reader only until it ends
     * @param query the SELECT of the plan's columns to stream
     * @param observer sees every row read (canonical values), on the reader's thread
     * @param codec the table's codec, used by this reader only
     */
    TableReader(Connection connection, ExtractionPlan plan, ScanQuery query, Consumer<Object[]> observer,
                RowCodec codec, StreamingFetch fetch, RowHandoff<PreparedRow> handoff) {
        this.connection = connection;
        this.plan = plan;
        this.query = query;
        this.observer = observer;
        this.codec = codec;
        this.fetch = fetch;
        this.stop = new Cancellation();
        this.handoff = handoff;
        this.logContext = MDC.getCopyOfContextMap();
    }

    /** Stops the scan. */
    Cancellation stop() {
        return stop;
    }

    /** Where the prepared rows come out. */
    RowHandoff<PreparedRow> handoff() {
        return handoff;
    }

    @Override
    public void run() {
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        TableSchema schema = plan.schema();
        int[] keyIndexes = plan.keyIndexes();
        RowHasher hasher = new RowHasher(plan.hashIndexes());
        try {
            TableScan.scan(connection, plan, query, fetch, stop, row -> {
                observer.accept(row);
                PreparedRow prepared = new PreparedRow(RowKeys.of(schema, keyIndexes, row), hasher.hash(row),
                        codec.encode(row));
                handoff.put(prepared, prepared.approximateBytes());
            });
            handoff.finish();
        } catch (Throwable failure) {
            handoff.fail(failure);
        } finally {
            MDC.clear();
        }
    }
}
