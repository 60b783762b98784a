package io.cdcflow.writer.core;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One data file of a snapshot set, as listed in its summary.
 *
 * @param path object name in the bucket
 * @param operation {@code added}, {@code modified} or {@code deleted}
 * @param rows rows in the file
 * @param bytes size of the object in bytes (compressed size when compressed)
 */
public record SummaryFile(
        @JsonProperty("path") String path,
        @JsonProperty("operation") String operation,
        @JsonProperty("rows") long rows,
        @JsonProperty("bytes") long bytes) {
}
