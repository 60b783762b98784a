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
 *
 * @param hash 16-byte MD5 of the hashed columns
 * @param lastRunId the run that last saw the key
 * @param image last row image, or null when row images are not kept
 * @param chunk the chunk of the key in the last hash-partition run that saw it, or {@link
 *     io.cdcflow.common.core.RowEvent#NO_CHUNK}
 */
public record RowState(byte[] hash, String lastRunId, byte[] image, long chunk) {
    private static final int VERSION_WITHOUT_CHUNK = 1;
    private static final int VERSION = 2;

    /** A state without a chunk. */
    public RowState(byte[] hash, String lastRunId, byte[] image) {
        this(hash, lastRunId, image, RowEvent.NO_CHUNK);
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads the form written by {@link #toBytes()}. */
    public static RowState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION && version != VERSION_WITHOUT_CHUNK) {
                throw new IllegalArgumentException("unknown row state version " + version);
            }
            byte[] hash = in.readNBytes(in.readUnsignedByte());
            String lastRunId = in.readUTF();
            int imageLength = in.readInt();
            byte[] image = imageLength < 0 ? null : in.readNBytes(imageLength);
            long chunk = version == VERSION ? in.readLong() : RowEvent.NO_CHUNK;
            return new RowState(hash, lastRunId, image, chunk);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt row state", e);
        }
    }
}
