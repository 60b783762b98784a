package io.cdcflow.writer.app;

import static io.cdcflow.writer.app.WriterFixture.change;
import static io.cdcflow.writer.app.WriterFixture.done;
import static io.cdcflow.writer.app.WriterFixture.startMs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.writer.core.RunSummary;
import io.cdcflow.writer.io.TypedFiles;
import io.cdcflow.writer.io.TypedTable;
import java.nio.file.Files;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parquet and Avro runs through the writer service on the embedded broker and object store, with a
 * column of every type: the stored files read back with parquet-avro's and Avro's readers hold the
 * exact typed values, and DuckDB, a reader that shares no code with ours, sees the same types and values.
 */
class TypedSnapshotFilesIT {

    private static final String RUN = "run-typed";
    private static final String STARTED = "2024-12-15T14:30:22.250Z";
    private static final long START_MS = startMs(STARTED);
    private static final String SCHEMA_JSON = TableAvroSchemas.toAvro(TypedTable.SCHEMA).toString();
    private static final String FILES = "snapshots/crm/users/20241215_143022_";

    /** The columns as DuckDB types them; the Avro-sanitised name order_no stands for order-no. */
    private static final List<String> DUCKDB_COLUMNS = List.of("id BIGINT", "name VARCHAR", "i INTEGER",
            "l BIGINT", "amount DECIMAL(12,2)", "qty DECIMAL(20,0)", "f FLOAT", "d DOUBLE", "ok BOOLEAN",
            "doc VARCHAR", "uid VARCHAR", "raw BLOB", "day DATE", "at TIME", "local_ts TIMESTAMP",
            "ts TIMESTAMP WITH TIME ZONE", "order_no INTEGER", "_cdc_operation VARCHAR",
            "_cdc_timestamp TIMESTAMP WITH TIME ZONE", "_cdc_table VARCHAR", "_cdc_datasource VARCHAR");
    private static final String DUCKDB_METADATA =
            "\"_cdc_timestamp\":\"2024-12-15 14:30:22.25+00\",\"_cdc_table\":\"users\",\"_cdc_datasource\":\"crm\"}";
    private static final String DUCKDB_FULL = "{\"id\":\"1\",\"name\":\"Ann \u00fc \u2713\",\"i\":-2147483648,"
            + "\"l\":\"9223372036854775807\",\"amount\":\"-1234567890.12\",\"qty\":\"12345678901234567890\","
            + "\"f\":0.10000000149011612,\"d\":0.1,\"ok\":true,\"doc\":\"{\\\"a\\\": [1, 2.50]}\","
            + "\"uid\":\"123e4567-e89b-12d3-a456-426614174000\",\"raw\":\"\\\\x00\\\\x01\\\\xFFA\","
            + "\"day\":\"2024-02-29\",\"at\":\"23:59:59.999999\",\"local_ts\":\"2024-12-15 14:30:22.123456\","
            + "\"ts\":\"2024-12-15 14:30:22.123456+00\",\"order_no\":7,\"_cdc_operation\":\"added\"," + DUCKDB_METADATA;
    private static final String DUCKDB_NULLS = "{\"id\":\"2\",\"name\":\"\",\"i\":null,\"l\":null,\"amount\":null,"
            + "\"qty\":null,\"f\":null,\"d\":null,\"ok\":null,\"doc\":null,\"uid\":null,\"raw\":null,\"day\":null,"
            + "\"at\":null,\"local_ts\":null,\"ts\":null,\"order_no\":null,\"_cdc_operation\":\"added\"," + DUCKDB_METADATA;
    private static final String DUCKDB_SPECIAL = "{\"id\":\"3\",\"name\":\"x\",\"i\":0,\"l\":\"-1\",\"amount\":\"10.50\","
            + "\"qty\":\"0\",\"f\":\"NaN\",\"d\":\"-Infinity\",\"ok\":false,\"doc\":\"null\","
            + "\"uid\":\"00000000-0000-0000-0000-000000000000\",\"raw\":\"\",\"day\":\"1969-12-31\",\"at\":\"00:00:00\","
            + "\"local_ts\":\"1900-01-01 00:00:00\",\"ts\":\"1969-12-31 23:59:59.999999+00\",\"order_no\":-1,"
            + "\"_cdc_operation\":\"modified\"," + DUCKDB_METADATA;
    private static final String DUCKDB_KEY_ONLY = "{\"id\":\"4\",\"name\":null,\"i\":null,\"l\":null,\"amount\":null,"
            + "\"qty\":null,\"f\":null,\"d\":null,\"ok\":null,\"doc\":null,\"uid\":null,\"raw\":null,\"day\":null,"
            + "\"at\":null,\"local_ts\":null,\"ts\":null,\"order_no\":null,\"_cdc_operation\":\"deleted\","
            + DUCKDB_METADATA;

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"parquet", "avro"})
    void everyColumnTypeArrivesAsItsExactValueAndCompressFilesDoesNotApply(String format) throws Exception {
        try (WriterFixture fixture = new WriterFixture(dataDir, "{\"format\": \"" + format + "\", \"compress_files\": true}")) {
            fixture.startWriter();
            sendRun(fixture);

            RunEvent written = fixture.awaitEvent(RUN, RunEvent.State.WRITTEN);
            assertThat(written.files()).containsExactly(FILES + "added." + format, FILES + "modified." + format,
                    FILES + "deleted." + format, FILES + "summary.json");
            RunSummary summary = RunSummary.parse(fixture.object(FILES + "summary.json"));
            assertThat(summary.format()).isEqualTo(format);
            assertThat(summary.compression()).isNull();
            assertThat(summary.changes()).isEqualTo(new RunSummary.Changes(2, 1, 1));

            Instant started = Instant.parse(STARTED);
            assertThat(read(fixture, FILES + "added." + format).rows()).containsExactly(
                    TypedTable.withMetadata(TypedTable.FULL, "added", started),
                    TypedTable.withMetadata(TypedTable.NULLS, "added", started));
            assertThat(read(fixture, FILES + "modified." + format).rows()).containsExactly(
                    TypedTable.withMetadata(TypedTable.SPECIAL, "modified", started));
            assertThat(read(fixture, FILES + "deleted." + format).rows()).containsExactly(
                    TypedTable.withMetadata(TypedTable.KEY_ONLY, "deleted", started));
        }
    }

    @Test
    void duckDbReadsTheParquetFilesWithTheirSqlTypesAndValues() throws Exception {
        DuckDbReader.requireAvailable();
        try (WriterFixture fixture = new WriterFixture(dataDir, "{\"format\": \"parquet\"}")) {
            fixture.startWriter();
            sendRun(fixture);
            fixture.awaitEvent(RUN, RunEvent.State.WRITTEN);

            JsonNode added = DuckDbReader.read(download(fixture, FILES + "added.parquet"));
            assertThat(columns(added)).containsExactlyElementsOf(DUCKDB_COLUMNS);
            assertThat(rows(added)).containsExactly(DUCKDB_FULL, DUCKDB_NULLS);
            assertThat(rows(DuckDbReader.read(download(fixture, FILES + "modified.parquet"))))
                    .containsExactly(DUCKDB_SPECIAL);
            JsonNode deleted = DuckDbReader.read(download(fixture, FILES + "deleted.parquet"));
            assertThat(rows(deleted)).containsExactly(DUCKDB_KEY_ONLY);
            assertThat(columns(deleted)).containsExactlyElementsOf(DUCKDB_COLUMNS);
        }
    }

    @Test
    void zstdParquetFilesSayZstdInTheirFooterAndReadBackExactlyWithOurReaderAndDuckDb() throws Exception {
        DuckDbReader.requireAvailable();
        try (WriterFixture fixture = new WriterFixture(dataDir,
                "{\"format\": \"parquet\", \"parquet_compression\": \"zstd\"}")) {
            fixture.startWriter();
            sendRun(fixture);
            fixture.awaitEvent(RUN, RunEvent.State.WRITTEN);

            Path added = download(fixture, FILES + "added.parquet");
            for (BlockMetaData block : TypedFiles.parquetFooter(added).getBlocks()) {
                assertThat(block.getColumns()).extracting(ColumnChunkMetaData::getCodec)
                        .containsOnly(CompressionCodecName.ZSTD);
            }
            Instant started = Instant.parse(STARTED);
            assertThat(TypedFiles.read(added).rows()).containsExactly(
                    TypedTable.withMetadata(TypedTable.FULL, "added", started),
                    TypedTable.withMetadata(TypedTable.NULLS, "added", started));
            JsonNode duckDb = DuckDbReader.read(added);
            assertThat(columns(duckDb)).containsExactlyElementsOf(DUCKDB_COLUMNS);
            assertThat(rows(duckDb)).containsExactly(DUCKDB_FULL, DUCKDB_NULLS);
            assertThat(rows(DuckDbReader.read(download(fixture, FILES + "modified.parquet"))))
                    .containsExactly(DUCKDB_SPECIAL);
        }
    }

    /**
     * DuckDB reads Avro only through its avro extension, which is downloaded on first use: offline (as in
     * this project's CI) the test is skipped and the Avro files are checked with Avro's own reader only.
     */
    @Test
    void duckDbReadsTheAvroFilesWhenItsAvroExtensionIsAvailable() throws Exception {
        DuckDbReader.requireAvailable();
        try (WriterFixture fixture = new WriterFixture(dataDir, "{\"format\": \"avro\"}")) {
            fixture.startWriter();
            sendRun(fixture);
            fixture.awaitEvent(RUN, RunEvent.State.WRITTEN);

            JsonNode added = DuckDbReader.read(download(fixture, FILES + "added.avro"));
            assertThat(added.get("rows")).hasSize(2);
            assertThat(added.get("rows").get(0).get("id").asText()).isEqualTo("1");
            assertThat(added.get("rows").get(0).get("name").asText()).isEqualTo("Ann \u00fc \u2713");
            assertThat(added.get("rows").get(1).get("i").isNull()).isTrue();
        }
    }

    private static void sendRun(WriterFixture fixture) {
        fixture.send(
                change(RUN, START_MS, "c", null, TypedTable.image(TypedTable.FULL), key(1)),
                done(RUN, START_MS, 0, FeedMessage.COMPLETE, new Counts(1, 1, 0, 0, 0), SCHEMA_JSON),
                change(RUN, START_MS, "c", null, TypedTable.image(TypedTable.NULLS), key(2)),
                change(RUN, START_MS, "u", TypedTable.image(TypedTable.FULL), TypedTable.image(TypedTable.SPECIAL),
                        key(3)),
                done(RUN, START_MS, 1, FeedMessage.COMPLETE, new Counts(2, 1, 1, 0, 0), SCHEMA_JSON),
                change(RUN, START_MS, "d", null, null, key(4)),
                done(RUN, START_MS, 2, FeedMessage.COMPLETE, new Counts(0, 0, 0, 1, 0), SCHEMA_JSON));
    }

    private static JsonNode key(long id) {
        return WriterFixture.parse("{\"id\":" + id + "}");
    }

    private Path download(WriterFixture fixture, String key) throws Exception {
        Path file = Files.createTempFile(dataDir, "download", key.substring(key.lastIndexOf('_')));
        Files.write(file, fixture.object(key));
        return file;
    }

    private TypedFiles.Content read(WriterFixture fixture, String key) throws Exception {
        return TypedFiles.read(download(fixture, key));
    }

    private static List<String> columns(JsonNode duckDb) {
        List<String> columns = new ArrayList<>();
        duckDb.get("columns").forEach(column -> columns.add(column.get("name").asText() + " "
                + column.get("type").asText()));
        return columns;
    }

    private static List<String> rows(JsonNode duckDb) {
        List<String> rows = new ArrayList<>();
        duckDb.get("rows").forEach(row -> rows.add(row.toString()));
        return rows;
    }
}
