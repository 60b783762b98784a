package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Operation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotObjectNamesTest {

    private static final long RUN_START_MS = Instant.parse("2024-12-15T14:30:22.987Z").toEpochMilli();

    @Test
    void timestampIsTheRunStartSecondInUtc() {
        SnapshotTimestamp timestamp = SnapshotTimestamp.ofRunStart(RUN_START_MS);

        assertThat(timestamp.text()).isEqualTo("20241215_143022");
        assertThat(timestamp.next().text()).isEqualTo("20241215_143023");
        assertThat(new SnapshotTimestamp(Instant.parse("2024-12-31T23:59:59Z").getEpochSecond()).next().text())
                .isEqualTo("20250101_000000");
    }

    @Test
    void namesFollowTheSeedLayout() {
        SnapshotObjectNames names = new SnapshotObjectNames("mysql_prod", "users",
                SnapshotTimestamp.ofRunStart(RUN_START_MS), "json.gz");

        assertThat(names.dataFile(Operation.ADDED)).isEqualTo("snapshots/mysql_prod/users/20241215_143022_added.json.gz");
        assertThat(names.dataFile(Operation.MODIFIED)).isEqualTo("snapshots/mysql_prod/users/20241215_143022_modified.json.gz");
        assertThat(names.dataFile(Operation.DELETED)).isEqualTo("snapshots/mysql_prod/users/20241215_143022_deleted.json.gz");
        assertThat(names.summary()).isEqualTo("snapshots/mysql_prod/users/20241215_143022_summary.json");
        assertThat(SnapshotObjectNames.directory("mysql_prod", "users")).isEqualTo("snapshots/mysql_prod/users/");
    }
}
