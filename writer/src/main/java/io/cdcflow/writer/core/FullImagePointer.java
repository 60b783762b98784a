package io.cdcflow.writer.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code current.json} object of a table's full image state: which state object holds the image
 * after the last run that wrote one, and which one that run started from. It is replaced after the
 * run's state object and before its summary, so a run re-written after a crash between the two finds
 * itself here and starts again from {@code previous}: the same input, the same objects.
 *
 * @param runId the run that wrote {@code state}
 * @param state object name of the image after that run
 * @param previous object name of the image that run started from; null for the table's first image
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FullImagePointer(
        @JsonProperty("run_id") String runId,
        @JsonProperty("state") String state,
        @JsonProperty("previous") String previous) {

    public FullImagePointer {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(state, "state");
    }

    /**
     * The image a run starts from, given the stored pointer.
     *
     * @param stored the pointer in the store, if any
     * @param runId the run being written
     * @return the state object to merge with; empty for the table's first image
     */
    public static Optional<String> baseFor(Optional<FullImagePointer> stored, String runId) {
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        FullImagePointer pointer = stored.get();
        return Optional.ofNullable(pointer.runId().equals(runId) ? pointer.previous() : pointer.state());
    }

    /** UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render full image pointer", e);
        }
    }

    /**
     * Parses a pointer written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException if the content is not a pointer
     */
    public static FullImagePointer parse(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, FullImagePointer.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed full image pointer: " + e.getMessage(), e);
        }
    }
}
