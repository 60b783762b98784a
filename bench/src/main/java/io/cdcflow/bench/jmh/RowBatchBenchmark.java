package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowEventCodec;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * The rows topic's envelope: a BATCH record of 500 prepared rows (key, MD5, Avro row image) encoded
 * by {@link RowEventCodec} as the extractor's serde does, and decoded as the differ's serde does.
 * Scores are per row (one call handles 500).
 */
public class RowBatchBenchmark extends RowBenchmarkSettings {
    private List<RowEvent.BatchRow> rows;
    private byte[] encoded;

    @Setup
    public void setUp() {
        rows = BenchRows.batchRows(500_001, BenchRows.BATCH_ROWS);
        encoded = RowEventCodec.encode(BenchRows.ATTEMPT.batch(rows));
    }

    @Benchmark
    @OperationsPerInvocation(BenchRows.BATCH_ROWS)
    public byte[] encode() {
        return RowEventCodec.encode(BenchRows.ATTEMPT.batch(rows));
    }

    @Benchmark
    @OperationsPerInvocation(BenchRows.BATCH_ROWS)
    public RowEvent decode() {
        return RowEventCodec.decode(encoded);
    }
}
