package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowKeys;
import io.cdcflow.extractor.io.RowPartitioner;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Row keys: {@link RowKeys#of} for the table's bigint key (e.g. {@code bench.bench_rows\0[976001]}), and
 * the partition the publisher derives from the key's bytes.
 */
public class RowKeyBenchmark extends RowBenchmarkSettings {
    private Object[][] rows;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        rows = BenchRows.normalizedRows();
        keys = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            keys[i] = RowKeys.of(BenchRows.SCHEMA, BenchRows.KEY_INDEXES, rows[i]);
        }
    }

    @Benchmark
    public String key() {
        return RowKeys.of(BenchRows.SCHEMA, BenchRows.KEY_INDEXES, rows[next++ & BenchRows.MASK]);
    }

    /** {@code AttemptPublisher.row}: the key's UTF-8 bytes and their murmur2 partition. */
    @Benchmark
    public int partition() {
        return RowPartitioner.partition(keys[next++ & BenchRows.MASK].getBytes(StandardCharsets.UTF_8),
                BenchRows.PARTITIONS);
    }
}
