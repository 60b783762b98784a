package io.cdcflow.writer.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.core.Json;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class SnapshotFormatWritersTest {

    private static final SnapshotLayout LAYOUT = new SnapshotLayout(null, List.of("id", "name", "amount", "ok"), false);
    private static final List<String> ROWS = List.of(
            "{\"id\":1,\"name\":\"plain\",\"amount\":0.0000001,\"ok\":true}",
            "{\"id\":2,\"name\":\"\",\"amount\":null,\"ok\":false}",
            "{\"id\":3,\"name\":null,\"amount\":12.50}",
            "{\"id\":4,\"name\":\"a,b \\\"q\\\"\\nline 2\",\"amount\":-3}");

    @Test
    void everyFormatIsSupported() {
        SnapshotFormatWriters formats = SnapshotFormatWriters.standard();

        assertThat(formats.of(SnapshotFormat.JSON)).containsInstanceOf(JsonArrayFormatWriter.class);
        assertThat(formats.of(SnapshotFormat.JSONL)).containsInstanceOf(JsonLinesFormatWriter.class);
        assertThat(formats.of(SnapshotFormat.CSV)).containsInstanceOf(CsvFormatWriter.class);
        assertThat(formats.of(SnapshotFormat.PARQUET)).containsInstanceOf(ParquetFormatWriter.class);
        assertThat(formats.of(SnapshotFormat.AVRO)).containsInstanceOf(AvroFormatWriter.class);
        for (SnapshotFormat format : SnapshotFormat.values()) {
            assertThat(formats.of(format).orElseThrow().format()).isEqualTo(format);
        }
    }

    @Test
    void jsonIsAnArrayWithOneRowPerLine() throws IOException {
        String json = write(new JsonArrayFormatWriter(), ROWS);

        assertThat(json).isEqualTo("[\n"
                + "{\"id\":1,\"name\":\"plain\",\"amount\":0.0000001,\"ok\":true},\n"
                + "{\"id\":2,\"name\":\"\",\"amount\":null,\"ok\":false},\n"
                + "{\"id\":3,\"name\":null,\"amount\":12.50},\n"
                + "{\"id\":4,\"name\":\"a,b \\\"q\\\"\\nline 2\",\"amount\":-3}\n"
                + "]\n");
        JsonNode parsed = Json.MAPPER.readTree(json);
        for (int i = 0; i < ROWS.size(); i++) {
            assertThat(parsed.get(i)).isEqualTo(row(ROWS.get(i)));
        }
        assertThat(write(new JsonArrayFormatWriter(), List.of())).isEqualTo("[]\n");
    }

    @Test
    void jsonLinesHasOneObjectPerLine() throws IOException {
        String jsonl = write(new JsonLinesFormatWriter(), ROWS);

        assertThat(jsonl.split("\n")).hasSize(4);
        List<String> lines = jsonl.lines().toList();
        for (int i = 0; i < ROWS.size(); i++) {
            assertThat(Json.MAPPER.readTree(lines.get(i))).isEqualTo(row(ROWS.get(i)));
        }
        assertThat(write(new JsonLinesFormatWriter(), List.of())).isEmpty();
    }

    @Test
    void csvTellsNullFromEmptyAndQuotesOnlyWhenNeeded() throws IOException {
        String csv = write(new CsvFormatWriter(), ROWS);

        assertThat(csv).isEqualTo("id,name,amount,ok\r\n"
                + "1,plain,0.0000001,true\r\n"
                + "2,\"\",,false\r\n"
                + "3,,12.50,\r\n"
                + "4,\"a,b \"\"q\"\"\nline 2\",-3,\r\n");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(records).hasSize(4);
        assertThat(records.get(3).get("name")).isEqualTo("a,b \"q\"\nline 2");
        assertThat(write(new CsvFormatWriter(), List.of())).isEqualTo("id,name,amount,ok\r\n");
    }

    private static String write(SnapshotFormatWriter format, List<String> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotRowWriter writer = format.open(out, LAYOUT);
        for (String row : rows) {
            writer.write(row(row));
        }
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ObjectNode row(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
