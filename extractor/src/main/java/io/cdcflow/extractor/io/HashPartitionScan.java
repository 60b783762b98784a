package io.cdcflow.extractor.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.Chunk;
import io.cdcflow.extractor.core.ChunkCutter;
import io.cdcflow.extractor.core.ChunkLayout;
import io.cdcflow.extractor.core.Dialect;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.KeyRange;
import io.cdcflow.extractor.core.KeyValues;
import io.cdcflow.extractor.core.ScanQuery;
import io.cdcflow.extractor.core.StreamingFetch;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a {@code hash-partition} run: walks the table's chunks in key order, decides per
 * chunk whether it changed, publishes the rows of changed and new chunks only, and returns the next
 * layout and the chunks proven unchanged.
 *
 * <ul>
 *   <li>{@code digest: backend}: each chunk is read with a keyset range query and digested in Java
 *       ({@link ChunkCutter.Piece#backendDigest()}); the database only reads.</li>
 *   <li>{@code digest: database}: the database returns each chunk's count and checksum ({@link
 *       Dialect#chunkChecksum}); only chunks whose checksum changed (or that must be split or
 *       merged) are read. The checksum and the read of a chunk share one REPEATABLE READ
 *       transaction, so the stored checksum describes exactly the rows published.</li>
 * </ul>
 *
 * <p>Progress: every 5 s ({@link #PROGRESS_SECONDS_PROPERTY}) the layout so far goes into the open Kafka
 * transaction, so a re-executed run skips the chunks it committed ({@link ChunkLayout#forRun}).
 */
final class HashPartitionScan {
    /** System property: seconds between progress records (default 5; 0 = after every chunk, for tests). */
    static final String PROGRESS_SECONDS_PROPERTY = "cdc.chunk.progress.seconds";
    private static final Logger LOG = LoggerFactory.getLogger(HashPartitionScan.class);
    private static final String DATABASE_DIGEST_PREFIX = "db:";

    private final Connection connection;
    private final Dialect dialect;
    private final ExtractionPlan plan;
    private final RowCodec codec;
    private final StreamingFetch fetch;
    private final AttemptPublisher publisher;
    private final Cancellation cancellation;
    private final boolean databaseDigest;
    private final List<Column> key;
    private final List<String> quotedKey;
    private final int[] keyIndexes;
    private final RowHasher hasher;
    private final ChunkRecorder recorder;

    private final List<Chunk> finished = new ArrayList<>();
    private final List<Long> spared = new ArrayList<>();
    private final List<DeferredDigest> deferred = new ArrayList<>();
    private long nextId;
    private long chunksRead;
    private long chunksPublished;
    private long rowsRead;
    private long lastProgressNanos = System.nanoTime();
    private boolean inTransaction;

    /** Where the layout goes: into the open transaction, for progress. {@link #NONE}: nowhere. */
    interface ChunkRecorder {
        ProducerRecord<byte[], byte[]> record(ChunkLayout layout);

        /** No progress records: a chunk task commits all its rows at once. */
        ChunkRecorder NONE = layout -> null;
    }

    /** What the attempt leaves: the next layout, the spared chunks, and figures for the log. */
    record Outcome(ChunkLayout layout, List<Long> spared, long chunksRead, long chunksPublished, long rowsRead) {
        String describe() {
            return "; " + layout.chunks().size() + " chunks, " + chunksRead + " read, " + chunksPublished
                    + " published, " + spared.size() + " unchanged (" + rowsRead + " rows read)";
        }
    }

    /** A new chunk of a database-digest run whose checksum is taken once the open result set is closed. */
    private record DeferredDigest(int index, KeyRange range, List<Object> parameters) {
    }

    HashPartitionScan(Connection connection, Dialect dialect, ExtractionPlan plan, RowCodec codec, TableConfig table,
                      int batchSize, AttemptPublisher publisher, Cancellation cancellation, ChunkRecorder recorder) {
        this.connection = connection;
        this.dialect = dialect;
        this.plan = plan;
        this.codec = codec;
        this.fetch = dialect.streamingFetch(batchSize);
        this.publisher = publisher;
        this.cancellation = cancellation;
        this.databaseDigest = TableConfig.DIGEST_DATABASE.equals(table.digest());
        this.key = plan.keyColumns();
        this.quotedKey = dialect.quotedKey(plan);
        this.keyIndexes = plan.keyIndexes();
        this.hasher = new RowHasher(plan.hashIndexes());
        this.recorder = recorder;
        if (databaseDigest && dialect.chunkChecksum(plan, KeyRange.of(quotedKey, false, false)).isEmpty()) {
            throw new UnsupportedDigestException("digest \"database\" is not available for this database; use"
                    + " \"backend\"");
        }
    }

    /** Thrown when the table's digest mode cannot run on its database: a permanent failure. */
    static final class UnsupportedDigestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedDigestException(String message) {
            super(message);
        }
    }

    /**
     * Runs the attempt over {@code start} (the stored layout as {@link ChunkLayout#forRun} prepared it).
     */
    Outcome run(ChunkLayout start, int partitionSize) throws SQLException {
        nextId = start.nextId();
        ChunkCutter<byte[]> cutter = new ChunkCutter<>(partitionSize, () -> nextId++);
        boolean autoCommit = connection.getAutoCommit();
        List<Chunk> chunks = start.chunks();
        try {
            for (int i = 0; i < chunks.size(); i++) {
                cancellation.throwIfCancelled();
                Chunk chunk = chunks.get(i);
                if (chunk.done()) {
                    finished.add(chunk);
                    if (!chunk.published()) {
                        spared.add(chunk.id());
                    }
                    continue;
                }
                List<Chunk> after = chunks.subList(i + 1, chunks.size());
                scanChunk(cutter, chunk, i == chunks.size() - 1, () -> recordProgress(start, after, cutter, chunk));
                if (!cutter.carrying()) {
                    endTransaction();
                    recordProgress(start, after, null, null);
                }
            }
        } finally {
            endTransaction();
            connection.setAutoCommit(autoCommit);
        }
        List<Chunk> layout = finished.stream()
                .map(c -> new Chunk(c.id(), c.lower(), c.upper(), c.rows(), c.digest(), false, c.published()))
                .toList();
        return new Outcome(new ChunkLayout(start.digestMode(), nextId, layout, start.runId(), true), List.copyOf(spared),
                chunksRead, chunksPublished, rowsRead);
    }

    /**
     * @param midChunkProgress records progress after a piece cut from the middle of the chunk
     */
    private void scanChunk(ChunkCutter<byte[]> cutter, Chunk chunk, boolean last, Runnable midChunkProgress)
            throws SQLException {
        Object[] lower = chunk.lower() == null ? null : KeyValues.fromJson(key, chunk.lower());
        Object[] upper = chunk.upper() == null ? null : KeyValues.fromJson(key, chunk.upper());
        KeyRange range = KeyRange.of(quotedKey, lower != null, upper != null);
        List<Object> parameters = range.bind(lower, upper, this::parameter);
        beginTransaction();
        String checksum = null;
        if (databaseDigest && !cutter.carrying()) {
            long[] count = new long[1];
            checksum = checksum(range, parameters, count);
            if (cutter.keepsSize(count[0], last) && checksum.equals(chunk.digest())) {
                finished.add(new Chunk(chunk.id(), chunk.lower(), chunk.upper(), count[0], checksum, true, false));
                spared.add(chunk.id());
                return;
            }
        }
        chunksRead++;
        cutter.begin(chunk, lower, upper);
        TableScan.query(connection, plan, new ScanQuery(dialect.selectRange(plan, range), parameters), fetch,
                cancellation, row -> {
                    rowsRead++;
                    byte[] keyBytes = RowKeys.of(plan.schema(), keyIndexes, row).getBytes(StandardCharsets.UTF_8);
                    Object[] keyValues = new Object[keyIndexes.length];
                    for (int k = 0; k < keyIndexes.length; k++) {
                        keyValues[k] = row[keyIndexes[k]];
                    }
                    List<ChunkCutter.Piece<byte[]>> pieces = cutter.add(new ChunkCutter.Entry<>(keyValues, keyBytes,
                            hasher.hash(row), codec.encode(row)));
                    pieces.forEach(piece -> finish(piece, null));
                    if (!pieces.isEmpty() && !databaseDigest) {
                        midChunkProgress.run();
                    }
                });
        String keptChecksum = checksum;
        cutter.end(last).forEach(piece -> finish(piece, keptChecksum));
        for (DeferredDigest digest : deferred) {
            Chunk c = finished.get(digest.index());
            finished.set(digest.index(), new Chunk(c.id(), c.lower(), c.upper(), c.rows(),
                    checksum(digest.range(), digest.parameters(), new long[1]), true, c.published()));
        }
        deferred.clear();
    }

    /**
     * Publishes a chunk of the next layout unless it is a kept chunk whose digest did not change.
     *
     * @param keptChecksum the database checksum of the chunk read, taken in this transaction, if any
     */
    private void finish(ChunkCutter.Piece<byte[]> piece, String keptChecksum) {
        String digest;
        if (!databaseDigest) {
            digest = piece.backendDigest();
        } else if (piece.kept() != null && keptChecksum != null) {
            digest = keptChecksum;
        } else {
            digest = null;
        }
        boolean unchanged = piece.kept() != null && digest != null && digest.equals(piece.kept().digest());
        Chunk chunk = new Chunk(piece.id(), bound(piece.lower()), bound(piece.upper()), piece.rows().size(), digest,
                true, !unchanged);
        if (databaseDigest && digest == null) {
            KeyRange range = KeyRange.of(quotedKey, piece.lower() != null, piece.upper() != null);
            deferred.add(new DeferredDigest(finished.size(), range,
                    range.bind(piece.lower(), piece.upper(), this::parameter)));
        }
        finished.add(chunk);
        if (unchanged) {
            spared.add(piece.id());
            return;
        }
        chunksPublished++;
        for (ChunkCutter.Entry<byte[]> row : piece.rows()) {
            publisher.row(row.keyBytes(), row.hash(), row.payload(), piece.id());
        }
    }

    private String checksum(KeyRange range, List<Object> parameters, long[] count) throws SQLException {
        String sql = dialect.chunkChecksum(plan, range).orElseThrow();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                count[0] = rs.getLong(1);
                return DATABASE_DIGEST_PREFIX + count[0] + ":" + rs.getBigDecimal(2).toPlainString();
            }
        }
    }

    private Object parameter(int keyColumn, Object value) {
        return dialect.keyParameter(key.get(keyColumn), value);
    }

    private JsonNode bound(Object[] values) {
        return values == null ? null : KeyValues.toJson(key, values);
    }

    /**
     * Puts the layout so far into the open transaction, if the last record is old enough: the chunks
     * finished, then (mid-chunk) the rest of the chunk being read as a new chunk without digest, then
     * the chunks not reached.
     *
     * @param cutter the cutter, when called in the middle of {@code current}; otherwise null
     */
    private void recordProgress(ChunkLayout start, List<Chunk> remaining, ChunkCutter<byte[]> cutter, Chunk current) {
        long interval = Duration.ofSeconds(Long.getLong(PROGRESS_SECONDS_PROPERTY, 5)).toNanos();
        if (recorder == ChunkRecorder.NONE || System.nanoTime() - lastProgressNanos < interval) {
            return;
        }
        List<Chunk> chunks = new ArrayList<>(finished);
        if (cutter != null) {
            chunks.add(new Chunk(nextId++, bound(cutter.pendingLower()), current.upper(), 0, null, false, false));
        }
        chunks.addAll(remaining);
        publisher.alsoSend(recorder.record(new ChunkLayout(start.digestMode(), nextId, chunks, start.runId(), false)));
        lastProgressNanos = System.nanoTime();
        LOG.info("Hash-partition progress: {} chunks done, {} read, {} published, {} rows read", finished.size(),
                chunksRead, chunksPublished, rowsRead);
    }

    private void beginTransaction() throws SQLException {
        if (inTransaction) {
            return;
        }
        connection.setAutoCommit(false);
        if (databaseDigest) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        inTransaction = true;
    }

    private void endTransaction() throws SQLException {
        if (inTransaction) {
            inTransaction = false;
            connection.rollback();
        }
    }
}
