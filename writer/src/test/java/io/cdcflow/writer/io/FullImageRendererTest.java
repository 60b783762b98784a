package io.cdcflow.writer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.writer.core.ChangeImage;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import io.cdcflow.writer.core.UnwritableDataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full images rendered from a spill and a previous state: exact rows in key order, changes applied, also
 * when the run's changes are sorted in many small chunks and merged in several passes.
 */
class FullImageRendererTest {
    private static final TableSchema SCHEMA = new TableSchema("crm", "users", List.of(
            Column.of("id", ColumnType.LONG, false), Column.of("name", ColumnType.STRING, true)), List.of("id"));
    private static final long RUN_1 = 1_734_273_022_000L;
    private static final long RUN_2 = 1_734_273_082_000L;

    @TempDir
    Path dataDir;

    @Test
    void aSecondRunReplacesModifiedRowsDropsDeletedOnesAndKeepsTheRest() throws IOException {
        RunSpill first = spill("run-1");
        for (int id : new int[] {3, 1, 2, 10}) {
            first.append(new ChangeImage(Operation.ADDED, row(id, "v1-" + id)));
        }
        FullImageRenderer.Result one = render(first, null, RUN_1, 1 << 20);
        // key text order: "[10]" sorts before "[1]"
        assertThat(lines(one.path())).containsExactly(full(10, "v1-10", "added", RUN_1), full(1, "v1-1", "added", RUN_1),
                full(2, "v1-2", "added", RUN_1), full(3, "v1-3", "added", RUN_1));
        assertThat(one.rows()).isEqualTo(4);

        Path state = dataDir.resolve("state-1.jsonl.gz");
        Files.copy(one.state(), state);
        RunSpill second = spill("run-2");
        second.append(new ChangeImage(Operation.MODIFIED, row(2, "v2-2")));
        second.append(new ChangeImage(Operation.ADDED, row(4, "v2-4")));
        second.append(new ChangeImage(Operation.DELETED, Json.MAPPER.createObjectNode().put("id", 10)));
        FullImageRenderer.Result two = render(second, state, RUN_2, 1 << 20);

        assertThat(lines(two.path())).containsExactly(full(1, "v1-1", "added", RUN_1),
                full(2, "v2-2", "modified", RUN_2), full(3, "v1-3", "added", RUN_1), full(4, "v2-4", "added", RUN_2));
        assertThat(gunzipLines(two.state())).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("{\"k\":\"["));
    }

    @Test
    void aRunLargerThanTheSortBufferIsSortedInChunksMergedInSeveralPassesWithTheSameResult() throws IOException {
        int rows = 3_000;
        RunSpill large = spill("run-large");
        for (int i = 0; i < rows; i++) {
            int id = (i * 7919) % rows;
            large.append(new ChangeImage(Operation.ADDED, row(id, "n" + id)));
        }
        large.append(new ChangeImage(Operation.MODIFIED, row(5, "changed")));
        large.append(new ChangeImage(Operation.DELETED, row(6, "n6")));

        FullImageRenderer.Result chunked = render(large, null, RUN_1, 100);
        Path inMemoryState = render(large, null, RUN_1, 1 << 24).state();

        List<String> image = lines(chunked.path());
        assertThat(image).hasSize(rows - 1).doesNotContain(full(6, "n6", "added", RUN_1))
                .contains(full(5, "changed", "modified", RUN_1));
        List<String> keys = new ArrayList<>();
        for (String line : gunzipLines(chunked.state())) {
            keys.add(Json.MAPPER.readTree(line).get("k").asText());
        }
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        assertThat(Files.readAllBytes(chunked.state())).as("deterministic").isEqualTo(Files.readAllBytes(inMemoryState));
    }

    @Test
    void aChangeWithoutItsKeyValueIsUnwritable() throws IOException {
        RunSpill spill = spill("run-nokey");
        spill.append(new ChangeImage(Operation.ADDED, Json.MAPPER.createObjectNode().put("name", "no id")));

        assertThatThrownBy(() -> render(spill, null, RUN_1, 1 << 20)).isInstanceOf(UnwritableDataException.class)
                .hasMessage("key column id has no value in a change");
    }

    @Test
    void aMalformedPreviousStateFailsInsteadOfBeingRetriedAsAnIoProblem() throws IOException {
        RunSpill spill = spill("run-after-corruption");
        spill.append(new ChangeImage(Operation.ADDED, row(1, "a")));
        Path notGzip = dataDir.resolve("not-gzip.jsonl.gz");
        Files.writeString(notGzip, "{\"k\":\"[1]\"}\n");
        Path truncated = dataDir.resolve("truncated.jsonl.gz");
        RunSpill first = spill("run-before");
        first.append(new ChangeImage(Operation.ADDED, row(2, "b")));
        byte[] state = Files.readAllBytes(render(first, null, RUN_1, 1 << 20).state());
        Files.write(truncated, java.util.Arrays.copyOf(state, state.length / 2));

        for (Path malformed : List.of(notGzip, truncated)) {
            assertThatThrownBy(() -> render(spill, malformed, RUN_2, 1 << 20)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the previous full image state is malformed");
        }
    }

    private RunSpill spill(String run) throws IOException {
        return SpillStore.under(dataDir).create(0, new RunKey("crm", "users", run));
    }

    private static FullImageRenderer.Result render(RunSpill spill, Path previous, long startedMs, int chunkBytes)
            throws IOException {
        SnapshotRowRenderer rows = new SnapshotRowRenderer(new RunKey("crm", "users", "r"), startedMs,
                Optional.of(SCHEMA), true);
        return new FullImageRenderer(new SnapshotFileRenderer(new JsonLinesFormatWriter(), false), chunkBytes)
                .render(spill, previous, rows, SCHEMA.primaryKey(), startedMs);
    }

    private static JsonNode row(long id, String name) {
        return Json.MAPPER.createObjectNode().put("id", id).put("name", name);
    }

    private static String full(long id, String name, String operation, long observedMs) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"_cdc_operation\":\"" + operation
                + "\",\"_cdc_timestamp\":\"" + java.time.Instant.ofEpochMilli(observedMs)
                + "\",\"_cdc_table\":\"users\",\"_cdc_datasource\":\"crm\"}";
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<String> gunzipLines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
