package io.cdcflow.writer.app;

import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.RunProgress;
import io.cdcflow.writer.core.RunSummary;
import io.cdcflow.writer.core.SnapshotObjectNames;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import io.cdcflow.writer.core.SnapshotSlots;
import io.cdcflow.writer.core.SummaryFile;
import io.cdcflow.writer.core.UnwritableDataException;
import io.cdcflow.writer.io.ObjectStore;
import io.cdcflow.writer.io.ObjectStoreException;
import io.cdcflow.writer.io.RenderedFile;
import io.cdcflow.writer.io.RunEventPublisher;
import io.cdcflow.writer.io.RunSpill;
import io.cdcflow.writer.io.SnapshotFileRenderer;
import io.cdcflow.writer.io.SnapshotFormatWriter;
import io.cdcflow.writer.io.SnapshotFormatWriters;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a run whose partitions have all reported: publishes {@code diffed}, renders the data files
 * from the spill, uploads them and then the summary, and publishes {@code written} (or {@code failed}
 * for an incomplete run, after its files). Object store and broker failures are retried until they
 * succeed, so a finished run is always written before the writer moves past it. A run that cannot be
 * written (a format not supported, values a typed format cannot hold) fails with the reason and no
 * files, and the writer goes on. A run the object store refuses for good (credentials, permissions,
 * bucket, invalid key) is <em>parked</em>: ERROR, a {@code failed} event with the reason, its data
 * files removed again if possible, and the caller keeps its offsets uncommitted so that it is written
 * after the configuration is fixed and the writer restarted. Not thread-safe.
 */
final class RunFinisher {
    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);
    private static final String SUMMARY_CONTENT_TYPE = "application/json";

    private final SnapshotOptions options;
    private final SnapshotFormatWriters formats;
    private final ObjectStore store;
    private final RunEventPublisher events;
    private final Retrier retrier;
    private final Clock clock;

    RunFinisher(SnapshotOptions options, SnapshotFormatWriters formats, ObjectStore store,
            RunEventPublisher events, Retrier retrier, Clock clock) {
        this.options = options;
        this.formats = formats;
        this.store = store;
        this.events = events;
        this.retrier = retrier;
        this.clock = clock;
    }

    /**
     * Checks whether a run's snapshot set is already stored (its messages are being re-consumed after a
     * restart); if so, publishes its final event again, since a crash may have come before it was.
     *
     * @return whether the run was written before and its messages can be skipped
     */
    boolean writtenBefore(RunProgress run) {
        if (!options.enabled()) {
            return false;
        }
        SnapshotSlots.Slot slot;
        try {
            slot = findSlot(run);
        } catch (ObjectStoreException e) {
            // Refused for good; the run is opened and parked when it finishes (see finish).
            LOG.warn("Cannot look up the snapshot set of run {}: {}", run.run(), e.reason());
            return false;
        }
        if (slot instanceof SnapshotSlots.WrittenBefore written) {
            LOG.info("Run {} was written before as {}; skipping its re-delivered messages", run.run(),
                    written.timestamp());
            publishStoredOutcome(run, written);
            return true;
        }
        return false;
    }

    /** What became of a finished run. */
    enum Outcome {
        /** Written, skipped as written before, or failed for good: its messages are no longer needed. */
        DONE,
        /** Refused by the object store for good: keep its messages (do not commit past them). */
        PARKED
    }

    /**
     * Writes the finished run's files and publishes its events; see the class comment.
     *
     * @return whether the run is done or parked
     */
    Outcome finish(RunProgress run, RunSpill spill) {
        Counts counts = run.counts();
        if (run.complete()) {
            publish(event(run, RunEvent.State.DIFFED).withCounts(counts));
        }
        if (!options.enabled()) {
            publishOutcome(run, counts, List.of());
            return Outcome.DONE;
        }
        List<String> uploaded = new ArrayList<>();
        try {
            write(run, spill, counts, uploaded);
            return Outcome.DONE;
        } catch (ObjectStoreException e) {
            if (!e.permanent()) {
                throw e;
            }
            park(run, counts, e, uploaded);
            return Outcome.PARKED;
        }
    }

    private void write(RunProgress run, RunSpill spill, Counts counts, List<String> uploaded) {
        SnapshotFormat format = options.formatOf(run.run());
        Optional<SnapshotFormatWriter> formatWriter =
                formats.withParquetCompression(options.parquetCompressionOf(run.run())).of(format);
        if (formatWriter.isEmpty()) {
            fail(run, counts, "format " + format.extension() + " not supported yet");
            return;
        }
        Optional<TableSchema> schema = schemaOf(run);
        if (formatWriter.get().requiresSchema() && schema.isEmpty()) {
            fail(run, counts, "format " + format.extension()
                    + " needs the table schema, which no partition report carried");
            return;
        }
        SnapshotFileRenderer renderer = new SnapshotFileRenderer(formatWriter.get(), options.compress());
        SnapshotRowRenderer rows = new SnapshotRowRenderer(run.run(), run.runStartedMs(), schema,
                options.includeMetadata());
        List<RenderedFile> rendered;
        try {
            rendered = retrier.call("render files of run " + run.run(), () -> renderer.render(spill, rows));
        } catch (UnwritableDataException e) {
            fail(run, counts, "cannot write " + format.extension() + " files: " + e.getMessage());
            return;
        }
        SnapshotSlots.Slot slot = findSlot(run);
        if (slot instanceof SnapshotSlots.WrittenBefore written) {
            publishStoredOutcome(run, written);
            return;
        }
        SnapshotObjectNames names = new SnapshotObjectNames(run.run().datasource(), run.run().table(),
                slot.timestamp(), renderer.extension());
        List<SummaryFile> files = new ArrayList<>();
        for (RenderedFile file : rendered) {
            String key = names.dataFile(file.operation());
            uploaded.add(key);
            retrier.run("upload " + key, () -> store.upload(key, file.path(), renderer.contentType()));
            files.add(new SummaryFile(key, file.operation().category(), file.rows(), file.bytes()));
        }
        RunSummary summary = summary(run, names, format, renderer.compression(), files, schema);
        warnIfCountsDisagree(run, counts, summary);
        retrier.run("upload " + names.summary(),
                () -> store.put(names.summary(), summary.toJson(), SUMMARY_CONTENT_TYPE));
        LOG.info("Run {} {}: {} added, {} modified, {} deleted in {}", run.run(), summary.status(),
                summary.changes().added(), summary.changes().modified(), summary.changes().deleted(),
                names.summary());
        publishOutcome(run, counts, summary.objectNames(names.summary()));
    }

    /**
     * A run the object store refused for good: ERROR once, remove the data files already uploaded (one
     * attempt each: with the permission or credential problem that parked the run this may fail too;
     * without a summary the set is incomplete anyway), publish {@code failed} with the reason.
     */
    private void park(RunProgress run, Counts counts, ObjectStoreException failure, List<String> uploaded) {
        LOG.error("Run {} parked: the object store refused it ({}); its offsets stay uncommitted, fix the "
                + "configuration and restart the writer to write it", run.run(), failure.reason());
        for (String key : uploaded) {
            try {
                store.remove(key);
            } catch (ObjectStoreException e) {
                LOG.warn("Cannot remove {} of parked run {}: {}", key, run.run(), e.reason());
            }
        }
        publish(event(run, RunEvent.State.FAILED).withCounts(counts)
                .withError("object store refused the run: " + failure.reason()));
    }

    private SnapshotSlots.Slot findSlot(RunProgress run) {
        RunKey key = run.run();
        return retrier.call("look up the snapshot set of run " + key,
                () -> SnapshotSlots.find(key.runId(), run.runStartedMs(), timestamp ->
                        store.get(SnapshotObjectNames.summary(key.datasource(), key.table(), timestamp))
                                .map(RunSummary::parse)));
    }

    private static RunSummary summary(RunProgress run, SnapshotObjectNames names, SnapshotFormat format,
            String compression, List<SummaryFile> files, Optional<TableSchema> schema) {
        Counts counts = run.counts();
        return new RunSummary(run.run().runId(), run.run().datasource(), run.run().table(), run.method(),
                names.timestamp().text(), Instant.ofEpochMilli(run.runStartedMs()),
                run.complete() ? RunSummary.COMPLETE : RunSummary.INCOMPLETE, run.incompleteReason().orElse(null),
                RunSummary.Changes.of(files), counts.rows(), counts.unchanged(), format.extension(), compression,
                files, schema.map(table -> TableAvroSchemas.fingerprint(TableAvroSchemas.toAvro(table))).orElse(null));
    }

    private static Optional<TableSchema> schemaOf(RunProgress run) {
        try {
            return run.schemaJson().map(json -> TableAvroSchemas.fromAvro(new Schema.Parser().parse(json)));
        } catch (RuntimeException e) {
            // Avro, enum lookups and missing properties all fail differently; any of them means "no usable schema".
            LOG.warn("Run {} carries an unreadable table schema, writing without it: {}", run.run(), e.toString());
            return Optional.empty();
        }
    }

    private static void warnIfCountsDisagree(RunProgress run, Counts counts, RunSummary summary) {
        RunSummary.Changes files = summary.changes();
        if (run.complete() && (files.added() != counts.added() || files.modified() != counts.modified()
                || files.deleted() != counts.deleted())) {
            LOG.warn("Run {}: files hold {} but the differ counted {}", run.run(), files, counts);
        }
    }

    private void publishOutcome(RunProgress run, Counts counts, List<String> objectNames) {
        if (run.complete()) {
            publish(event(run, RunEvent.State.WRITTEN).withCounts(counts).withFiles(objectNames));
        } else {
            publish(event(run, RunEvent.State.FAILED).withCounts(counts).withFiles(objectNames)
                    .withError("incomplete run: " + run.incompleteReason().orElse("")));
        }
    }

    private void publishStoredOutcome(RunProgress run, SnapshotSlots.WrittenBefore written) {
        RunSummary summary = written.summary();
        String summaryName = SnapshotObjectNames.summary(run.run().datasource(), run.run().table(),
                written.timestamp());
        RunEvent event = event(run, summary.complete() ? RunEvent.State.WRITTEN : RunEvent.State.FAILED)
                .withCounts(summary.counts()).withFiles(summary.objectNames(summaryName));
        publish(summary.complete() ? event : event.withError("incomplete run: " + summary.incompleteReason()));
    }

    private void fail(RunProgress run, Counts counts, String reason) {
        LOG.error("Run {} failed: {}", run.run(), reason);
        publish(event(run, RunEvent.State.FAILED).withCounts(counts).withError(reason));
    }

    private RunEvent event(RunProgress run, RunEvent.State state) {
        RunKey key = run.run();
        return RunEvent.of(key.runId(), key.datasource(), key.table(), state, clock.instant(), run.method());
    }

    private void publish(RunEvent event) {
        retrier.run("publish " + event.state().json() + " event of run " + event.runId(), () -> events.publish(event));
    }
}
