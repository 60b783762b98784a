package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.config.TableConfig;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.extractor.TestConfigs;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The query plan, the reconcile decision and the next state of timestamp runs. */
class TimestampRunPlanTest {
    private static final TableLocation PG_LOCATION = new TableLocation("shop", "public", "events");
    private static final TableLocation MYSQL_LOCATION = new TableLocation("shop", "shop", "events");
    private static final LocalDateTime WALL = LocalDateTime.of(2024, 3, 31, 1, 30, 0, 1_000);
    private static final Watermark LOCAL_MARK = new Watermark(ColumnType.TIMESTAMP, WALL);
    private static final Watermark INSTANT_MARK = new Watermark(ColumnType.TIMESTAMP_TZ,
            Instant.parse("2024-03-31T01:30:00.000001Z"));

    @Test
    void theFirstRunReadsTheWholeTableAsAFullRun() {
        TimestampRunPlan run = plan(new PostgresDialect(), "timestamp", settings(60, 0), Optional.empty());

        assertThat(run.full()).isTrue();
        assertThat(run.fullReason()).contains("no watermark stored (first run)");
        assertThat(run.markerMethod()).isEqualTo("hash");
        assertThat(run.bound()).isEmpty();
        assertThat(run.query().sql()).isEqualTo("SELECT \"id\", \"v\", \"up dated\" FROM \"public\".\"events\"");
        assertThat(run.query().parameters()).isEmpty();
        assertThat(run.next("run-1", Optional.of(LOCAL_MARK)))
                .isEqualTo(new WatermarkState("up dated", LOCAL_MARK, "run-1", 0));
        assertThat(run.next("run-1", Optional.empty())).isEqualTo(new WatermarkState("up dated", null, "run-1", 0));
    }

    @Test
    void anIncrementalRunReadsFromTheWatermarkMinusTheOverlap() {
        TimestampRunPlan run = plan(new PostgresDialect(), "timestamp", settings(60, 0),
                Optional.of(new WatermarkState("up dated", LOCAL_MARK, "run-1", 0)));

        assertThat(run.full()).isFalse();
        assertThat(run.markerMethod()).isEqualTo("timestamp");
        assertThat(run.query().sql()).isEqualTo(
                "SELECT \"id\", \"v\", \"up dated\" FROM \"public\".\"events\" WHERE \"up dated\" >= ?");
        assertThat(run.query().parameters()).containsExactly(WALL.minusSeconds(60));
        assertThat(run.bound()).contains(new Watermark(ColumnType.TIMESTAMP, WALL.minusSeconds(60)));
        assertThat(run.describe()).isEqualTo("incremental run from timestamp 2024-03-31T01:29:00.000001"
                + " (watermark timestamp 2024-03-31T01:30:00.000001)");

        Watermark later = new Watermark(ColumnType.TIMESTAMP, WALL.plusNanos(1_000));
        assertThat(run.next("run-2", Optional.of(later))).isEqualTo(new WatermarkState("up dated", later, "run-2", 1));
        assertThat(run.next("run-2", Optional.empty()))
                .as("a run that read no row keeps the watermark")
                .isEqualTo(new WatermarkState("up dated", LOCAL_MARK, "run-2", 1));
    }

    @Test
    void bindsTheDialectsParameterForEachColumnType() {
        WatermarkState instant = new WatermarkState("up dated", INSTANT_MARK, "r", 0);
        assertThat(plan(new PostgresDialect(), "timestamptz", settings(0, 0), Optional.of(instant)).query().parameters())
                .containsExactly(OffsetDateTime.of(2024, 3, 31, 1, 30, 0, 1_000, ZoneOffset.UTC));
        TimestampRunPlan mysql = plan(new MySqlDialect(), "TIMESTAMP", settings(1, 0), Optional.of(instant));
        assertThat(mysql.query().sql()).isEqualTo("SELECT `id`, `v`, `up dated` FROM `shop`.`events` WHERE `up dated` >= ?");
        assertThat(mysql.query().parameters()).containsExactly("2024-03-31 01:29:59.000001");
        WatermarkState local = new WatermarkState("up dated", LOCAL_MARK, "r", 0);
        assertThat(plan(new MySqlDialect(), "DATETIME", settings(0, 0), Optional.of(local)).query().parameters())
                .containsExactly("2024-03-31 01:30:00.000001");
        WatermarkState date = new WatermarkState("up dated", new Watermark(ColumnType.DATE, LocalDate.of(2024, 3, 1)),
                "r", 0);
        assertThat(plan(new PostgresDialect(), "date", settings(60, 0), Optional.of(date)).query().parameters())
                .containsExactly(LocalDate.of(2024, 2, 29));
        assertThat(plan(new MySqlDialect(), "DATE", settings(0, 0), Optional.of(date)).query().parameters())
                .containsExactly("2024-03-01");
    }

    @Test
    void everyNthRunIsAFullReconcile() {
        // n = 3: full, incremental, incremental, full, ...
        List<String> methods = new ArrayList<>();
        Optional<WatermarkState> stored = Optional.empty();
        for (int run = 1; run <= 7; run++) {
            TimestampRunPlan plan = plan(new PostgresDialect(), "timestamp", settings(0, 3), stored);
            methods.add(plan.markerMethod());
            stored = Optional.of(plan.next("run-" + run, Optional.of(LOCAL_MARK)));
        }
        assertThat(methods).containsExactly("hash", "timestamp", "timestamp", "hash", "timestamp", "timestamp", "hash");
        assertThat(plan(new PostgresDialect(), "timestamp", settings(0, 3),
                Optional.of(new WatermarkState("up dated", LOCAL_MARK, "r", 2))).fullReason())
                .contains("reconcile (every 3 runs)");

        assertThat(TimestampRunPlan.reconcileDue(0, 1_000_000)).as("0 = never").isFalse();
        assertThat(TimestampRunPlan.reconcileDue(1, 0)).as("1 = every run").isTrue();
        assertThat(TimestampRunPlan.reconcileDue(2, 0)).isFalse();
        assertThat(TimestampRunPlan.reconcileDue(2, 1)).isTrue();
        assertThat(TimestampRunPlan.reconcileDue(3, 5)).as("overdue after a configuration change").isTrue();
    }

    @Test
    void aWatermarkThatDoesNotFitTheColumnIsNotUsed() {
        assertThat(plan(new PostgresDialect(), "timestamp", settings(0, 0),
                Optional.of(new WatermarkState("created_at", LOCAL_MARK, "r", 0))).fullReason())
                .contains("the stored watermark is of column created_at, the timestamp column is now up dated");
        assertThat(plan(new PostgresDialect(), "timestamptz", settings(0, 0),
                Optional.of(new WatermarkState("up dated", LOCAL_MARK, "r", 0))).fullReason())
                .contains("the stored watermark is a timestamp, column up dated is now a timestamp_tz");
        TimestampRunPlan noValue = plan(new PostgresDialect(), "timestamp", settings(0, 0),
                Optional.of(new WatermarkState("up dated", null, "r", 4)));
        assertThat(noValue.fullReason()).contains("no row had a timestamp in the last run");
        assertThat(noValue.next("r2", Optional.empty()).runsSinceReconcile()).isZero();
    }

    @Test
    void theTimestampColumnMustExistAndHoldTimestamps() {
        assertThatThrownBy(() -> ExtractionPlan.plan(table(Map.of("method", "timestamp", "timestamp_column", "nope")),
                new PostgresDialect(), PG_LOCATION, columns("timestamp"), List.of("id")))
                .isInstanceOf(SourceSchemaException.class)
                .hasMessageContaining("timestamp_column column(s) [nope] not found in table public.events");
        assertThatThrownBy(() -> ExtractionPlan.plan(table(Map.of("method", "timestamp", "timestamp_column", "v")),
                new PostgresDialect(), PG_LOCATION, columns("timestamp"), List.of("id")))
                .isInstanceOf(SourceSchemaException.class)
                .hasMessageContaining("timestamp_column v of table public.events (datasource shop) is of type text")
                .hasMessageContaining("must be a timestamp, a timestamp with time zone or a date, not string");
        assertThat(ExtractionPlan.plan(table(Map.of("timestamp_column", "v")), new PostgresDialect(), PG_LOCATION,
                columns("timestamp"), List.of("id")).selectSql()).as("hash tables ignore timestamp_column")
                .startsWith("SELECT");
    }

    private static Map<String, Object> settings(int overlapSeconds, int reconcileEvery) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("method", "timestamp");
        settings.put("timestamp_column", "up dated");
        settings.put("timestamp_overlap_seconds", overlapSeconds);
        settings.put("reconcile_every_n_runs", reconcileEvery);
        return settings;
    }

    private static TimestampRunPlan plan(Dialect dialect, String tsType, Map<String, Object> settings,
                                         Optional<WatermarkState> stored) {
        TableConfig table = table(settings);
        TableLocation location = dialect instanceof MySqlDialect ? MYSQL_LOCATION : PG_LOCATION;
        ExtractionPlan extraction = ExtractionPlan.plan(table, dialect, location, columns(tsType), List.of("id"));
        return TimestampRunPlan.plan(table, dialect, extraction, stored);
    }

    private static List<SourceColumn> columns(String tsType) {
        int jdbcType = switch (tsType) {
            case "date", "DATE" -> Types.DATE;
            case "timestamptz" -> Types.TIMESTAMP_WITH_TIMEZONE;
            default -> Types.TIMESTAMP;
        };
        return List.of(
                new SourceColumn("id", Types.INTEGER, "int4", 10, 0, false),
                new SourceColumn("v", Types.VARCHAR, "text", 0, 0, true),
                new SourceColumn("up dated", jdbcType, tsType, 26, 6, true));
    }

    private static TableConfig table(Map<String, Object> settings) {
        return TestConfigs.builder()
                .datasource("shop", "jdbc:postgresql://localhost/shop", "u", "p")
                .table("events", "shop", settings)
                .build().table("events");
    }
}
