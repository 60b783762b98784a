package io.cdcflow.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowEventCodec;
import io.cdcflow.common.core.RowJson;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.differ.core.RowDiffer;
import io.cdcflow.differ.core.RowState;
import io.cdcflow.differ.core.RunProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The differ's work per row without Kafka: {@code RowEventProcessor.rows} and {@code row}, call for
 * call, on decoded BATCH records (decoding them is {@link RowBatchBenchmark#decode()}). A {@link
 * HashMap} stands in for the RocksDB row-state and run-progress stores, so the store's key serde
 * (a UTF-8 copy of the key per get and per put), the RocksDB get and put (JNI, memtable, block cache)
 * and the changelog record each put produces are not in these figures. Forwarding to the change topic
 * and the writer feed is replaced by a {@link Blackhole}.
 */
public class DifferRowBenchmark extends RowBenchmarkSettings {
    private static final int KEYS = 50_000;
    private static final int BATCHES = KEYS / BenchRows.BATCH_ROWS;
    private static final String[] RUN_IDS = {"bench_rows-0-17", "bench_rows-0-18"};
    private static final String ATTEMPT = BenchRows.ATTEMPT.attempt();
    private static final long RUN_STARTED_MS = BenchRows.ATTEMPT.runStartedMs();
    private static final TopicNames TOPICS = new TopicNames("cdc");

    private byte[][] states;
    private RowState[] decodedStates;
    private byte[][] hashes;
    private byte[][] images;
    private int next;

    /**
     * One differ task's stores and a stream of decoded BATCH records: 50,000 keys (enough that
     * lookups are not all cache hits), 100 records per run, for two runs.
     */
    @State(Scope.Thread)
    public static class Task {
        private final Map<String, byte[]> rowState = new HashMap<>(2 * KEYS);
        /** The first load's store: a small map of its own, so that emptying it costs next to nothing. */
        private final Map<String, byte[]> firstLoadState = new HashMap<>();
        private final Map<String, byte[]> progressStore = new HashMap<>();
        /** Codecs by schema fingerprint, as {@code RowImages} caches them. */
        private final Map<String, RowCodec> codecs = new HashMap<>();
        private String tableId;
        private String fingerprint;
        /** {@code [run][record]}: the same rows under each run id. */
        private RowEvent[][] batches;
        private int invocation;

        /** Builds the records and leaves the store as the second run left it: every key, same hashes. */
        @Setup
        public void setUp() {
            tableId = BenchRows.SCHEMA.tableId();
            RowCodec codec = new RowCodec(BenchRows.SCHEMA);
            fingerprint = TableAvroSchemas.fingerprint(codec.schema());
            codecs.put(fingerprint, codec);
            List<RowEvent.BatchRow> rows = BenchRows.batchRows(400_001, KEYS);
            batches = new RowEvent[RUN_IDS.length][BATCHES];
            for (int run = 0; run < RUN_IDS.length; run++) {
                RowEvent.RunAttempt attempt = new RowEvent.RunAttempt(BenchRows.DATASOURCE, BenchRows.TABLE,
                        RUN_IDS[run], ATTEMPT, RUN_STARTED_MS, "hash");
                for (int b = 0; b < BATCHES; b++) {
                    List<RowEvent.BatchRow> batch = rows.subList(b * BenchRows.BATCH_ROWS,
                            (b + 1) * BenchRows.BATCH_ROWS);
                    batches[run][b] = RowEventCodec.decode(RowEventCodec.encode(attempt.batch(batch)));
                }
            }
            for (RowEvent.BatchRow row : rows) {
                rowState.put(row.key(), new RowState(row.hash(), RUN_IDS[1], row.row(), RowEvent.NO_CHUNK).toBytes());
            }
        }

        /** Fails the run if a benchmark's rows did not get the verdict it claims to measure. */
        @TearDown(Level.Iteration)
        public void checkVerdicts() {
            Counts counts = RunProgress.fromBytes(progressStore.get(tableId)).counts();
            if (counts.rows() == 0 || counts.modified() != 0 || counts.added() != 0 && counts.unchanged() != 0) {
                throw new IllegalStateException("unexpected verdicts in the benchmark: " + counts);
            }
        }

        /** What the START marker leaves in the progress store. */
        private void start(String runId) {
            progressStore.put(tableId, new RunProgress(runId, ATTEMPT, "hash", RUN_STARTED_MS, fingerprint, 0,
                    Counts.ZERO, false).toBytes());
        }

        /** {@code RowEventProcessor.rows}: the run's progress is read and written once per record. */
        private void process(Map<String, byte[]> store, RowEvent event, Blackhole blackhole) {
            RunProgress current = RunProgress.fromBytes(progressStore.get(event.tableId()));
            if (current.finished() || !current.runId().equals(event.runId())
                    || !current.attempt().equals(event.attempt())) {
                throw new IllegalStateException("row outside its run");
            }
            for (RowEvent.BatchRow row : event.rows(tableId)) {
                current = row(store, row, event, current, blackhole);
            }
            progressStore.put(tableId, current.toBytes());
        }

        /** {@code RowEventProcessor.row}, with row images kept (the default). */
        private RunProgress row(Map<String, byte[]> store, RowEvent.BatchRow row, RowEvent event,
                                RunProgress current, Blackhole blackhole) {
            String key = row.key();
            byte[] stored = store.get(key);
            RowState previous = stored == null ? null : RowState.fromBytes(stored);
            long attempt = RowState.attemptTag(event.attempt());
            RowDiffer.Verdict verdict = RowDiffer.classify(previous, row.hash(), event.runId(), attempt);
            if (verdict == RowDiffer.Verdict.DUPLICATE) {
                throw new IllegalStateException("a key twice in one attempt");
            }
            RunProgress counted = current.withRow(verdict);
            long chunk = RowDiffer.chunkOf(previous, row.chunk());
            store.put(key, new RowState(row.hash(), event.runId(), row.row(), chunk, attempt).toBytes());
            if (verdict == RowDiffer.Verdict.REPEATED || verdict == RowDiffer.Verdict.UNCHANGED) {
                return counted;
            }
            TableSchema table = codecs.get(current.schemaFingerprint()).table();
            JsonNode before = verdict == RowDiffer.Verdict.MODIFIED ? toJson(previous.image()) : null;
            JsonNode after = toJson(row.row());
            Operation op = verdict == RowDiffer.Verdict.ADDED ? Operation.ADDED : Operation.MODIFIED;
            emit(table, key, current, op, before, after, blackhole);
            return counted;
        }

        /** {@code RowImages.toJson}: the codec of the image's fingerprint, then the decoded row as JSON. */
        private JsonNode toJson(byte[] image) {
            RowCodec codec = codecs.get(fingerprintOf(image));
            return RowJson.toJson(codec.table(), codec.decode(image));
        }
    }

    @Setup
    public void setUp() {
        List<RowEvent.BatchRow> rows = BenchRows.batchRows(400_001, BenchRows.COUNT);
        states = new byte[BenchRows.COUNT][];
        decodedStates = new RowState[BenchRows.COUNT];
        hashes = new byte[BenchRows.COUNT][];
        images = new byte[BenchRows.COUNT][];
        for (int i = 0; i < BenchRows.COUNT; i++) {
            RowEvent.BatchRow row = rows.get(i);
            hashes[i] = row.hash();
            images[i] = row.row();
            decodedStates[i] = new RowState(row.hash(), RUN_IDS[1], row.row(), RowEvent.NO_CHUNK);
            states[i] = decodedStates[i].toBytes();
        }
    }

    /** Decoding a stored state: 16-byte hash, run id, the row image, chunk. */
    @Benchmark
    public RowState stateDecode() {
        return RowState.fromBytes(states[next++ & BenchRows.MASK]);
    }

    /** The verdict of an unchanged row: hash comparison, then run id comparison. */
    @Benchmark
    public RowDiffer.Verdict verdict() {
        int i = next++ & BenchRows.MASK;
        return RowDiffer.classify(decodedStates[i], hashes[i], RUN_IDS[0], 1L);
    }

    /** Encoding a new state with the row image, as every unchanged, added or modified row does. */
    @Benchmark
    public byte[] stateEncode() {
        int i = next++ & BenchRows.MASK;
        return new RowState(hashes[i], RUN_IDS[0], images[i], RowEvent.NO_CHUNK).toBytes();
    }

    /**
     * A hash run over an unchanged table: per 500-row record the progress is read and written once;
     * per row the state is read, decoded, classified (UNCHANGED) and written back with the new run id.
     * The run id changes with every pass over the 50,000 keys, so no row is REPEATED.
     */
    @Benchmark
    @OperationsPerInvocation(BenchRows.BATCH_ROWS)
    public void unchangedRow(Task task, Blackhole blackhole) {
        int batch = task.invocation % BATCHES;
        int run = (task.invocation / BATCHES) & 1;
        task.invocation++;
        if (batch == 0) {
            task.start(RUN_IDS[run]);
        }
        task.process(task.rowState, task.batches[run][batch], blackhole);
    }

    /**
     * A first load: every row is ADDED. Per row the state lookup misses, the state is written, the
     * image is decoded to JSON and rendered twice, as the change event and as the writer-feed message,
     * with the key as a JSON object. The store starts empty at every call.
     */
    @Benchmark
    @OperationsPerInvocation(BenchRows.BATCH_ROWS)
    public void addedRow(Task task, Blackhole blackhole) {
        int batch = task.invocation % BATCHES;
        task.invocation++;
        task.firstLoadState.clear();
        task.start(RUN_IDS[0]);
        task.process(task.firstLoadState, task.batches[0][batch], blackhole);
    }

    /** {@code RowImages.fingerprintOf} (package-private in the differ), as it is written there. */
    private static String fingerprintOf(byte[] image) {
        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (image[i] & 0xFFL);
        }
        return String.format(Locale.ROOT, "%016x", fingerprint);
    }

    /** {@code RowEventProcessor.emit}, the two forwards replaced by the blackhole. */
    private static void emit(TableSchema table, String rowKey, RunProgress run, Operation op, JsonNode before,
                             JsonNode after, Blackhole blackhole) {
        JsonNode key = RowKeys.primaryKeyObject(table, rowKey);
        ChangeEvent change = new ChangeEvent(op.code(), before, after,
                new ChangeEvent.Source(table.datasource(), table.table(), run.runId(), run.runStartedMs()));
        blackhole.consume(TOPICS.changes(table.datasource(), table.table()));
        blackhole.consume(key.toString());
        blackhole.consume(change.toJson());
        blackhole.consume(FeedMessage.change(run.method(), run.runStartedMs(), key, change).toJson());
    }
}
