package io.cdcflow.writer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.writer.core.SnapshotLayout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * {@code csv}: RFC 4180 (comma, double quotes, CRLF) with a header line of the table's columns in
 * schema order followed by the {@code _cdc} columns. NULL is an empty unquoted field and the empty
 * string a quoted {@code ""}, so readers can tell them apart; other fields are quoted only when they
 * need it. Decimals are written in plain notation, booleans as {@code true}/{@code false}, all other
 * values exactly as in the JSON files.
 */
public final class CsvFormatWriter implements SnapshotFormatWriter {
    private static final CSVFormat MINIMAL = CSVFormat.RFC4180.builder()
            .setNullString("")
            .setQuoteMode(QuoteMode.MINIMAL)
            .get();
    // Commons CSV leaves an empty string unquoted under MINIMAL; quoting it is what separates it from NULL.
    private static final CSVFormat QUOTED = MINIMAL.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();

    @Override
    public SnapshotFormat format() {
        return SnapshotFormat.CSV;
    }

    @Override
    public String contentType() {
        return "text/csv";
    }

    @Override
    public boolean requiresSchema() {
        return true;
    }

    @Override
    public SnapshotRowWriter open(OutputStream out, SnapshotLayout layout) throws IOException {
        List<String> columns = layout.columns();
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a CSV file needs the table's columns");
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        printRecord(writer, columns.toArray(String[]::new));
        return new SnapshotRowWriter() {
            @Override
            public void write(ObjectNode row) throws IOException {
                String[] fields = new String[columns.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = field(row.get(columns.get(i)));
                }
                printRecord(writer, fields);
            }

            @Override
            public void finish() throws IOException {
                writer.flush();
            }
        };
    }

    private static void printRecord(Writer writer, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            CSVFormat format = field != null && field.isEmpty() ? QUOTED : MINIMAL;
            format.print(field, writer, i == 0);
        }
        MINIMAL.println(writer);
    }

    /** The text of a JSON value in a CSV field; null for a missing or NULL value. */
    static String field(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString();
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        return value.toString();
    }
}
