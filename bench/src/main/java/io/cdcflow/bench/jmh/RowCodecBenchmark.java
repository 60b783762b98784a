package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link RowCodec}: a row to Avro single-object bytes (the extractor, for every row) and back (the
 * differ, for every change: the new image and the stored one).
 */
public class RowCodecBenchmark extends RowBenchmarkSettings {
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
