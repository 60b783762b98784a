package io.cdcflow.differ.core;

import io.cdcflow.common.core.RowEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the differ remembers about one primary key: the hash of the row as last seen, the run that
 * last saw it, and optionally the row image (Avro single-object bytes) so that updates and deletes
 * can carry {@code before}.
 * A {@code hash-partition} run also records the key-range chunk the key was last seen in, so that a
 * later run that proves the chunk unchanged keeps the key without reading it.
 * The extraction attempt that last saw the key tells a key read twice by one attempt (a primary key
 * that is not unique) from a row re-delivered by a later attempt of the same run.
 *
 * @param hash 16-byte MD5 of the hashed columns
 * @param lastRunId the run that last saw the key
 * @param image last row image, or null when row images are not kept
 * @param chunk the chunk of the key in the last hash-partition run that saw it, or {@link
 *     io.cdcflow.common.core.RowEvent#NO_CHUNK}
 * @param attempt {@link #attemptTag(String)} of the attempt that last saw the key, or {@link #NO_ATTEMPT}
 *     (states written before attempts were recorded)
 */
public record RowState(byte[] hash, String lastRunId, byte[] image, long chunk, long attempt) {
    /** The attempt of a state that does not record one. */
    public static final long NO_ATTEMPT = 0;
    private static final int VERSION_WITHOUT_CHUNK = 1;
    private static final int VERSION_WITHOUT_ATTEMPT = 2;
    private static final int VERSION = 3;

    /** A state without a chunk or an attempt. */
    public RowState(byte[] hash, String lastRunId, byte[] image) {
        this(hash, lastRunId, image, RowEvent.NO_CHUNK, NO_ATTEMPT);
    }

    /** A state without an attempt. */
    public RowState(byte[] hash, String lastRunId, byte[] image, long chunk) {
        this(hash, lastRunId, image, chunk, NO_ATTEMPT);
    }

    /**
     * A 64-bit tag of an attempt id (FNV-1a of its UTF-8 bytes, never {@link #NO_ATTEMPT}): 8 bytes
     * per key instead of the 36 of a UUID. Only two attempts of one run are ever compared, so a
     * collision (2<sup>-64</sup>) would at worst take a re-delivered row for a duplicate key.
     */
    public static long attemptTag(String attemptId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : attemptId.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h == NO_ATTEMPT ? 1 : h;
    }

    public RowState {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(lastRunId, "lastRunId");
    }

    /** Whether the stored hash equals {@code other}. */
    public boolean sameHash(byte[] other) {
        return Arrays.equals(hash, other);
    }

    /** Compact binary form for the state store. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + (image == null ? 0 : image.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(hash.length);
            out.write(hash);
            out.writeUTF(lastRunId);
            out.writeInt(image == null ? -1 : image.length);
            if (image != null) {
                out.write(image);
            }
            out.writeLong(chunk);
            out.writeLong(attempt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads the form written by {@link #toBytes()}. */
    public static RowState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != VERSION_WITHOUT_ATTEMPT && version != VERSION_WITHOUT_CHUNK) {
                throw new IllegalArgumentException("unknown row state version " + version);
            }
            byte[] hash = in.readNBytes(in.readUnsignedByte());
            String lastRunId = in.readUTF();
            int imageLength = in.readInt();
            byte[] image = imageLength < 0 ? null : in.readNBytes(imageLength);
            long chunk = version >= VERSION_WITHOUT_ATTEMPT ? in.readLong() : RowEvent.NO_CHUNK;
            long attempt = version >= VERSION ? in.readLong() : NO_ATTEMPT;
            return new RowState(hash, lastRunId, image, chunk, attempt);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt row state", e);
        }
    }
}
