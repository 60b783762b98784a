package io.cdcflow.extractor.core;

/**
 * A row ready to publish.
 *
 * @param key the row's Kafka key ({@link io.cdcflow.common.core.RowKeys})
 * @param hash the MD5 of the hashed columns
 * @param row the row, Avro single-object encoded
 */
public record PreparedRow(String key, byte[] hash, byte[] row) {
    /** Approximate heap size, for bounding buffers. */
    public long approximateBytes() {
        return 2L * key.length() + hash.length + row.length + 64;
    }
}
