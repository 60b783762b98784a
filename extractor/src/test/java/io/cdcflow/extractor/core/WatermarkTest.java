package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.ColumnType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final LocalDateTime LOCAL = LocalDateTime.of(2024, 3, 31, 1, 30, 0, 1_000);

    @Test
    void writesIsoWithSixFractionDigits() {
        assertThat(new Watermark(ColumnType.TIMESTAMP, LOCAL).iso()).isEqualTo("2024-03-31T01:30:00.000001");
        assertThat(new Watermark(ColumnType.TIMESTAMP, LOCAL.withNano(0)).iso()).isEqualTo("2024-03-31T01:30:00.000000");
        assertThat(new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-03-31T01:30:00.12Z")).iso())
                .isEqualTo("2024-03-31T01:30:00.120000Z");
        assertThat(new Watermark(ColumnType.DATE, LocalDate.of(2024, 2, 29)).iso()).isEqualTo("2024-02-29");
        assertThat(new Watermark(ColumnType.TIMESTAMP, LocalDateTime.of(12024, 1, 1, 0, 0)).iso())
                .isEqualTo("+12024-01-01T00:00:00.000000");
    }

    @Test
    void parsesWhatItWrites() {
        for (Watermark watermark : new Watermark[] {
            new Watermark(ColumnType.TIMESTAMP, LOCAL),
            new Watermark(ColumnType.TIMESTAMP, LocalDateTime.of(12024, 1, 1, 0, 0)),
            new Watermark(ColumnType.TIMESTAMP, LocalDateTime.of(-44, 3, 15, 12, 0)),
            new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("1969-12-31T23:59:59.999999Z")),
            new Watermark(ColumnType.DATE, LocalDate.of(1, 1, 1)),
        }) {
            assertThat(Watermark.parse(watermark.typeName(), watermark.iso())).isEqualTo(watermark);
        }
        assertThat(Watermark.parse("timestamp_tz", "2024-03-31T01:30:00Z").value())
                .isEqualTo(Instant.parse("2024-03-31T01:30:00Z"));
    }

    @Test
    void keepsMicrosecondsAndDropsNanoseconds() {
        Watermark watermark = new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-03-31T01:30:00.123456789Z"));
        assertThat(watermark.value()).isEqualTo(Instant.parse("2024-03-31T01:30:00.123456Z"));
        assertThat(Watermark.parse("timestamp", "2024-03-31T01:30:00.123456789").iso())
                .isEqualTo("2024-03-31T01:30:00.123456");
    }

    @Test
    void movesBackByTheOverlap() {
        assertThat(new Watermark(ColumnType.TIMESTAMP, LOCAL).minus(Duration.ofSeconds(90)).value())
                .isEqualTo(LocalDateTime.of(2024, 3, 31, 1, 28, 30, 1_000));
        assertThat(new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-01-01T00:00:00.000001Z"))
                .minus(Duration.ofSeconds(1)).value()).isEqualTo(Instant.parse("2023-12-31T23:59:59.000001Z"));
        Watermark date = new Watermark(ColumnType.DATE, LocalDate.of(2024, 3, 1));
        assertThat(date.minus(Duration.ZERO)).isEqualTo(date);
        assertThat(date.minus(Duration.ofSeconds(1)).value()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(date.minus(Duration.ofDays(1)).value()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(date.minus(Duration.ofDays(1).plusSeconds(1)).value()).isEqualTo(LocalDate.of(2024, 2, 28));
        assertThatThrownBy(() -> date.minus(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersValuesOfOneType() {
        Watermark earlier = new Watermark(ColumnType.TIMESTAMP, LOCAL);
        Watermark later = new Watermark(ColumnType.TIMESTAMP, LOCAL.plusNanos(1_000));
        assertThat(earlier).isLessThan(later);
        assertThat(earlier.compareTo(new Watermark(ColumnType.TIMESTAMP, LOCAL))).isZero();
        assertThatThrownBy(() -> earlier.compareTo(new Watermark(ColumnType.DATE, LOCAL.toLocalDate())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOtherTypesAndMismatchedValues() {
        assertThat(Watermark.supports(ColumnType.TIMESTAMP)).isTrue();
        assertThat(Watermark.supports(ColumnType.TIMESTAMP_TZ)).isTrue();
        assertThat(Watermark.supports(ColumnType.DATE)).isTrue();
        assertThat(Watermark.supports(ColumnType.LONG)).isFalse();
        assertThat(Watermark.supports(ColumnType.TIME)).isFalse();
        assertThatThrownBy(() -> new Watermark(ColumnType.LONG, 5L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not long");
        assertThatThrownBy(() -> new Watermark(ColumnType.TIMESTAMP_TZ, LOCAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Instant");
        assertThatThrownBy(() -> Watermark.parse("datetime", "2024-03-31T01:30:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown watermark type");
        assertThatThrownBy(() -> Watermark.parse("timestamp_tz", "2024-03-31T01:30:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an ISO-8601");
    }

    @Test
    void tracksTheLargestNonNullValue() {
        WatermarkTracker tracker = new WatermarkTracker(1, ColumnType.TIMESTAMP_TZ);
        assertThat(tracker.max()).isEmpty();
        tracker.observe(new Object[] {1, null});
        assertThat(tracker.max()).isEmpty();
        tracker.observe(new Object[] {2, Instant.parse("2024-01-01T00:00:00.000002Z")});
        tracker.observe(new Object[] {3, Instant.parse("2024-01-01T00:00:00.000001Z")});
        tracker.observe(new Object[] {4, null});
        assertThat(tracker.max()).contains(new Watermark(ColumnType.TIMESTAMP_TZ,
                Instant.parse("2024-01-01T00:00:00.000002Z")));
        tracker.observe(new Object[] {5, Instant.parse("2024-01-01T00:00:00.000003Z")});
        assertThat(tracker.max().orElseThrow().iso()).isEqualTo("2024-01-01T00:00:00.000003Z");
        assertThatThrownBy(() -> new WatermarkTracker(0, ColumnType.STRING)).isInstanceOf(IllegalArgumentException.class);
    }
}
