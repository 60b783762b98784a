package io.cdcflow.writer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.ParquetCompression;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.writer.core.ChangeImage;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.SnapshotFileSchema;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import io.cdcflow.writer.core.UnwritableDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parquet and Avro files rendered from a spill, read back with parquet-avro's and Avro's own readers:
 * every column type arrives as the exact typed value the extractor read, NULLs included.
 */
class TypedFormatWritersTest {

    private static final RunKey RUN = new RunKey(TypedTable.DATASOURCE, TypedTable.TABLE, "run-1");
    private static final Instant STARTED = Instant.parse("2024-12-15T14:30:22.250Z");

    @TempDir
    Path dataDir;

    static Stream<SnapshotFormatWriter> formats() {
        return Stream.of(new ParquetFormatWriter(), new ParquetFormatWriter(ParquetCompression.ZSTD),
                new AvroFormatWriter());
    }

    @ParameterizedTest
    @MethodSource("formats")
    void everyColumnTypeRoundTripsToItsExactValueThroughTheSpill(SnapshotFormatWriter format) throws IOException {
        RunSpill spill = SpillStore.under(dataDir).create(0, RUN);
        spill.append(new ChangeImage(Operation.ADDED, TypedTable.image(TypedTable.FULL)));
        spill.append(new ChangeImage(Operation.ADDED, TypedTable.image(TypedTable.NULLS)));
        spill.append(new ChangeImage(Operation.MODIFIED, TypedTable.image(TypedTable.SPECIAL)));
        spill.append(new ChangeImage(Operation.DELETED, TypedTable.keyOnlyImage()));

        SnapshotFileRenderer renderer = new SnapshotFileRenderer(format, true);
        List<RenderedFile> files = renderer.render(spill, rows(true));

        assertThat(renderer.extension()).as("compress_files does not apply").isEqualTo(format.format().extension());
        assertThat(renderer.compression()).isNull();
        assertThat(renderer.contentType()).isEqualTo(format.contentType());
        assertThat(TypedFiles.read(files.get(0).path()).rows()).containsExactly(
                TypedTable.withMetadata(TypedTable.FULL, "added", STARTED),
                TypedTable.withMetadata(TypedTable.NULLS, "added", STARTED));
        assertThat(TypedFiles.read(files.get(1).path()).rows()).containsExactly(
                TypedTable.withMetadata(TypedTable.SPECIAL, "modified", STARTED));
        TypedFiles.Content deleted = TypedFiles.read(files.get(2).path());
        assertThat(deleted.rows()).containsExactly(TypedTable.withMetadata(TypedTable.KEY_ONLY, "deleted", STARTED));

        assertThat(deleted.schema().getFields()).extracting(field -> field.name()).containsExactly(
                "id", "name", "i", "l", "amount", "qty", "f", "d", "ok", "doc", "uid", "raw", "day", "at", "local_ts",
                "ts", "order_no", "_cdc_operation", "_cdc_timestamp", "_cdc_table", "_cdc_datasource");
        assertThat(TableAvroSchemas.fromAvro(deleted.schema()).columns()).extracting(column -> column.name())
                .as("original names are kept in the schema").contains("order-no");
        assertThat(deleted.schema().getField("id").schema().isNullable()).isFalse();
        assertThat(deleted.schema().getField("name").schema().isNullable())
                .as("NOT NULL but not a key: a deleted row may carry only its key").isTrue();
        spill.delete();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void withoutMetadataTheFilesHoldTheTableColumnsOnly(SnapshotFormatWriter format) throws IOException {
        Path file = dataDir.resolve("file");
        try (OutputStream out = Files.newOutputStream(file)) {
            SnapshotRowWriter writer = format.open(out, rows(false).layout());
            writer.write(rows(false).render(Operation.ADDED, TypedTable.image(TypedTable.FULL)));
            writer.finish();
        }

        TypedFiles.Content content = read(format, file);
        assertThat(content.rows()).containsExactly(new Object[][] {TypedTable.FULL});
        assertThat(content.schema()).isEqualTo(TableAvroSchemas.toAvro(TableAvroSchemas.fromAvro(content.schema())));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void anEmptyFileIsAValidFileWithTheSchemaAndNoRows(SnapshotFormatWriter format) throws IOException {
        Path file = dataDir.resolve("empty");
        Files.write(file, write(format, List.of()));

        TypedFiles.Content content = read(format, file);
        assertThat(content.rows()).isEmpty();
        assertThat(content.schema().getFields()).hasSize(TypedTable.SCHEMA.columns().size() + 4);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void writingTheSameRowsAgainGivesTheSameBytesAndLeavesTheStreamOpen(SnapshotFormatWriter format)
            throws IOException {
        List<ObjectNode> rows = List.of(row(TypedTable.FULL), row(TypedTable.SPECIAL));
        byte[] first = write(format, rows);

        assertThat(write(format, rows)).isEqualTo(first);
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the format writer closed the renderer's stream");
            }
        };
        SnapshotRowWriter writer = format.open(out, rows(true).layout());
        writer.finish();
        out.write('!');
        assertThat(out.toByteArray()).endsWith('!');
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aValueThatDoesNotFitItsColumnIsUnwritableAndNamesTheColumn(SnapshotFormatWriter format) throws IOException {
        SnapshotRowWriter writer = format.open(new ByteArrayOutputStream(), rows(true).layout());
        ObjectNode tooPrecise = row(TypedTable.FULL);
        tooPrecise.put("amount", new BigDecimal("1.005"));

        assertThatThrownBy(() -> writer.write(tooPrecise)).isInstanceOf(UnwritableDataException.class)
                .hasMessageStartingWith("column amount: 1.005 is not a decimal(12,2)");
        ObjectNode unknown = row(TypedTable.FULL);
        unknown.put("added_later", 1);
        assertThatThrownBy(() -> writer.write(unknown)).isInstanceOf(UnwritableDataException.class)
                .hasMessage("column added_later is not in the table's schema");
    }

    @Test
    void parquetColumnsAreTypedAndSnappyCompressed() throws IOException {
        Path file = dataDir.resolve("typed.parquet");
        Files.write(file, write(new ParquetFormatWriter(), List.of(row(TypedTable.FULL))));

        ParquetMetadata footer = TypedFiles.parquetFooter(file);
        MessageType schema = footer.getFileMetaData().getSchema();
        assertThat(schema.getType("id").toString()).isEqualTo("required int64 id");
        assertThat(schema.getType("name").toString()).isEqualTo("optional binary name (STRING)");
        assertThat(schema.getType("i").toString()).isEqualTo("optional int32 i");
        assertThat(schema.getType("amount").toString()).isEqualTo("optional binary amount (DECIMAL(12,2))");
        assertThat(schema.getType("qty").toString()).isEqualTo("optional binary qty (DECIMAL(20,0))");
        assertThat(schema.getType("f").toString()).isEqualTo("optional float f");
        assertThat(schema.getType("d").toString()).isEqualTo("optional double d");
        assertThat(schema.getType("ok").toString()).isEqualTo("optional boolean ok");
        assertThat(schema.getType("doc").toString()).isEqualTo("optional binary doc (STRING)");
        assertThat(schema.getType("uid").toString()).isEqualTo("optional binary uid (STRING)");
        assertThat(schema.getType("raw").toString()).isEqualTo("optional binary raw");
        assertThat(schema.getType("day").toString()).isEqualTo("optional int32 day (DATE)");
        assertThat(schema.getType("at").toString()).isEqualTo("optional int64 at (TIME(MICROS,false))");
        assertThat(schema.getType("local_ts").toString())
                .isEqualTo("optional int64 local_ts (TIMESTAMP(MICROS,false))");
        assertThat(schema.getType("ts").toString()).isEqualTo("optional int64 ts (TIMESTAMP(MICROS,true))");
        assertThat(schema.getType("_cdc_timestamp").toString())
                .isEqualTo("required int64 _cdc_timestamp (TIMESTAMP(MICROS,true))");
        assertThat(schema.getType("_cdc_operation").toString())
                .isEqualTo("required binary _cdc_operation (STRING)");
        for (BlockMetaData block : footer.getBlocks()) {
            assertThat(block.getColumns()).extracting(ColumnChunkMetaData::getCodec)
                    .containsOnly(CompressionCodecName.SNAPPY);
        }
    }

    @Test
    void parquetPagesAreZstdCompressedOnRequestAndReadBackExactly() throws IOException {
        Path file = dataDir.resolve("zstd.parquet");
        Files.write(file, write(new ParquetFormatWriter(ParquetCompression.ZSTD),
                List.of(row(TypedTable.FULL), row(TypedTable.NULLS), row(TypedTable.SPECIAL))));

        for (BlockMetaData block : TypedFiles.parquetFooter(file).getBlocks()) {
            assertThat(block.getColumns()).extracting(ColumnChunkMetaData::getCodec)
                    .containsOnly(CompressionCodecName.ZSTD);
        }
        assertThat(TypedFiles.parquet(file).rows()).containsExactly(
                TypedTable.withMetadata(TypedTable.FULL, "added", STARTED),
                TypedTable.withMetadata(TypedTable.NULLS, "added", STARTED),
                TypedTable.withMetadata(TypedTable.SPECIAL, "added", STARTED));
    }

    @Test
    void theStandardWritersSwitchTheParquetCodecOnly() {
        SnapshotFormatWriters zstd = SnapshotFormatWriters.standard().withParquetCompression(ParquetCompression.ZSTD);

        assertThat(zstd.of(SnapshotFormat.PARQUET)).get()
                .isInstanceOfSatisfying(ParquetFormatWriter.class,
                        writer -> assertThat(writer.compression()).isEqualTo(ParquetCompression.ZSTD));
        assertThat(zstd.of(SnapshotFormat.AVRO)).get().isInstanceOf(AvroFormatWriter.class);
        assertThat(zstd.of(SnapshotFormat.CSV)).get().isInstanceOf(CsvFormatWriter.class);
    }

    @Test
    void avroBlocksAreDeflated() throws IOException {
        byte[] file = write(new AvroFormatWriter(), List.of(row(TypedTable.FULL)));

        try (DataFileStream<GenericRecord> stream = new DataFileStream<>(new ByteArrayInputStream(file),
                new GenericDatumReader<>())) {
            assertThat(stream.getMetaString("avro.codec")).isEqualTo("deflate");
            assertThat(stream.getSchema()).isEqualTo(
                    SnapshotFileSchema.of(rows(true).layout()).avro());
        }
    }

    private static SnapshotRowRenderer rows(boolean includeMetadata) {
        return new SnapshotRowRenderer(RUN, STARTED.toEpochMilli(), Optional.of(TypedTable.SCHEMA), includeMetadata);
    }

    private static ObjectNode row(Object[] values) {
        return rows(true).render(Operation.ADDED, TypedTable.image(values));
    }

    private static byte[] write(SnapshotFormatWriter format, List<ObjectNode> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotRowWriter writer = format.open(out, rows(true).layout());
        for (ObjectNode row : rows) {
            writer.write(row);
        }
        writer.finish();
        return out.toByteArray();
    }

    private static TypedFiles.Content read(SnapshotFormatWriter format, Path file) throws IOException {
        return format instanceof ParquetFormatWriter ? TypedFiles.parquet(file) : TypedFiles.avro(file);
    }
}
