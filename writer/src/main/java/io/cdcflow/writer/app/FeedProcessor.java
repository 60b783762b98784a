package io.cdcflow.writer.app;

import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.writer.core.ChangeImage;
import io.cdcflow.writer.core.FeedPartitionOffsets;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.RunProgress;
import io.cdcflow.writer.io.SpillStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies writer-feed messages, partition by partition: spills each change of an open run, records
 * partition reports, and hands a run to the {@link RunFinisher} once all its partitions reported. Runs
 * whose set is already stored (re-consumed after a restart) are skipped. Keeps, per feed partition,
 * the offset that is safe to commit. A run the object store refused for good is parked: its spill is
 * deleted, but it stays open in the offsets, so nothing past its first message is committed while the
 * partition's other runs go on being written. Not thread-safe: used by the writer's thread only.
 */
final class FeedProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FeedProcessor.class);

    private final SpillStore spills;
    private final RunFinisher finisher;
    private final Map<Integer, PartitionState> partitions = new HashMap<>();

    /** What the writer holds for one feed partition. */
    private static final class PartitionState {
        final FeedPartitionOffsets offsets = new FeedPartitionOffsets();
        final Map<RunKey, OpenRun> openRuns = new LinkedHashMap<>();
        final Map<RunKey, RunProgress> writtenBefore = new HashMap<>();
        /** Runs the object store refused for good: still open for the offsets, messages ignored. */
        final Set<RunKey> parked = new HashSet<>();
    }

    FeedProcessor(SpillStore spills, RunFinisher finisher) {
        this.spills = spills;
        this.finisher = finisher;
    }

    /**
     * Applies one feed message.
     *
     * @param partition the feed partition it came from
     * @param offset its offset
     * @param value its value, FeedMessage JSON
     * @return whether a run was finished (written), so that offsets may be committed now
     */
    boolean handle(int partition, long offset, byte[] value) {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
        FeedMessage message = parse(partition, offset, value);
        boolean finished = false;
        if (message != null) {
            RunKey run = RunKey.of(message);
            MDC.put("datasource", run.datasource());
            MDC.put("table", run.table());
            MDC.put("run_id", run.runId());
            try {
                finished = apply(partition, offset, state, message, run);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill run " + run, e);
            } finally {
                MDC.remove("datasource");
                MDC.remove("table");
                MDC.remove("run_id");
            }
        }
        state.offsets.processed(offset);
        return finished;
    }

    /** The offset to commit for a partition, if any message of it was handled. */
    OptionalLong committable(int partition) {
        PartitionState state = partitions.get(partition);
        return state == null ? OptionalLong.empty() : state.offsets.committable();
    }

    /** Forgets a partition and deletes its spill files (partition revoked, lost or newly assigned). */
    void drop(int partition) {
        PartitionState state = partitions.remove(partition);
        try {
            if (state != null) {
                for (OpenRun run : state.openRuns.values()) {
                    run.spill().close();
                }
            }
            spills.clearPartition(partition);
        } catch (IOException e) {
            LOG.warn("Cannot delete the spill files of feed partition {}: {}", partition, e.toString());
        }
    }

    /** Forgets every partition and deletes all spill files. */
    void dropAll() {
        Map.copyOf(partitions).keySet().forEach(this::drop);
    }

    private boolean apply(int partition, long offset, PartitionState state, FeedMessage message, RunKey run)
            throws IOException {
        if (state.parked.contains(run)) {
            return false;
        }
        RunProgress skipped = state.writtenBefore.get(run);
        if (skipped != null) {
            skip(partition, offset, state, skipped, message);
            return false;
        }
        OpenRun open = state.openRuns.get(run);
        if (open == null) {
            RunProgress progress = RunProgress.startedBy(message);
            if (finisher.writtenBefore(progress)) {
                state.writtenBefore.put(run, progress);
                skip(partition, offset, state, progress, message);
                return false;
            }
            open = new OpenRun(progress, spills.create(partition, run));
            state.openRuns.put(run, open);
            state.offsets.opened(run, offset);
            LOG.debug("Run {} opened at feed partition {} offset {}", run, partition, offset);
        }
        if (message.isChange()) {
            appendChange(partition, offset, open, message);
            return false;
        }
        if (!recordReport(partition, offset, open.progress(), message) || !open.progress().finished()) {
            return false;
        }
        RunFinisher.Outcome outcome = finisher.finish(open.progress(), open.spill());
        open.spill().delete();
        state.openRuns.remove(run);
        if (outcome == RunFinisher.Outcome.PARKED) {
            state.parked.add(run);
        } else {
            state.offsets.closed(run);
        }
        return true;
    }

    /** Follows the reports of a run written before, to forget it once all its partitions reported. */
    private static void skip(int partition, long offset, PartitionState state, RunProgress run, FeedMessage message) {
        if (!message.isChange() && recordReport(partition, offset, run, message) && run.finished()) {
            state.writtenBefore.remove(run.run());
        }
    }

    private static boolean recordReport(int partition, long offset, RunProgress run, FeedMessage message) {
        try {
            run.partitionDone(message);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.error("Skipping malformed feed message at partition {} offset {}: {}", partition, offset,
                    e.getMessage());
            return false;
        }
    }

    private static void appendChange(int partition, long offset, OpenRun open, FeedMessage message)
            throws IOException {
        ChangeImage image;
        try {
            image = ChangeImage.of(message);
        } catch (IllegalArgumentException e) {
            LOG.error("Skipping malformed change at feed partition {} offset {}: {}", partition, offset,
                    e.getMessage());
            return;
        }
        open.spill().append(image);
    }

    private static FeedMessage parse(int partition, long offset, byte[] value) {
        try {
            FeedMessage message = value == null ? null : FeedMessage.parse(value);
            if (message == null || message.datasource() == null || message.table() == null || message.runId() == null) {
                LOG.error("Skipping feed message without run at partition {} offset {}", partition, offset);
                return null;
            }
            return message;
        } catch (UncheckedIOException e) {
            LOG.error("Skipping malformed feed message at partition {} offset {}: {}", partition, offset,
                    e.getCause().getMessage());
            return null;
        }
    }
}
