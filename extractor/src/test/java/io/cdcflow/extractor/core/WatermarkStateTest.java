package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The value format of the watermarks topic. */
class WatermarkStateTest {

    @Test
    void writesThePinnedFormat() {
        WatermarkState state = new WatermarkState("updated_at",
                new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-03-31T01:30:00.000001Z")), "orders-0-17", 2);
        assertThat(new String(state.toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"watermark\":{\"type\":\"timestamp_tz\",\"value\":\"2024-03-31T01:30:00.000001Z\"},"
                        + "\"column\":\"updated_at\",\"run_id\":\"orders-0-17\",\"runs_since_reconcile\":2}");
        assertThat(new String(new WatermarkState("ts", null, "r", 0).toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"watermark\":null,\"column\":\"ts\",\"run_id\":\"r\",\"runs_since_reconcile\":0}");
    }

    @Test
    void roundTripsEveryType() {
        for (WatermarkState state : new WatermarkState[] {
            new WatermarkState("ts", new Watermark(ColumnType.TIMESTAMP, LocalDateTime.of(2024, 2, 29, 23, 59, 59,
                    999_999_000)), "run-1", 0),
            new WatermarkState("ts", new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-03-31T01:30:00Z")),
                    "run-2", 7),
            new WatermarkState("day", new Watermark(ColumnType.DATE, LocalDate.of(2024, 3, 31)), "run-3", 1),
            new WatermarkState("ts", null, "run-4", 0),
        }) {
            assertThat(WatermarkState.parse(state.toJson())).isEqualTo(state);
        }
    }

    @Test
    void ignoresUnknownFields() {
        WatermarkState state = WatermarkState.parse(("{\"watermark\":{\"type\":\"date\",\"value\":\"2024-03-31\"},"
                + "\"column\":\"d\",\"run_id\":\"r\",\"runs_since_reconcile\":3,\"future\":true}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(state.watermark()).isEqualTo(new Watermark(ColumnType.DATE, LocalDate.of(2024, 3, 31)));
        assertThat(state.runsSinceReconcile()).isEqualTo(3);
    }

    @Test
    void rejectsMalformedValues() {
        for (String json : new String[] {
            "not json",
            "[]",
            "{\"column\":\"ts\",\"run_id\":\"r\",\"runs_since_reconcile\":0}",
            "{\"watermark\":\"2024-03-31T01:30:00Z\",\"column\":\"ts\",\"run_id\":\"r\",\"runs_since_reconcile\":0}",
            "{\"watermark\":{\"type\":\"timestamp\",\"value\":\"yesterday\"},\"column\":\"ts\",\"run_id\":\"r\","
                    + "\"runs_since_reconcile\":0}",
            "{\"watermark\":null,\"run_id\":\"r\",\"runs_since_reconcile\":0}",
            "{\"watermark\":null,\"column\":\"ts\",\"run_id\":\"r\",\"runs_since_reconcile\":-1}",
            "{\"watermark\":null,\"column\":\"ts\",\"run_id\":\"r\",\"runs_since_reconcile\":1.5}",
        }) {
            assertThatThrownBy(() -> WatermarkState.parse(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
