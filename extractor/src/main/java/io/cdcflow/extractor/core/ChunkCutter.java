package io.cdcflow.extractor.core;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Cuts the rows of a hash-partition run, read chunk by chunk in key order, into the chunks of the
 * next layout, holding at most {@code 2 * partitionSize} rows:
 * <ul>
 *   <li>a chunk that grew past twice the partition size is split into new chunks of {@code
 *       partitionSize} rows (the last one takes the rest);</li>
 *   <li>a chunk that shrank below half of it is merged with the chunk after it (not the last chunk);</li>
 *   <li>any other chunk keeps its id and bounds, and its digest tells whether it changed.</li>
 * </ul>
 * New chunks get ids from {@code newIds} and must be published whole: their keys are new to them.
 *
 * @param <R> what travels with a row (its encoded form)
 */
public final class ChunkCutter<R> {
    private final int partitionSize;
    private final LongSupplier newIds;
    private final List<Entry<R>> buffer = new ArrayList<>();
    private Object[] pieceLower;
    private Chunk current;
    private Object[] currentUpper;
    private boolean carrying;
    private boolean split;

    /** A row: its key tuple and key bytes, its hash, and its payload. */
    public record Entry<R>(Object[] key, byte[] keyBytes, byte[] hash, R payload) {
    }

    /**
     * A chunk of the next layout, with its rows.
     *
     * @param id its id
     * @param lower exclusive lower bound (a key tuple), null if none
     * @param upper inclusive upper bound, null if none
     * @param rows its rows in key order
     * @param kept the chunk read whose id and bounds this one keeps, or null for a new chunk
     */
    public record Piece<R>(long id, Object[] lower, Object[] upper, List<Entry<R>> rows, Chunk kept) {
        /** MD5 over each row's length-prefixed key and its hash, in key order. */
        public String backendDigest() {
            MessageDigest md5 = md5();
            ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
            for (Entry<R> row : rows) {
                md5.update(length.clear().putInt(row.keyBytes().length).array());
                md5.update(row.keyBytes());
                md5.update(row.hash());
            }
            return HexFormat.of().formatHex(md5.digest());
        }
    }

    /** @param partitionSize the wanted rows per chunk, at least 1 */
    public ChunkCutter(int partitionSize, LongSupplier newIds) {
        if (partitionSize < 1) {
            throw new IllegalArgumentException("partition size must be at least 1");
        }
        this.partitionSize = partitionSize;
        this.newIds = newIds;
    }

    /**
     * The exclusive lower bound of the rows not yet returned in a piece (null: unbounded): a progress
     * record may cover everything before it as done.
     */
    public Object[] pendingLower() {
        return pieceLower;
    }

    /** Whether rows of an earlier chunk wait to be merged with the next chunk. */
    public boolean carrying() {
        return carrying;
    }

    /**
     * Starts reading chunk {@code chunk} with decoded bounds {@code lower} and {@code upper}.
     */
    public void begin(Chunk chunk, Object[] lower, Object[] upper) {
        if (!carrying) {
            pieceLower = lower;
            split = false;
        }
        current = chunk;
        currentUpper = upper;
    }

    /** Adds the next row of the chunk being read; returns the chunks this completes, usually none. */
    public List<Piece<R>> add(Entry<R> row) {
        buffer.add(row);
        if (buffer.size() < 2 * partitionSize) {
            return List.of();
        }
        List<Entry<R>> rows = new ArrayList<>(buffer.subList(0, partitionSize));
        buffer.subList(0, partitionSize).clear();
        Object[] upper = rows.get(rows.size() - 1).key();
        Piece<R> piece = new Piece<>(newIds.getAsLong(), pieceLower, upper, rows, null);
        pieceLower = upper;
        split = true;
        carrying = false;
        return List.of(piece);
    }

    /**
     * Ends the chunk being read; returns the chunks this completes: none when a shrunk chunk is
     * carried into the next one, otherwise one.
     *
     * @param last whether it is the layout's last chunk
     */
    public List<Piece<R>> end(boolean last) {
        boolean merged = carrying;
        if (!last && !split && buffer.size() < Math.max(1, partitionSize / 2)) {
            carrying = true;
            return List.of();
        }
        List<Entry<R>> rows = new ArrayList<>(buffer);
        buffer.clear();
        carrying = false;
        boolean keeps = !split && !merged;
        Piece<R> piece = new Piece<>(keeps ? current.id() : newIds.getAsLong(), pieceLower, currentUpper, rows,
                keeps ? current : null);
        return List.of(piece);
    }

    /** Whether a chunk of {@code rows} rows is kept as it is, judged from its count alone. */
    public boolean keepsSize(long rows, boolean last) {
        return rows <= 2L * partitionSize - 1 && (last || rows >= Math.max(1, partitionSize / 2));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
