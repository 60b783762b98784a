package io.cdcflow.standalone.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-table result {@code cdc run} prints, in the shape of the seed's {@code process_table}
 * result so that scripts parsing it keep working.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(
        @JsonProperty("status") String status,
        @JsonProperty("table_name") String tableName,
        @JsonProperty("datasource") String datasource,
        @JsonProperty("method") String method,
        @JsonProperty("run_id") String runId,
        @JsonProperty("changes") Map<String, Long> changes,
        @JsonProperty("rows_read") Long rowsRead,
        @JsonProperty("snapshot") Snapshot snapshot,
        @JsonProperty("error") String error) {

    /** The files part. */
    public record Snapshot(
            @JsonProperty("status") String status,
            @JsonProperty("format") String format,
            @JsonProperty("files_saved") List<String> filesSaved,
            @JsonProperty("total_files") int totalFiles) {
    }

    /**
     * The result of a run from its terminal event, or a timeout result when there is none.
     *
     * @param terminal the run's written/failed event, or null when the wait timed out
     */
    public static RunResult of(String table, String datasource, String method, String format, String runId,
                               RunEvent terminal) {
        if (terminal == null) {
            return new RunResult("error", table, datasource, method, runId, null, null, null,
                    "timed out waiting for the run to finish");
        }
        Counts counts = terminal.counts() == null ? Counts.ZERO : terminal.counts();
        Map<String, Long> changes = new LinkedHashMap<>();
        changes.put("added", counts.added());
        changes.put("modified", counts.modified());
        changes.put("deleted", counts.deleted());
        List<String> files = terminal.files() == null ? List.of() : terminal.files();
        boolean written = terminal.state() == RunEvent.State.WRITTEN;
        // the run's own method: a timestamp table's full (reconcile) run reports "hash"
        String ranWith = terminal.method() != null ? terminal.method() : method;
        return new RunResult(written ? "success" : "error", table, datasource, ranWith, runId,
                changes, counts.rows(),
                new Snapshot(written ? "success" : "error", format, files, files.size()),
                terminal.error());
    }

    public boolean success() {
        return "success".equals(status);
    }
}
