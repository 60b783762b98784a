package io.cdcflow.writer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Counts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static final List<SummaryFile> FILES = List.of(
            new SummaryFile("snapshots/crm/users/20241215_143022_added.csv", "added", 2, 120),
            new SummaryFile("snapshots/crm/users/20241215_143022_modified.csv", "modified", 1, 80),
            new SummaryFile("snapshots/crm/users/20241215_143022_deleted.csv", "deleted", 0, 60));

    private static RunSummary summary(String status, String reason) {
        return new RunSummary("run-1", "crm", "users", "hash", "20241215_143022",
                Instant.parse("2024-12-15T14:30:22.250Z"), status, reason, RunSummary.Changes.of(FILES), 10, 7, "csv",
                null, FILES, "00112233aabbccdd");
    }

    @Test
    void rendersTheDocumentedFieldsInOrderAndParsesBack() {
        RunSummary summary = summary(RunSummary.COMPLETE, null);
        String json = new String(summary.toJson(), StandardCharsets.UTF_8);

        assertThat(json.replaceAll("\\s", "")).isEqualTo("{\"run_id\":\"run-1\",\"datasource\":\"crm\",\"table\":\"users\","
                + "\"method\":\"hash\",\"timestamp\":\"20241215_143022\",\"run_started\":\"2024-12-15T14:30:22.250Z\","
                + "\"status\":\"complete\",\"changes\":{\"added\":2,\"modified\":1,\"deleted\":0},\"rows_read\":10,"
                + "\"rows_unchanged\":7,\"format\":\"csv\",\"files\":["
                + "{\"path\":\"snapshots/crm/users/20241215_143022_added.csv\",\"operation\":\"added\",\"rows\":2,\"bytes\":120},"
                + "{\"path\":\"snapshots/crm/users/20241215_143022_modified.csv\",\"operation\":\"modified\",\"rows\":1,\"bytes\":80},"
                + "{\"path\":\"snapshots/crm/users/20241215_143022_deleted.csv\",\"operation\":\"deleted\",\"rows\":0,\"bytes\":60}],"
                + "\"schema_fingerprint\":\"00112233aabbccdd\"}");
        assertThat(RunSummary.parse(summary.toJson())).isEqualTo(summary);
        assertThat(summary.toJson()).isEqualTo(summary(RunSummary.COMPLETE, null).toJson());
    }

    @Test
    void exposesCountsAndObjectNames() {
        RunSummary summary = summary(RunSummary.INCOMPLETE, "partition 1: aborted");

        assertThat(summary.complete()).isFalse();
        assertThat(summary.counts()).isEqualTo(new Counts(10, 2, 1, 0, 7));
        assertThat(summary.objectNames("s.json")).containsExactly(FILES.get(0).path(), FILES.get(1).path(),
                FILES.get(2).path(), "s.json");
        assertThat(new String(summary.toJson(), StandardCharsets.UTF_8))
                .contains("\"incomplete_reason\" : \"partition 1: aborted\"");
    }
}
