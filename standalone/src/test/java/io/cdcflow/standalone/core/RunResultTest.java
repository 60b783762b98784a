package io.cdcflow.standalone.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultTest {
    private static final List<String> FILES = List.of("snapshots/shop/users/20241215_143022_added.json",
            "snapshots/shop/users/20241215_143022_summary.json");

    @Test
    void writtenRunRendersTheSeedShape() throws Exception {
        RunEvent written = RunEvent.of("r1", "shop", "users", RunEvent.State.WRITTEN, Instant.EPOCH, "hash")
                .withCounts(new Counts(10, 5, 3, 1, 1)).withFiles(FILES);

        RunResult result = RunResult.of("users", "shop", "hash", "json", "r1", written);

        assertThat(result.success()).isTrue();
        assertThat(Json.MAPPER.writeValueAsString(result)).isEqualTo("{\"status\":\"success\",\"table_name\":\"users\","
                + "\"datasource\":\"shop\",\"method\":\"hash\",\"run_id\":\"r1\","
                + "\"changes\":{\"added\":5,\"modified\":3,\"deleted\":1},\"rows_read\":10,"
                + "\"snapshot\":{\"status\":\"success\",\"format\":\"json\",\"files_saved\":[\"" + FILES.get(0) + "\",\""
                + FILES.get(1) + "\"],\"total_files\":2}}");
    }

    @Test
    void reportsTheMethodTheRunActuallyUsed() {
        RunEvent reconcile = RunEvent.of("r2", "shop", "users", RunEvent.State.WRITTEN, Instant.EPOCH, "hash")
                .withCounts(Counts.ZERO).withFiles(FILES);
        assertThat(RunResult.of("users", "shop", "timestamp", "json", "r2", reconcile).method()).isEqualTo("hash");
    }

    @Test
    void failedAndTimedOutRunsAreErrors() {
        RunEvent failed = RunEvent.of("r3", "shop", "users", RunEvent.State.FAILED, Instant.EPOCH, "hash")
                .withError("table shop.users not found");
        RunResult result = RunResult.of("users", "shop", "hash", "json", "r3", failed);
        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("table shop.users not found");
        assertThat(RunResult.of("users", "shop", "hash", "json", "r4", null).error())
                .isEqualTo("timed out waiting for the run to finish");
    }
}
