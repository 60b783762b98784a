package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.RowCodec;
import io.cdcflow.common.core.RowHasher;
import io.cdcflow.common.core.TableSchema;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueNormalizerTest {

    @Test
    void nullStaysNull() {
        assertThat(ValueNormalizer.normalize(column(ColumnType.INT, ValueRead.INT), null)).isNull();
    }

    @Test
    void decimalsTakeTheColumnScale() {
        MappedColumn decimal = MappedColumn.decimal(source("d"), 12, 2);

        assertThat(ValueNormalizer.normalize(decimal, new BigDecimal("1.5"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(ValueNormalizer.normalize(decimal, new BigDecimal("7"))).isEqualTo(new BigDecimal("7.00"));
        assertThatThrownBy(() -> ValueNormalizer.normalize(decimal, new BigDecimal("1.234")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale 2");
    }

    @Test
    void unconstrainedDecimalsAreThePlainString() {
        MappedColumn text = MappedColumn.decimalAsText(source("d"), null);

        assertThat(ValueNormalizer.normalize(text, new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(ValueNormalizer.normalize(text, new BigDecimal("0.000001230"))).isEqualTo("0.000001230");
    }

    @Test
    void uuidsAreLowerCase() {
        assertThat(ValueNormalizer.normalize(column(ColumnType.UUID, ValueRead.STRING),
                "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(ValueNormalizer.normalize(column(ColumnType.STRING, ValueRead.STRING), "ABC")).isEqualTo("ABC");
    }

    @Test
    void temporalValuesAreTruncatedToMicroseconds() {
        assertThat(ValueNormalizer.normalize(column(ColumnType.TIME, ValueRead.LOCAL_TIME),
                LocalTime.of(1, 2, 3, 123_456_789))).isEqualTo(LocalTime.of(1, 2, 3, 123_456_000));
        assertThat(ValueNormalizer.normalize(column(ColumnType.TIMESTAMP, ValueRead.LOCAL_DATE_TIME),
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999)))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000));
    }

    @Test
    void rejectsDatesNoAvroTypeCanHold() {
        assertThatThrownBy(() -> ValueNormalizer.normalize(column(ColumnType.DATE, ValueRead.LOCAL_DATE), LocalDate.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("infinity");
        assertThatThrownBy(() -> ValueNormalizer.normalize(column(ColumnType.TIMESTAMP, ValueRead.LOCAL_DATE_TIME),
                LocalDateTime.MIN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column c");
        assertThat(ValueNormalizer.normalize(column(ColumnType.DATE, ValueRead.LOCAL_DATE), LocalDate.of(-4000, 1, 1)))
                .isEqualTo(LocalDate.of(-4000, 1, 1));
    }

    @Test
    void zonedTimestampsBecomeInstants() {
        OffsetDateTime local = OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 1_500, ZoneOffset.ofHours(2));
        assertThat(ValueNormalizer.normalize(column(ColumnType.TIMESTAMP_TZ, ValueRead.OFFSET_DATE_TIME), local))
                .isEqualTo(Instant.parse("2024-03-01T10:00:00.000001Z"));
        assertThat(ValueNormalizer.normalize(column(ColumnType.TIMESTAMP_TZ, ValueRead.UTC_LOCAL_DATE_TIME),
                LocalDateTime.of(2024, 3, 1, 10, 0, 0, 2_999)))
                .isEqualTo(Instant.parse("2024-03-01T10:00:00.000002Z"));
    }

    @Test
    void otherValuesPassThrough() {
        byte[] bytes = {1, 2};
        assertThat(ValueNormalizer.normalize(column(ColumnType.BYTES, ValueRead.BYTES), bytes)).isSameAs(bytes);
        assertThat(ValueNormalizer.normalize(column(ColumnType.DATE, ValueRead.LOCAL_DATE), LocalDate.of(2024, 1, 1)))
                .isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(ValueNormalizer.normalize(column(ColumnType.LONG, ValueRead.LONG), 5L)).isEqualTo(5L);
    }

    @Test
    void whatIsHashedIsWhatTheCodecRoundTrips() {
        List<MappedColumn> columns = List.of(
                MappedColumn.exact(new SourceColumn("id", Types.INTEGER, "int4", 10, 0, false), ColumnType.INT,
                        ValueRead.INT),
                MappedColumn.exact(source("ts"), ColumnType.TIMESTAMP, ValueRead.LOCAL_DATE_TIME),
                MappedColumn.exact(source("tz"), ColumnType.TIMESTAMP_TZ, ValueRead.OFFSET_DATE_TIME),
                MappedColumn.exact(source("t"), ColumnType.TIME, ValueRead.LOCAL_TIME),
                MappedColumn.decimal(source("d"), 12, 2));
        Object[] raw = {1, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 987_654_321, ZoneOffset.ofHours(-5)),
                LocalTime.of(3, 4, 5, 999_999_999), new BigDecimal("3.1")};
        Object[] row = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            row[i] = ValueNormalizer.normalize(columns.get(i), raw[i]);
        }
        TableSchema schema = new TableSchema("ds", "t", columns.stream().map(MappedColumn::column).toList(),
                List.of("id"));
        RowCodec codec = new RowCodec(schema);
        Object[] decoded = codec.decode(codec.encode(row));
        RowHasher hasher = new RowHasher(schema.indexesOf(List.of("*")));

        assertThat(decoded).containsExactly(row);
        assertThat(hasher.hash(decoded)).isEqualTo(hasher.hash(row));
    }

    private static SourceColumn source(String name) {
        return new SourceColumn(name, Types.OTHER, "x", 0, 0, true);
    }

    private static MappedColumn column(ColumnType type, ValueRead read) {
        return MappedColumn.exact(source("c"), type, read);
    }
}
