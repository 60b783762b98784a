package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowKeys;
import io.cdcflow.extractor.io.RowPartitioner;
import java.nio.charset.StandardCharsets;
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

/**
 * Row keys: {@link RowKeys#of} for the table's bigint key (e.g. {@code bench.bench_rows\0[976001]}), and
 * the partition the publisher derives from the key's bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RowKeyBenchmark {
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
