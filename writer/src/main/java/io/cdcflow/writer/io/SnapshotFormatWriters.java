package io.cdcflow.writer.io;

import io.cdcflow.common.config.ParquetCompression;
import io.cdcflow.common.config.SnapshotFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The format writers available, one per supported {@link SnapshotFormat}. Immutable. */
public final class SnapshotFormatWriters {
    private final Map<SnapshotFormat, SnapshotFormatWriter> byFormat = new EnumMap<>(SnapshotFormat.class);

    private SnapshotFormatWriters(List<SnapshotFormatWriter> writers) {
        writers.forEach(writer -> byFormat.put(writer.format(), writer));
    }

    /** Every format: JSON, JSON Lines, CSV, Parquet and Avro. */
    public static SnapshotFormatWriters standard() {
        return new SnapshotFormatWriters(List.of(new JsonArrayFormatWriter(), new JsonLinesFormatWriter(),
                new CsvFormatWriter(), new ParquetFormatWriter(), new AvroFormatWriter()));
    }

    /** The same writers, with Parquet files compressed by {@code compression}. */
    public SnapshotFormatWriters withParquetCompression(ParquetCompression compression) {
        SnapshotFormatWriter parquet = byFormat.get(SnapshotFormat.PARQUET);
        if (parquet instanceof ParquetFormatWriter current && current.compression() == compression) {
            return this;
        }
        List<SnapshotFormatWriter> writers = new ArrayList<>(byFormat.values());
        writers.removeIf(writer -> writer.format() == SnapshotFormat.PARQUET);
        writers.add(new ParquetFormatWriter(compression));
        return new SnapshotFormatWriters(writers);
    }

    /** The writer of {@code format}, or empty if the format is not supported. */
    public Optional<SnapshotFormatWriter> of(SnapshotFormat format) {
        return Optional.ofNullable(byFormat.get(format));
    }
}
