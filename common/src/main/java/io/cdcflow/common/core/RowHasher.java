package io.cdcflow.common.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * MD5 over a canonical, type-aware encoding of selected columns of a row.
 *
 * <p>Each value is written as a one-byte type tag followed by a four-byte length and the value's
 * canonical bytes. The tag separates NULL from the empty string; the length prefix makes
 * {@code ("a","bc")} and {@code ("ab","c")} different; numbers are hashed by value
 * ({@code 1.50} equals {@code 1.5}, an INT 1 equals a BIGINT 1) and temporal values by their
 * instant or wall-clock reading, so the driver's string forms never matter.
 *
 * <p>Not thread-safe: one instance per thread (it reuses its digest).
 */
public final class RowHasher {
    private static final byte NULL = 0;
    private static final byte NUMBER = 1;
    private static final byte FLOATING = 2;
    private static final byte BOOLEAN = 3;
    private static final byte TEXT = 4;
    private static final byte BYTES = 5;
    private static final byte DATE = 6;
    private static final byte TIME = 7;
    private static final byte LOCAL_TIMESTAMP = 8;
    private static final byte INSTANT = 9;

    private final int[] columns;
    private final MessageDigest md5;
    /** The row's canonical encoding, reused across rows. */
    private byte[] buffer = new byte[512];
    private int length;

    /**
     * @param columns positions (in the row arrays later passed to {@link #hash}) of the columns to
     *     hash, in the order they are hashed
     */
    public RowHasher(int[] columns) {
        this.columns = columns.clone();
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships MD5", e);
        }
    }

    /** The 16-byte MD5 of the selected columns of {@code row}. */
    public byte[] hash(Object[] row) {
        length = 0;
        for (int column : columns) {
            update(row[column]);
        }
        // one digest call per row: MessageDigest's per-call overhead exceeded the hashing itself
        md5.reset();
        md5.update(buffer, 0, length);
        return md5.digest();
    }

    private void update(Object value) {
        if (value == null) {
            write(NULL, new byte[0]);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            write(NUMBER, Long.toString(((Number) value).longValue()).getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof BigDecimal decimal) {
            write(NUMBER, canonical(decimal).getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof java.math.BigInteger integer) {
            write(NUMBER, integer.toString().getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Double || value instanceof Float) {
            // Float widened to double keeps its exact binary value, so the same stored number hashes
            // the same whether the driver hands back a float or a double.
            write(FLOATING, Double.toString(((Number) value).doubleValue()).getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Boolean bool) {
            write(BOOLEAN, new byte[] {(byte) (bool ? 1 : 0)});
        } else if (value instanceof String text) {
            write(TEXT, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof byte[] bytes) {
            write(BYTES, bytes);
        } else if (value instanceof LocalDate date) {
            write(DATE, date.toString().getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof LocalTime time) {
            write(TIME, Long.toString(time.toNanoOfDay()).getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof LocalDateTime dateTime) {
            write(LOCAL_TIMESTAMP, dateTime.toString().getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Instant instant) {
            write(INSTANT, (instant.getEpochSecond() + "." + instant.getNano()).getBytes(StandardCharsets.US_ASCII));
        } else {
            throw new IllegalArgumentException("no canonical hash encoding for " + value.getClass().getName());
        }
    }

    private static String canonical(BigDecimal decimal) {
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    /** Appends the tag, the 4-byte big-endian length and the bytes to the row's canonical encoding. */
    private void write(byte tag, byte[] bytes) {
        int needed = length + 5 + bytes.length;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        buffer[length] = tag;
        buffer[length + 1] = (byte) (bytes.length >>> 24);
        buffer[length + 2] = (byte) (bytes.length >>> 16);
        buffer[length + 3] = (byte) (bytes.length >>> 8);
        buffer[length + 4] = (byte) bytes.length;
        System.arraycopy(bytes, 0, buffer, length + 5, bytes.length);
        length = needed;
    }
}
