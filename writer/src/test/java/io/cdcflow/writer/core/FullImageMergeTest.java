package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FullImageMergeTest {

    @Test
    void changedKeysTakeTheirChangeDeletedKeysGoAndOtherKeysStay() throws IOException {
        List<FullImageEntry> previous = List.of(entry(1, Operation.ADDED, 10, "a"), entry(2, Operation.ADDED, 10, "b"),
                entry(3, Operation.MODIFIED, 20, "c"), entry(5, Operation.ADDED, 10, "e"));
        List<FullImageEntry> changes = List.of(entry(0, Operation.ADDED, 30, "zero"),
                entry(2, Operation.MODIFIED, 30, "b2"), entry(3, Operation.DELETED, 30, "c"),
                entry(4, Operation.ADDED, 30, "d"), entry(9, Operation.DELETED, 30, "never there"));

        List<FullImageEntry> image = new ArrayList<>();
        long rows = FullImageMerge.merge(source(previous), source(changes), image::add);

        assertThat(image).containsExactly(entry(0, Operation.ADDED, 30, "zero"), entry(1, Operation.ADDED, 10, "a"),
                entry(2, Operation.MODIFIED, 30, "b2"), entry(4, Operation.ADDED, 30, "d"),
                entry(5, Operation.ADDED, 10, "e"));
        assertThat(rows).isEqualTo(5);
    }

    @Test
    void noChangesKeepTheImageAndNoImageTakesTheChanges() throws IOException {
        List<FullImageEntry> previous = List.of(entry(1, Operation.ADDED, 10, "a"), entry(2, Operation.ADDED, 10, "b"));
        List<FullImageEntry> image = new ArrayList<>();
        FullImageMerge.merge(source(previous), source(List.of()), image::add);
        assertThat(image).isEqualTo(previous);

        image.clear();
        FullImageMerge.merge(source(List.of()), source(previous), image::add);
        assertThat(image).isEqualTo(previous);
    }

    @Test
    void keysOutOfOrderAreRefused() {
        List<FullImageEntry> unordered = List.of(entry(2, Operation.ADDED, 10, "b"), entry(1, Operation.ADDED, 10, "a"));

        assertThatThrownBy(() -> FullImageMerge.merge(source(unordered), source(List.of()), row -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("previous full image out of key order: [1] after [2]");
        assertThatThrownBy(() -> FullImageMerge.merge(source(List.of()),
                source(List.of(entry(1, Operation.ADDED, 1, "a"), entry(1, Operation.DELETED, 1, "a"))), row -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("changes out of key order");
    }

    @Test
    void theKeyIsTheKeyColumnsValuesInKeyOrder() {
        JsonNode row = json("{\"region\":\"eu\",\"id\":42,\"amount\":1.50,\"note\":null}");

        assertThat(FullImageEntry.keyOf(row, List.of("id", "region"))).isEqualTo("[42,\"eu\"]");
        assertThat(FullImageEntry.keyOf(row, List.of("amount"))).isEqualTo("[1.50]");
        assertThatThrownBy(() -> FullImageEntry.keyOf(row, List.of("note")))
                .isInstanceOf(UnwritableDataException.class).hasMessage("key column note has no value in a change");
        assertThatThrownBy(() -> FullImageEntry.keyOf(row, List.of()))
                .isInstanceOf(UnwritableDataException.class).hasMessageContaining("primary key");
    }

    @Test
    void entriesRoundTripThroughTheirJsonWithExactDecimals() throws IOException {
        FullImageEntry entry = new FullImageEntry("[1]", Operation.MODIFIED, 1_734_273_022_250L,
                json("{\"id\":1,\"amount\":10.50,\"tiny\":0.0000001}"));

        String line = Json.MAPPER.writeValueAsString(entry.toJson());
        assertThat(FullImageEntry.parse(json(line))).isEqualTo(entry);
        assertThat(line).contains("10.50").contains("0.0000001");
        assertThatThrownBy(() -> FullImageEntry.parse(json("{\"k\":1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunStartsFromThePointedImageOrAfterACrashFromTheImageItStartedFromBefore() {
        FullImagePointer pointer = new FullImagePointer("run-2", "s/2.jsonl.gz", "s/1.jsonl.gz");

        assertThat(FullImagePointer.baseFor(Optional.empty(), "run-1")).isEmpty();
        assertThat(FullImagePointer.baseFor(Optional.of(pointer), "run-3")).contains("s/2.jsonl.gz");
        assertThat(FullImagePointer.baseFor(Optional.of(pointer), "run-2")).contains("s/1.jsonl.gz");
        assertThat(FullImagePointer.baseFor(Optional.of(new FullImagePointer("run-1", "s/1.jsonl.gz", null)),
                "run-1")).isEmpty();
        assertThat(FullImagePointer.parse(pointer.toJson())).isEqualTo(pointer);
        assertThatThrownBy(() -> FullImagePointer.parse("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FullImageEntry entry(long id, Operation operation, long observedMs, String name) {
        return new FullImageEntry("[" + id + "]", operation, observedMs,
                json("{\"id\":" + id + ",\"name\":\"" + name + "\"}"));
    }

    private static FullImageMerge.Source source(List<FullImageEntry> entries) {
        Iterator<FullImageEntry> iterator = entries.iterator();
        return () -> iterator.hasNext() ? iterator.next() : null;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
