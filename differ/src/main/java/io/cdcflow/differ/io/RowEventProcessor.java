package io.cdcflow.differ.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Operation;
import io.cdcflow.common.core.RowEvent;
import io.cdcflow.common.core.RowKeys;
import io.cdcflow.common.core.SchemaChange;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.differ.core.RowDiffer;
import io.cdcflow.differ.core.RowState;
import io.cdcflow.differ.core.RunProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies the run protocol of {@link RowEvent} to one rows-topic partition: classifies rows against
 * the row-state store, emits changes, and on a complete END marker emits the deletes of the run and
 * reports the partition done to the writer. The diff rules themselves live in {@link RowDiffer}.
 *
 * <p>Everything this processor writes (stores, changelogs, outputs) commits atomically with the
 * input offsets under {@code exactly_once_v2}, so a crash at any point replays to the same result.
 */
final class RowEventProcessor implements Processor<String, RowEvent, String, Routed> {
    private static final Logger LOG = LoggerFactory.getLogger(RowEventProcessor.class);
    /** Keys deleted per pass over the store, bounding memory for mass deletes. */
    private static final int DELETE_BATCH = 10_000;

    private final TopicNames topics;
    private final Predicate<String> keepImages;
    private final boolean tombstones;
    private final DifferMetrics metrics;
    private final ChangeRenderer renderer;

    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, byte[]> rowState;
    private KeyValueStore<String, byte[]> progressStore;
    private RowImages images;

    RowEventProcessor(TopicNames topics, Predicate<String> keepImages, boolean tombstones) {
        this(topics, keepImages, tombstones, DifferMetrics.NONE);
    }

    RowEventProcessor(TopicNames topics, Predicate<String> keepImages, boolean tombstones, DifferMetrics metrics) {
        this(topics, keepImages, tombstones, metrics, ChangeRenderer.JSON);
    }

    RowEventProcessor(TopicNames topics, Predicate<String> keepImages, boolean tombstones, DifferMetrics metrics,
                      ChangeRenderer renderer) {
        this.renderer = renderer;
        this.metrics = metrics;
        this.topics = topics;
        this.keepImages = keepImages;
        this.tombstones = tombstones;
    }

    @Override
    public void init(ProcessorContext<String, Routed> processorContext) {
        this.context = processorContext;
        this.rowState = processorContext.getStateStore(DifferTopology.ROW_STATE_STORE);
        this.progressStore = processorContext.getStateStore(DifferTopology.RUN_PROGRESS_STORE);
        this.images = new RowImages(processorContext.getStateStore(DifferTopology.SCHEMA_STORE));
    }

    @Override
    public void process(Record<String, RowEvent> record) {
        RowEvent event = record.value();
        if (event == null) {
            return;
        }
        if (event.kind() == RowEvent.Kind.ROW || event.kind() == RowEvent.Kind.BATCH) {
            rows(event, event.rows(record.key()));
            return;
        }
        // Markers are where the differ logs: they carry the run for the log context.
        MDC.put("datasource", event.datasource());
        MDC.put("table", event.table());
        MDC.put("run_id", event.runId());
        try {
            if (event.kind() == RowEvent.Kind.START) {
                start(event);
            } else {
                end(event);
            }
        } finally {
            MDC.remove("datasource");
            MDC.remove("table");
            MDC.remove("run_id");
        }
    }

    private void start(RowEvent event) {
        String tableId = event.tableId();
        RunProgress current = progress(tableId);
        if (current != null && current.runId().equals(event.runId()) && current.attempt().equals(event.attempt())) {
            return;
        }
        if (current != null && current.reusedBy(event.runId(), event.runStartedMs())) {
            refuse(event, current);
            return;
        }
        if (current != null && !current.finished() && !current.runId().equals(event.runId())) {
            LOG.warn("Run {} of {} was abandoned before its end marker; run {} supersedes it",
                    current.runId(), tableId, event.runId());
            reportDone(event.datasource(), event.table(), current, event.partitions(),
                    "abandoned: superseded by run " + event.runId());
        }
        String fingerprint = images.register(event.schemaJson());
        // A new attempt of the same run keeps the change counts: changes emitted by the earlier
        // attempt are final, and its rows come back as REPEATED rather than as changes.
        Counts counts = current != null && current.runId().equals(event.runId()) ? current.counts() : Counts.ZERO;
        SchemaChange schemaChange = RunProgress.schemaChange(current, event.runId(), fingerprint);
        if (schemaChange != null && (current == null || !current.runId().equals(event.runId()))) {
            LOG.info("Schema of {} changed with run {}: {} -> {}", tableId, event.runId(), schemaChange.previous(),
                    schemaChange.current());
        }
        progressStore.put(tableId, new RunProgress(event.runId(), event.attempt(), event.method(),
                event.runStartedMs(), fingerprint, 0, counts, false, schemaChange).toBytes());
    }

    /**
     * Refuses a new run that reuses the id of the table's last run (finding F-1): its rows would
     * compare as re-deliveries of that run. The stored progress stays the old run's, so the new run's
     * rows and END are ignored, and a retry of it is refused again.
     */
    private void refuse(RowEvent event, RunProgress current) {
        String status = current.reusedRunIdStatus();
        LOG.warn("Run {} of {} refused: {}", event.runId(), event.tableId(), status);
        RunProgress refused = new RunProgress(event.runId(), event.attempt(), event.method(), event.runStartedMs(),
                images.register(event.schemaJson()), 0, Counts.ZERO, true);
        reportDone(event.datasource(), event.table(), refused, event.partitions(), status);
    }

    /** The rows of one ROW or BATCH record; the run's progress is read and written once per record. */
    private void rows(RowEvent event, List<RowEvent.BatchRow> rows) {
        String tableId = event.tableId();
        RunProgress current = progress(tableId);
        if (current == null || current.finished() || !current.runId().equals(event.runId())
                || !current.attempt().equals(event.attempt())) {
            LOG.debug("Ignoring {} row(s) of {} run {} attempt {} outside its run", rows.size(), tableId,
                    event.runId(), event.attempt());
            return;
        }
        Counts before = current.counts();
        long duplicatesBefore = current.duplicates();
        for (RowEvent.BatchRow row : rows) {
            current = row(row, event, current);
        }
        progressStore.put(tableId, current.toBytes());
        countVerdicts(event, before, current.counts(), current.duplicates() - duplicatesBefore, rows.size());
    }

    /** Records the record's rows by verdict in the metrics, once per record rather than per row. */
    private void countVerdicts(RowEvent event, Counts before, Counts after, long duplicates, int rows) {
        long added = after.added() - before.added();
        long modified = after.modified() - before.modified();
        long unchanged = after.unchanged() - before.unchanged();
        long repeated = rows - added - modified - unchanged - duplicates;
        metrics.rows(event.datasource(), event.table(), "added", added);
        metrics.rows(event.datasource(), event.table(), "modified", modified);
        metrics.rows(event.datasource(), event.table(), "unchanged", unchanged);
        metrics.rows(event.datasource(), event.table(), "repeated", repeated);
        metrics.rows(event.datasource(), event.table(), "duplicate", duplicates);
    }

    /** Diffs one row of the run {@code current}; returns the progress with the row counted. */
    private RunProgress row(RowEvent.BatchRow row, RowEvent event, RunProgress current) {
        String key = row.key();
        String tableId = event.tableId();
        byte[] stored = rowState.get(key);
        RowState previous = stored == null ? null : RowState.fromBytes(stored);
        long attempt = RowState.attemptTag(event.attempt());
        RowDiffer.Verdict verdict = RowDiffer.classify(previous, row.hash(), event.runId(), attempt);
        if (verdict == RowDiffer.Verdict.DUPLICATE) {
            // the state keeps the attempt's first row of the key; the run fails at END
            return current.withDuplicate(RowKeys.primaryKeyOf(key));
        }
        RunProgress counted = current.withRow(verdict);
        long chunk = RowDiffer.chunkOf(previous, row.chunk());
        byte[] image = keepImages.test(tableId) ? row.row() : null;
        // REPEATED writes too: the state must learn this attempt to see the key come twice in it
        rowState.put(key, new RowState(row.hash(), event.runId(), image, chunk, attempt).toBytes());
        if (verdict == RowDiffer.Verdict.REPEATED || verdict == RowDiffer.Verdict.UNCHANGED) {
            return counted;
        }
        TableSchema table = images.table(current.schemaFingerprint());
        JsonNode before = verdict == RowDiffer.Verdict.MODIFIED ? images.toJson(previous.image()) : null;
        JsonNode after = images.toJson(row.row());
        Operation op = verdict == RowDiffer.Verdict.ADDED ? Operation.ADDED : Operation.MODIFIED;
        emit(table, key, current, op, before, after);
        return counted;
    }

    private void end(RowEvent event) {
        String tableId = event.tableId();
        RunProgress current = progress(tableId);
        if (current == null || !current.runId().equals(event.runId()) || !current.attempt().equals(event.attempt())
                || current.finished()) {
            return;
        }
        String status;
        String duplicates = current.duplicateKeyStatus(tableId);
        if (!event.ok()) {
            status = "extraction " + event.status();
        } else if (current.seen() != event.count()) {
            status = "incomplete: partition saw " + current.seen() + " of " + event.count() + " rows"
                    + (duplicates == null ? "" : "; " + duplicates);
        } else if (duplicates != null) {
            status = duplicates;
        } else {
            status = FeedMessage.COMPLETE;
            if (RowDiffer.seesWholeTable(current.method())) {
                current = emitDeletes(tableId, current, Set.copyOf(event.sparedChunks()));
            }
        }
        if (!FeedMessage.COMPLETE.equals(status)) {
            LOG.warn("Run {} of {} is not complete in partition {}: {}; no deletes emitted",
                    current.runId(), tableId, context.recordMetadata().map(m -> m.partition()).orElse(-1), status);
        }
        RunProgress finished = current.finish();
        progressStore.put(tableId, finished.toBytes());
        reportDone(event.datasource(), event.table(), finished, event.partitions(), status);
    }

    private RunProgress emitDeletes(String tableId, RunProgress current, Set<Long> sparedChunks) {
        TableSchema table = images.table(current.schemaFingerprint());
        String prefix = RowKeys.prefix(tableId);
        String from = prefix;
        String to = prefix.substring(0, prefix.length() - 1) + (char) (RowKeys.SEPARATOR + 1);
        long deleted = 0;
        while (true) {
            List<KeyValue<String, RowState>> batch = new ArrayList<>();
            String last = null;
            try (KeyValueIterator<String, byte[]> it = rowState.range(from, to)) {
                while (it.hasNext() && batch.size() < DELETE_BATCH) {
                    KeyValue<String, byte[]> entry = it.next();
                    last = entry.key;
                    RowState state = RowState.fromBytes(entry.value);
                    if (RowDiffer.deletedBy(state, current.runId(), sparedChunks)) {
                        batch.add(KeyValue.pair(entry.key, state));
                    }
                }
            }
            for (KeyValue<String, RowState> entry : batch) {
                rowState.delete(entry.key);
                emit(table, entry.key, current, Operation.DELETED, images.toJson(entry.value.image()), null);
            }
            deleted += batch.size();
            if (last == null || batch.size() < DELETE_BATCH) {
                break;
            }
            from = last + RowKeys.SEPARATOR;
        }
        return current.withDeletes(deleted);
    }

    private void emit(TableSchema table, String rowKey, RunProgress run, Operation op, JsonNode before, JsonNode after) {
        JsonNode key = RowKeys.primaryKeyObject(table, rowKey);
        ChangeEvent change = new ChangeEvent(op.code(), before, after,
                new ChangeEvent.Source(table.datasource(), table.table(), run.runId(), run.runStartedMs()));
        String changesTopic = topics.changes(table.datasource(), table.table());
        String keyJson = key.toString();
        long timestamp = run.runStartedMs();
        ChangeRenderer.Rendered rendered = renderer.render(changesTopic, table, key, change);
        context.forward(new Record<>(keyJson, new Routed(changesTopic, rendered.key(), rendered.value()), timestamp));
        metrics.change(table.datasource(), table.table(), op);
        if (op == Operation.DELETED && tombstones) {
            context.forward(new Record<>(keyJson, new Routed(changesTopic, rendered.key(), null), timestamp));
        }
        FeedMessage feed = FeedMessage.change(run.method(), run.runStartedMs(), key, change);
        context.forward(new Record<>(table.tableId(), new Routed(topics.writerFeed(), feed.toJson()), timestamp));
    }

    private void reportDone(String datasource, String table, RunProgress run, int partitions, String status) {
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
        RowEvent end = new RowEvent.RunAttempt(datasource, table, run.runId(), run.attempt(), run.runStartedMs(),
                run.method()).end(partitions, run.seen(), status);
        String schemaJson = images.schemaJson(run.schemaFingerprint());
        FeedMessage done = FeedMessage.partitionDone(end, partition, status, run.counts(), schemaJson,
                run.schemaChange());
        context.forward(new Record<>(end.tableId(), new Routed(topics.writerFeed(), done.toJson()), run.runStartedMs()));
        metrics.partitionDone(datasource, table, FeedMessage.COMPLETE.equals(status));
        LOG.info("Partition {} finished run {} of {}: {} ({})", partition, run.runId(), end.tableId(), status,
                run.counts());
    }

    private RunProgress progress(String tableId) {
        byte[] bytes = progressStore.get(tableId);
        return bytes == null ? null : RunProgress.fromBytes(bytes);
    }
}
