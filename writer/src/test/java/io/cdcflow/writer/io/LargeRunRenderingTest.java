package io.cdcflow.writer.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.writer.core.ChangeImage;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded however large a run is: unit tests run with a small heap (see the module's
 * surefire configuration), far smaller than the run's rows, which are spilled and rendered streaming.
 */
class LargeRunRenderingTest {

    private static final int ROWS = 400_000;
    private static final RunKey RUN = new RunKey("crm", "events", "big-run");
    private static final TableSchema EVENTS = new TableSchema("crm", "events", List.of(
            Column.of("id", ColumnType.LONG, false), Column.of("payload", ColumnType.STRING, true)), List.of("id"));

    @TempDir
    Path dataDir;

    @Test
    void aRunLargerThanTheHeapIsSpilledAndRenderedStreaming() throws IOException {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap of the test JVM").isLessThan(128L * 1024 * 1024);
        String payload = "x".repeat(200);
        RunSpill spill = SpillStore.under(dataDir).create(0, RUN);
        for (int i = 0; i < ROWS; i++) {
            ObjectNode row = JsonNodeFactory.instance.objectNode().put("id", i).put("payload", payload + i);
            spill.append(new ChangeImage(i % 10 == 0 ? Operation.DELETED : Operation.ADDED, row));
        }

        for (SnapshotFormatWriter format : List.of(new JsonArrayFormatWriter(), new CsvFormatWriter(),
                new ParquetFormatWriter(), new AvroFormatWriter())) {
            List<RenderedFile> files = new SnapshotFileRenderer(format, true)
                    .render(spill, new SnapshotRowRenderer(RUN, 0L, Optional.of(EVENTS), true));

            assertThat(files).extracting(RenderedFile::rows).containsExactly(ROWS * 9L / 10, 0L, ROWS / 10L);
            assertThat(rowsIn(format, files.get(0).path())).as(format.format().extension()).isEqualTo(ROWS * 9L / 10);
        }
        spill.delete();
    }

    /** Counts the rows of a file without holding them: text files by line, typed files with their readers. */
    private static long rowsIn(SnapshotFormatWriter format, Path file) throws IOException {
        return switch (format.format()) {
            case JSON -> lines(file) - 2;
            case CSV -> lines(file) - 1;
            case PARQUET -> parquetRows(file);
            case AVRO -> avroRows(file);
            default -> throw new IllegalArgumentException(format.format().extension());
        };
    }

    private static long parquetRows(Path file) throws IOException {
        long rows = 0;
        try (ParquetReader<GenericRecord> reader = AvroParquetReader
                .<GenericRecord>builder(new LocalInputFile(file), new PlainParquetConfiguration()).build()) {
            while (reader.read() != null) {
                rows++;
            }
        }
        return rows;
    }

    private static long avroRows(Path file) throws IOException {
        long rows = 0;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            for (GenericRecord record = null; reader.hasNext(); rows++) {
                record = reader.next(record);
            }
        }
        return rows;
    }

    private static long lines(Path gzipped) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzipped)), StandardCharsets.UTF_8))) {
            return reader.lines().count();
        }
    }
}
