package io.cdcflow.writer.core;

import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.SchemaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Tracks which rows-topic partitions have reported the end of one run. The run is finished once every
 * partition it spans has reported ({@code PARTITION_DONE}); it is complete if every report says
 * {@value FeedMessage#COMPLETE}. Not thread-safe.
 */
public final class RunProgress {
    private final RunKey run;
    private final long runStartedMs;
    private final String method;
    private final SortedMap<Integer, PartitionReport> reports = new TreeMap<>();
    private int partitions;
    private String schemaJson;
    private SchemaChange schemaChange;

    /**
     * @param run the run
     * @param runStartedMs the run's start, epoch milliseconds
     * @param method the run's CDC method
     */
    public RunProgress(RunKey run, long runStartedMs, String method) {
        this.run = run;
        this.runStartedMs = runStartedMs;
        this.method = method;
    }

    /** Progress of the run of {@code first}, the first feed message seen of it. */
    public static RunProgress startedBy(FeedMessage first) {
        return new RunProgress(RunKey.of(first), first.runStartedMs(), first.method());
    }

    /**
     * Records a {@code PARTITION_DONE} message of this run. A repeated report of the same partition
     * replaces the earlier one. The first report carrying a schema sets the run's schema.
     *
     * @throws IllegalArgumentException if the message is not a well-formed partition report of this run
     */
    public void partitionDone(FeedMessage done) {
        if (!FeedMessage.PARTITION_DONE.equals(done.type()) || !RunKey.of(done).equals(run)) {
            throw new IllegalArgumentException("not a partition report of run " + run);
        }
        if (done.partition() == null || done.partitions() == null || done.partitions() < 1) {
            throw new IllegalArgumentException("partition report of run " + run + " lacks partition numbers");
        }
        partitions = done.partitions();
        String status = done.status() == null ? "no status reported" : done.status();
        Counts counts = done.counts() == null ? Counts.ZERO : done.counts();
        reports.put(done.partition(), new PartitionReport(done.partition(), status, counts));
        if (schemaJson == null) {
            schemaJson = done.schemaJson();
        }
        if (schemaChange == null) {
            schemaChange = done.schemaChange();
        }
    }

    /** Whether every partition the run spans has reported. */
    public boolean finished() {
        return partitions > 0 && reports.size() >= partitions;
    }

    /** Whether every reported partition completed its part. */
    public boolean complete() {
        return reports.values().stream().allMatch(PartitionReport::complete);
    }

    /**
     * Why the run is incomplete, one clause per distinct status of the incomplete partitions
     * ({@code partition 1: …} or {@code partitions 0, 2: …}); empty when complete.
     */
    public Optional<String> incompleteReason() {
        if (complete()) {
            return Optional.empty();
        }
        Map<String, List<Integer>> byStatus = new LinkedHashMap<>();
        reports.values().stream().filter(report -> !report.complete()).forEach(report ->
                byStatus.computeIfAbsent(report.status(), s -> new ArrayList<>()).add(report.partition()));
        return Optional.of(byStatus.entrySet().stream()
                .map(e -> (e.getValue().size() == 1 ? "partition " : "partitions ")
                        + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + ": " + e.getKey())
                .collect(Collectors.joining("; ")));
    }

    /** The counts of all reported partitions, summed. */
    public Counts counts() {
        return reports.values().stream().map(PartitionReport::counts).reduce(Counts.ZERO, Counts::plus);
    }

    /** The table's Avro schema JSON of the run, if any report carried one. */
    public Optional<String> schemaJson() {
        return Optional.ofNullable(schemaJson);
    }

    /** How the run's schema differs from the previous run's, if any report said so. */
    public Optional<SchemaChange> schemaChange() {
        return Optional.ofNullable(schemaChange);
    }

    public RunKey run() {
        return run;
    }

    public long runStartedMs() {
        return runStartedMs;
    }

    public String method() {
        return method;
    }
}
