package io.cdcflow.standalone.core;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the run events say about one run of one table.
 *
 * @param datasource the table's datasource (null when only a failed event for an unknown table exists)
 * @param table the table
 * @param runId the run
 * @param state the last state: the first terminal state seen, else the latest event's
 * @param started when the run started: its first {@code started} event, else its first event
 * @param ended when it reached its terminal state; null while it is running
 * @param rows rows extracted (the largest {@code counts.rows} reported); null if none yet
 * @param changes the change counts of the latest diffed/written/failed event with counts; null if none
 * @param files the object names of the terminal event; empty if none
 * @param error why the run failed; null unless failed
 */
public record RunStatus(String datasource, String table, String runId, RunEvent.State state, Instant started,
        Instant ended, Long rows, Counts changes, List<String> files, String error) {

    /** How long the run took; empty while it runs. */
    public Optional<Duration> duration() {
        return ended == null || started == null ? Optional.empty() : Optional.of(Duration.between(started, ended));
    }
}
