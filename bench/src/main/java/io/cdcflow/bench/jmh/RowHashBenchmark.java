package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@link RowHasher#hash}: the canonical encoding and MD5 of all 9 columns of a normalised row. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RowHashBenchmark {
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
