package io.cdcflow.writer.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.writer.core.ChangeImage;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileRendererTest {

    private static final RunKey RUN = new RunKey("crm", "users", "run/../1");
    private static final TableSchema USERS = new TableSchema("crm", "users", List.of(
            Column.of("id", ColumnType.LONG, false), Column.of("name", ColumnType.STRING, true)), List.of("id"));

    @TempDir
    Path dataDir;

    @Test
    void rendersAllThreeFilesFromTheSpillInFeedOrder() throws IOException {
        SpillStore spills = SpillStore.under(dataDir);
        RunSpill spill = spills.create(2, RUN);
        spill.append(image(Operation.ADDED, "{\"id\":2,\"name\":\"b\"}"));
        spill.append(image(Operation.DELETED, "{\"id\":9}"));
        spill.append(image(Operation.ADDED, "{\"id\":1,\"name\":\"a\"}"));
        assertThat(spill.directory()).startsWith(dataDir.resolve("writer-spill").resolve("p-2"));

        SnapshotFileRenderer renderer = new SnapshotFileRenderer(new JsonLinesFormatWriter(), true);
        List<RenderedFile> files = renderer.render(spill, new SnapshotRowRenderer(RUN, 0L, Optional.of(USERS), false));

        assertThat(renderer.extension()).isEqualTo("jsonl.gz");
        assertThat(renderer.contentType()).isEqualTo("application/gzip");
        assertThat(files).extracting(RenderedFile::operation)
                .containsExactly(Operation.ADDED, Operation.MODIFIED, Operation.DELETED);
        assertThat(files).extracting(RenderedFile::rows).containsExactly(2L, 0L, 1L);
        assertThat(gunzip(files.get(0).path())).isEqualTo("{\"id\":2,\"name\":\"b\"}\n{\"id\":1,\"name\":\"a\"}\n");
        assertThat(gunzip(files.get(1).path())).isEmpty();
        assertThat(gunzip(files.get(2).path())).isEqualTo("{\"id\":9}\n");
        for (RenderedFile file : files) {
            assertThat(file.bytes()).isEqualTo(Files.size(file.path()));
        }

        List<RenderedFile> again = renderer.render(spill, new SnapshotRowRenderer(RUN, 0L, Optional.of(USERS), false));
        assertThat(Files.readAllBytes(again.get(0).path())).isEqualTo(Files.readAllBytes(files.get(0).path()));

        spills.clearPartition(2);
        assertThat(spill.directory()).doesNotExist();
    }

    @Test
    void deletingASpillRemovesItsDirectory() throws IOException {
        RunSpill spill = SpillStore.under(dataDir).create(0, RUN);
        spill.append(image(Operation.MODIFIED, "{\"id\":1}"));

        spill.delete();

        assertThat(spill.directory()).doesNotExist();
    }

    private static ChangeImage image(Operation operation, String json) throws IOException {
        JsonNode row = Json.MAPPER.readTree(json);
        return new ChangeImage(operation, row);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
