package io.cdcflow.writer.app;

import io.cdcflow.common.config.SnapshotFormat;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.io.ObjectStore;
import io.cdcflow.common.io.ObjectStoreException;
import io.cdcflow.writer.core.FullImageObjects;
import io.cdcflow.writer.core.FullImagePointer;
import io.cdcflow.writer.core.RunKey;
import io.cdcflow.writer.core.RunProgress;
import io.cdcflow.writer.core.RunSummary;
import io.cdcflow.writer.core.SnapshotObjectNames;
import io.cdcflow.writer.core.SnapshotRowRenderer;
import io.cdcflow.writer.core.SnapshotSlots;
import io.cdcflow.writer.core.SummaryFile;
import io.cdcflow.writer.core.UnwritableDataException;
import io.cdcflow.writer.io.FullImageRenderer;
import io.cdcflow.writer.io.RenderedFile;
import io.cdcflow.writer.io.RunEventPublisher;
import io.cdcflow.writer.io.RunSpill;
import io.cdcflow.writer.io.SnapshotFileRenderer;
import io.cdcflow.writer.io.SnapshotFormatWriter;
import io.cdcflow.writer.io.SnapshotFormatWriters;
import java.nio.file.Path;
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
    private final WriterMetrics metrics;
    private RunEvent.State lastPublished;

    RunFinisher(SnapshotOptions options, SnapshotFormatWriters formats, ObjectStore store,
            RunEventPublisher events, Retrier retrier, Clock clock) {
        this(options, formats, store, events, retrier, clock, WriterMetrics.NONE);
    }

    RunFinisher(SnapshotOptions options, SnapshotFormatWriters formats, ObjectStore store,
            RunEventPublisher events, Retrier retrier, Clock clock, WriterMetrics metrics) {
        this.metrics = metrics;
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
        long started = System.nanoTime();
        lastPublished = null;
        Outcome outcome = finishRun(run, spill);
        String state = outcome == Outcome.PARKED ? "parked"
                : lastPublished == null ? "unknown" : lastPublished.json();
        metrics.runFinished(run.run().datasource(), run.run().table(), state,
                java.time.Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    private Outcome finishRun(RunProgress run, RunSpill spill) {
        Counts counts = run.counts();
        if (run.complete()) {
            publish(event(run, RunEvent.State.DIFFED).withCounts(counts));
        }
        if (!options.enabled()) {
            publishOutcome(run, counts, List.of());
            return Outcome.DONE;
        }
        List<Undo> uploaded = new ArrayList<>();
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

    private void write(RunProgress run, RunSpill spill, Counts counts, List<Undo> uploaded) {
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
        Optional<FullImage> full = Optional.empty();
        if (options.fullImageOf(run.run())) {
            try {
                full = Optional.of(renderFullImage(run, spill, renderer, rows, schema, slot));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // UnwritableDataException (no key, a value the format cannot hold), a corrupt state or pointer
                fail(run, counts, "cannot write the full image: " + e.getMessage());
                return;
            }
        }
        List<SummaryFile> files = new ArrayList<>();
        for (RenderedFile file : rendered) {
            String key = names.dataFile(file.operation());
            uploaded.add(() -> store.remove(key));
            retrier.run("upload " + key, () -> store.upload(key, file.path(), renderer.contentType()));
            files.add(new SummaryFile(key, file.operation().category(), file.rows(), file.bytes()));
            metrics.uploaded(run.run().datasource(), run.run().table(), file.bytes());
            metrics.rowsWritten(run.run().datasource(), run.run().table(), file.operation().category(), file.rows());
        }
        if (full.isPresent()) {
            uploadFullImage(run, full.get(), names, renderer, files, uploaded);
        }
        RunSummary summary = summary(run, names, format, renderer.compression(), files, schema);
        warnIfCountsDisagree(run, counts, summary);
        byte[] summaryJson = summary.toJson();
        retrier.run("upload " + names.summary(),
                () -> store.put(names.summary(), summaryJson, SUMMARY_CONTENT_TYPE));
        metrics.uploaded(run.run().datasource(), run.run().table(), summaryJson.length);
        LOG.info("Run {} {}: {} added, {} modified, {} deleted in {}", run.run(), summary.status(),
                summary.changes().added(), summary.changes().modified(), summary.changes().deleted(),
                names.summary());
        full.ifPresent(image -> removeOldStates(run, image));
        publishOutcome(run, counts, summary.objectNames(names.summary()));
    }

    /**
     * A run the object store refused for good: ERROR once, remove the data files already uploaded (one
     * attempt each: with the permission or credential problem that parked the run this may fail too;
     * without a summary the set is incomplete anyway), publish {@code failed} with the reason.
     */
    private void park(RunProgress run, Counts counts, ObjectStoreException failure, List<Undo> uploaded) {
        LOG.error("Run {} parked: the object store refused it ({}); its offsets stay uncommitted, fix the "
                + "configuration and restart the writer to write it", run.run(), failure.reason());
        for (Undo undo : uploaded) {
            try {
                undo.run();
            } catch (ObjectStoreException e) {
                LOG.warn("Cannot undo an upload of parked run {}: {}", run.run(), e.reason());
            }
        }
        publish(event(run, RunEvent.State.FAILED).withCounts(counts)
                .withError("object store refused the run: " + failure.reason()));
    }

    /** Reverts one object store change of a run being parked; one attempt. */
    @FunctionalInterface
    private interface Undo {
        void run();
    }

    /**
     * A rendered full image and where it goes.
     *
     * @param rendered the image file and the new state file, on local disk
     * @param stateKey object name of the new state
     * @param base object name of the state it was built from, null for the table's first image
     * @param pointerBefore the stored pointer's content before this run, to restore if the run is parked
     */
    private record FullImage(FullImageRenderer.Result rendered, String stateKey, String base, byte[] pointerBefore) {
    }

    /**
     * Builds the table's full image after the run from the image the pointer names (the previous run's,
     * or, for a run re-written after a crash, the one it started from the first time) and the run's changes.
     */
    private FullImage renderFullImage(RunProgress run, RunSpill spill, SnapshotFileRenderer renderer,
            SnapshotRowRenderer rows, Optional<TableSchema> schema, SnapshotSlots.Slot slot) {
        RunKey key = run.run();
        if (schema.isEmpty() || schema.get().primaryKey().isEmpty()) {
            throw new UnwritableDataException("it needs the table schema with its primary key, which no partition "
                    + "report carried");
        }
        String pointerKey = FullImageObjects.pointer(key.datasource(), key.table());
        Optional<byte[]> pointerBefore = retrier.call("get " + pointerKey, () -> store.get(pointerKey));
        Optional<String> base = FullImagePointer.baseFor(pointerBefore.map(FullImagePointer::parse), key.runId());
        Path basePath = spill.directory().resolve("base.jsonl.gz");
        boolean found = base.isPresent()
                && retrier.call("download " + base.get(), () -> store.download(base.get(), basePath));
        if (base.isPresent() && !found) {
            LOG.error("Run {}: the previous full image {} is missing; the full image holds this run's rows only",
                    key, base.get());
        }
        FullImageRenderer images = new FullImageRenderer(renderer, FullImageRenderer.DEFAULT_CHUNK_BYTES);
        FullImageRenderer.Result rendered = retrier.call("render the full image of run " + key,
                () -> images.render(spill, found ? basePath : null, rows, schema.get().primaryKey(),
                        run.runStartedMs()));
        return new FullImage(rendered, FullImageObjects.state(key.datasource(), key.table(), slot.timestamp()),
                found ? base.get() : null, pointerBefore.orElse(null));
    }

    /** Uploads the image file, then the state, then moves the pointer: all before the summary. */
    private void uploadFullImage(RunProgress run, FullImage full, SnapshotObjectNames names,
            SnapshotFileRenderer renderer, List<SummaryFile> files, List<Undo> uploaded) {
        RunKey key = run.run();
        String fileKey = names.fullImage();
        uploaded.add(() -> store.remove(fileKey));
        retrier.run("upload " + fileKey, () -> store.upload(fileKey, full.rendered().path(), renderer.contentType()));
        files.add(new SummaryFile(fileKey, SnapshotObjectNames.FULL, full.rendered().rows(), full.rendered().bytes()));
        uploaded.add(() -> store.remove(full.stateKey()));
        retrier.run("upload " + full.stateKey(),
                () -> store.upload(full.stateKey(), full.rendered().state(), "application/gzip"));
        String pointerKey = FullImageObjects.pointer(key.datasource(), key.table());
        byte[] pointer = new FullImagePointer(key.runId(), full.stateKey(), full.base()).toJson();
        uploaded.add(() -> {
            if (full.pointerBefore() == null) {
                store.remove(pointerKey);
            } else {
                store.put(pointerKey, full.pointerBefore(), SUMMARY_CONTENT_TYPE);
            }
        });
        retrier.run("upload " + pointerKey, () -> store.put(pointerKey, pointer, SUMMARY_CONTENT_TYPE));
    }

    /** Once the summary is stored, states older than the run's base are no longer needed; one attempt. */
    private void removeOldStates(RunProgress run, FullImage full) {
        RunKey key = run.run();
        try {
            for (String object : store.list(FullImageObjects.directory(key.datasource(), key.table()))) {
                if (object.endsWith(".jsonl.gz") && !object.equals(full.stateKey()) && !object.equals(full.base())) {
                    store.remove(object);
                }
            }
        } catch (ObjectStoreException e) {
            LOG.warn("Cannot remove old full image states of {}: {}", key.tableId(), e.reason());
        }
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
        return RunEvent.of(key.runId(), key.datasource(), key.table(), state, clock.instant(), run.method())
                .withSchemaChange(run.schemaChange().orElse(null));
    }

    private void publish(RunEvent event) {
        lastPublished = event.state();
        retrier.run("publish " + event.state().json() + " event of run " + event.runId(), () -> events.publish(event));
    }
}
