package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowCodec;
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
 * {@link RowCodec}: a row to Avro single-object bytes (the extractor, for every row) and back (the
 * differ, for every change: the new image and the stored one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RowCodecBenchmark {
    private Object[][] rows;
    private byte[][] encoded;
    private RowCodec codec;
    private int next;

    @Setup
    public void setUp() {
        rows = BenchRows.normalizedRows();
        codec = new RowCodec(BenchRows.SCHEMA);
        encoded = new byte[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            encoded[i] = codec.encode(rows[i]);
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(rows[next++ & BenchRows.MASK]);
    }

    @Benchmark
    public Object[] decode() {
        return codec.decode(encoded[next++ & BenchRows.MASK]);
    }
}
