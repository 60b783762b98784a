package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowEventCodec;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.extractor.core.MappedColumn;
import io.cdcflow.extractor.core.PreparedRow;
import io.cdcflow.extractor.core.ValueNormalizer;
import io.cdcflow.extractor.io.RowPartitioner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The extractor's work per row in Java, without JDBC and Kafka: what {@code RowReader}, {@code
 * TableReader} and {@code AttemptPublisher} do between the result set's getters and {@code
 * KafkaProducer.send}, in their order.
 */
public class ExtractorRowBenchmark extends RowBenchmarkSettings {
    private MappedColumn[] columns;
    private Object[][] raw;
    private RowHasher hasher;
    private RowCodec codec;
    private List<RowEvent.BatchRow> pending;
    private int next;

    @Setup
    public void setUp() {
        columns = BenchRows.COLUMNS.toArray(MappedColumn[]::new);
        raw = BenchRows.rawRows();
        hasher = new RowHasher(BenchRows.HASH_INDEXES);
        codec = new RowCodec(BenchRows.SCHEMA);
        pending = new ArrayList<>(BenchRows.BATCH_ROWS);
    }

    /** {@code RowReader.read} without the getters: {@link ValueNormalizer} over the row's 9 values. */
    @Benchmark
    public Object[] normalize() {
        return normalize(raw[next++ & BenchRows.MASK]);
    }

    /** {@code TableReader}'s sequence: normalise, then key, hash and Avro-encode into a {@link PreparedRow}. */
    @Benchmark
    public PreparedRow prepareRow() {
        return prepare(raw[next++ & BenchRows.MASK]);
    }

    /**
     * All of it for 500 rows: {@link #prepareRow()}, then what {@code AttemptPublisher.row} adds (key
     * bytes, murmur2 partition, a batch row), then the 500-row BATCH envelope encoded for the
     * producer. The real publisher keeps one pending batch per partition; one list here costs the
     * same per row.
     */
    @Benchmark
    @OperationsPerInvocation(BenchRows.BATCH_ROWS)
    public void extractRow(Blackhole blackhole) {
        pending.clear();
        for (int i = 0; i < BenchRows.BATCH_ROWS; i++) {
            PreparedRow row = prepare(raw[next++ & BenchRows.MASK]);
            byte[] keyBytes = row.key().getBytes(StandardCharsets.UTF_8);
            blackhole.consume(RowPartitioner.partition(keyBytes, BenchRows.PARTITIONS));
            pending.add(new RowEvent.BatchRow(new String(keyBytes, StandardCharsets.UTF_8), row.hash(), row.row(),
                    RowEvent.NO_CHUNK));
        }
        blackhole.consume(RowEventCodec.encode(BenchRows.ATTEMPT.batch(pending)));
    }

    private PreparedRow prepare(Object[] values) {
        Object[] row = normalize(values);
        return new PreparedRow(RowKeys.of(BenchRows.SCHEMA, BenchRows.KEY_INDEXES, row), hasher.hash(row),
                codec.encode(row));
    }

    private Object[] normalize(Object[] values) {
        Object[] row = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            row[i] = ValueNormalizer.normalize(columns[i], values[i]);
        }
        return row;
    }
}
