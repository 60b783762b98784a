package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** {@link RowHasher#hash}: the canonical encoding and MD5 of all 9 columns of a normalised row. */
public class RowHashBenchmark extends RowBenchmarkSettings {
    private Object[][] rows;
    private RowHasher hasher;
    private int next;

    @Setup
    public void setUp() {
        rows = BenchRows.normalizedRows();
        hasher = new RowHasher(BenchRows.HASH_INDEXES);
    }

    @Benchmark
    public byte[] hash() {
        return hasher.hash(rows[next++ & BenchRows.MASK]);
    }
}
