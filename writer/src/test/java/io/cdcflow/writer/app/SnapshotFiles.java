package io.cdcflow.writer.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/** Reads snapshot files back with independent readers: Jackson for JSON and JSON Lines, Commons CSV for CSV. */
final class SnapshotFiles {
    // Strict quote mode makes Commons CSV read an unquoted empty field as null and "" as the empty string.
    private static final CSVFormat CSV_READER = CSVFormat.RFC4180.builder()
            .setQuoteMode(QuoteMode.ALL_NON_NULL).setHeader().setSkipHeaderRecord(true).get();

    private SnapshotFiles() {
    }

    /** The rows of a file, each as compact JSON; CSV rows become objects of header name to text or null. */
    static List<String> rows(String format, boolean compressed, byte[] content) throws IOException {
        String text = new String(compressed ? gunzip(content) : content, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>();
        switch (format) {
            case "json" -> Json.MAPPER.readTree(text).forEach(row -> rows.add(row.toString()));
            case "jsonl" -> text.lines().forEach(line -> rows.add(WriterFixture.parse(line).toString()));
            case "csv" -> {
                try (CSVParser parser = CSV_READER.parse(new StringReader(text))) {
                    for (CSVRecord record : parser) {
                        ObjectNode row = JsonNodeFactory.instance.objectNode();
                        for (Map.Entry<String, String> field : record.toMap().entrySet()) {
                            row.put(field.getKey(), field.getValue());
                        }
                        rows.add(reorder(row, parser.getHeaderNames()).toString());
                    }
                }
            }
            default -> throw new IllegalArgumentException(format);
        }
        return rows;
    }

    /** The CSV header of a file. */
    static List<String> csvHeader(boolean compressed, byte[] content) throws IOException {
        String text = new String(compressed ? gunzip(content) : content, StandardCharsets.UTF_8);
        try (CSVParser parser = CSV_READER.parse(new StringReader(text))) {
            return parser.getHeaderNames();
        }
    }

    /**
     * What a JSON row looks like after a round trip through CSV: every column of the header, values
     * as text, decimals in plain notation, missing and null values null.
     */
    static String asCsvRow(String json, List<String> header) {
        JsonNode source = WriterFixture.parse(json);
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (String column : header) {
            JsonNode value = source.get(column);
            if (value == null || value.isNull()) {
                row.putNull(column);
            } else {
                row.put(column, value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
            }
        }
        return row.toString();
    }

    private static ObjectNode reorder(ObjectNode row, List<String> header) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        header.forEach(column -> ordered.set(column, row.get(column)));
        return ordered;
    }

    private static byte[] gunzip(byte[] content) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            return in.readAllBytes();
        }
    }
}
