package io.cdcflow.bench.jmh;

import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.extractor.core.MappedColumn;
import io.cdcflow.extractor.core.PostgresDialect;
import io.cdcflow.extractor.core.SourceColumn;
import io.cdcflow.extractor.core.ValueNormalizer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows of {@code bench/BenchTable.java}'s {@code bench_rows} as the extractor sees them on
 * PostgreSQL: the columns mapped by {@link PostgresDialect} from the metadata pgjdbc reports, and
 * row {@code g} with the values the table's INSERT generates, first as the result set hands them
 * over (before {@link ValueNormalizer}) and then normalised. Rows are spread over the table's id
 * range so that key lengths, name lengths and the NULL notes vary as they do in the table.
 */
final class BenchRows {
    /** Rows in each fixture; benchmarks cycle through them. A power of two, for a cheap index mask. */
    static final int COUNT = 1024;
    static final int MASK = COUNT - 1;
    /** Rows per BATCH record, as the extractor sends them ({@code AttemptPublisher.MESSAGE_ROWS}). */
    static final int BATCH_ROWS = 500;
    static final int PARTITIONS = 6;
    static final String DATASOURCE = "bench";
    static final String TABLE = "bench_rows";

    static final List<MappedColumn> COLUMNS = List.of(
            column("id", Types.BIGINT, "int8", 19, 0, false),
            column("customer_id", Types.INTEGER, "int4", 10, 0, false),
            column("amount", Types.NUMERIC, "numeric", 12, 2, false),
            column("status", Types.VARCHAR, "varchar", 16, 0, false),
            column("name", Types.VARCHAR, "varchar", 120, 0, false),
            column("note", Types.VARCHAR, "text", Integer.MAX_VALUE, 0, true),
            column("created_at", Types.TIMESTAMP, "timestamp", 26, 6, false),
            column("updated_at", Types.TIMESTAMP, "timestamptz", 35, 6, true),
            column("active", Types.BIT, "bool", 1, 0, false));
    static final TableSchema SCHEMA = new TableSchema(DATASOURCE, TABLE,
            COLUMNS.stream().map(MappedColumn::column).toList(), List.of("id"));
    /** Positions of the hashed columns: every column, the default {@code hash_columns}. */
    static final int[] HASH_INDEXES = SCHEMA.indexesOf(List.of("*"));
    static final int[] KEY_INDEXES = SCHEMA.primaryKeyIndexes();
    /** What the extractor's run attempt stamps on every record. */
    static final RowEvent.RunAttempt ATTEMPT = new RowEvent.RunAttempt(DATASOURCE, TABLE, "bench_rows-0-17",
            "7f3c2a4e-5b1d-4c8e-9a0f-2d6b8e1c3f5a", 1_764_000_000_000L, "hash");

    private static final LocalDateTime CREATED_BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final OffsetDateTime UPDATED_BASE = OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final String[] STATUSES = {"new", "paid", "shipped", "done"};

    private BenchRows() {
    }

    private static MappedColumn column(String name, int jdbcType, String typeName, int size, int digits,
                                       boolean nullable) {
        return new PostgresDialect().map(new SourceColumn(name, jdbcType, typeName, size, digits, nullable));
    }

    /** The id of the {@code i}th fixture row: spread over a million-row table. */
    static long id(int i) {
        return 1 + (long) i * 976;
    }

    /** Row {@code g} as pgjdbc returns it for the column reads the mapping chose. */
    static Object[] raw(long g) {
        return new Object[] {
            g,
            (int) (g % 50_000),
            BigDecimal.valueOf(g % 100_000, 2),
            STATUSES[(int) (g % 4)],
            md5Hex(Long.toString(g)).repeat((int) (1 + g % 3)),
            g % 5 == 0 ? null : "note " + g,
            CREATED_BASE.plusSeconds(g),
            UPDATED_BASE.plusSeconds(g),
            g % 2 == 0};
    }

    /** Row {@code g} after {@link ValueNormalizer}: what the extractor keys, hashes and encodes. */
    static Object[] normalized(long g) {
        Object[] raw = raw(g);
        Object[] row = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            row[i] = ValueNormalizer.normalize(COLUMNS.get(i), raw[i]);
        }
        return row;
    }

    static Object[][] rawRows() {
        Object[][] rows = new Object[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            rows[i] = raw(id(i));
        }
        return rows;
    }

    static Object[][] normalizedRows() {
        Object[][] rows = new Object[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            rows[i] = normalized(id(i));
        }
        return rows;
    }

    /** The rows with ids {@code firstId..firstId+count-1} as the extractor prepares them for a BATCH. */
    static List<RowEvent.BatchRow> batchRows(long firstId, int count) {
        RowHasher hasher = new RowHasher(HASH_INDEXES);
        RowCodec codec = new RowCodec(SCHEMA);
        List<RowEvent.BatchRow> rows = new ArrayList<>(count);
        for (long g = firstId; g < firstId + count; g++) {
            Object[] row = normalized(g);
            rows.add(new RowEvent.BatchRow(RowKeys.of(SCHEMA, KEY_INDEXES, row), hasher.hash(row), codec.encode(row),
                    RowEvent.NO_CHUNK));
        }
        return rows;
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships MD5", e);
        }
    }
}
