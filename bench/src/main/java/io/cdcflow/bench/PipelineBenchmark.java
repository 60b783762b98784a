package io.cdcflow.bench;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Logging;
import io.cdcflow.common.io.Topics;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.standalone.app.Pipeline;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the pipeline against the physical limit on the same table in the same run: a raw JDBC
 * streaming scan, {@code COUNT(*)}, the extractor alone, and full hash runs (extract, diff, files)
 * with 100% (first load), 0%, 1% and 10% changed rows. Prints a table of absolute figures and ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true)
public final class PipelineBenchmark implements Callable<Integer> {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(60);

    @Option(names = "--rows", defaultValue = "1000000", description = "rows in the benchmark table")
    int rows;

    @Option(names = "--db", defaultValue = "postgresql", description = "postgresql or mariadb")
    String db;

    @Option(names = "--out", defaultValue = "bench/results/latest.md", description = "where to save the table")
    Path out;

    @Option(names = "--phases", split = ",", defaultValue = "extractor,hash,timestamp,hash-partition,"
            + "hash-partition-db,parallel-chunks", description = "which phases to run (default: ${DEFAULT-VALUE})")
    Set<String> phases;

    @Option(names = "--row-images", defaultValue = "true", arity = "1",
            description = "the tables' store_row_images (default: ${DEFAULT-VALUE})")
    boolean rowImages;

    private final List<String[]> results = new ArrayList<>();
    private double rawRowsPerSecond;
    /** The rows topic whose growth the runs report, or null. */
    private String rowsTopic;
    /** Where the next clustered inserts start, past every id used so far. */
    private long insertNext;

    public static void main(String[] args) {
        Logging.configure("WARN", "ERROR");
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TestDatabase server = "mariadb".equals(db) ? TestDatabases.mariadb() : TestDatabases.postgres();
        TestDatabase database = server.createDatabase("cdc_bench");
        log("generating %,d rows in %s ...", rows, db);
        BenchTable.create(database, rows);
        insertNext = 2L * rows + 1;

        double scanSeconds = Math.min(rawScan(database), rawScan(database));
        rawRowsPerSecond = rows / scanSeconds;
        record("raw JDBC scan (SELECT *, streaming, discarded)", scanSeconds, rows, "-");
        record("SELECT COUNT(*)", timed(() -> count(database)), rows, "-");

        Path dataDir = Files.createTempDirectory("cdc-bench");
        Set<String> unknown = new TreeSet<>(phases);
        unknown.removeAll(Set.of("extractor", "hash", "timestamp", "hash-partition", "hash-partition-db",
                "parallel-chunks"));
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown phases " + unknown);
        }
        if (phases.contains("extractor")) {
            extractorAlone(database, dataDir.resolve("extract-only"));
        }
        if (phases.contains("hash")) {
            pipelineRuns(database, dataDir.resolve("pipeline"));
        }
        if (phases.contains("timestamp")) {
            timestampRuns(database, dataDir.resolve("timestamp"));
        }
        if (phases.contains("hash-partition")) {
            hashPartitionRuns(database, dataDir.resolve("hash-partition"), "backend", rows / 4);
        }
        if (phases.contains("hash-partition-db")) {
            hashPartitionRuns(database, dataDir.resolve("hash-partition-db"), "database", rows / 2);
        }
        if (phases.contains("parallel-chunks")) {
            parallelChunkRuns(database, dataDir.resolve("parallel-chunks"), "backend", rows / 2 + rows / 4);
        }

        String table = render();
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        return 0;
    }

    private void extractorAlone(TestDatabase database, Path dataDir) throws Exception {
        CdcConfig config = BenchTable.config(database, unique(), dataDir, TestKafka.bootstrapServers(),
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), tableOptions());
        Pipeline.createTopics(config);
        resetPeaks();
        ExtractorService extractor = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of());
        try (RunClient client = client(config)) {
            long start = System.nanoTime();
            String runId = client.trigger("bench", "bench_rows", "bench");
            RunEvent extracted = awaitState(client, runId, RunEvent.State.EXTRACTED);
            record("extractor alone (scan + hash + produce)", seconds(start), rows, peakHeapMb());
            check(extracted, RunEvent.State.EXTRACTED);
        } finally {
            extractor.close();
        }
    }

    private void pipelineRuns(TestDatabase database, Path dataDir) throws Exception {
        CdcConfig config = BenchTable.config(database, unique(), dataDir, TestKafka.bootstrapServers(),
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), tableOptions());
        rowsTopic = config.kafka().topicPrefix() + ".rows";
        try (Pipeline pipeline = Pipeline.start(config, Map.of()); RunClient client = pipeline.runClient()) {
            fullRun(client, "end to end, first load (100% added)");
            fullRun(client, "end to end, unchanged table (0%)");
            int changed = BenchTable.mutateSpread(database, rows, 1, 1, insertNext);
            insertNext += rows;
            fullRun(client, "end to end, 1% changed (" + changed + " rows)");
            changed = BenchTable.mutateSpread(database, rows, 10, 3, insertNext);
            insertNext += rows;
            fullRun(client, "end to end, 10% changed (" + changed + " rows)");
        }
    }

    /** Timestamp runs on the same table: first load, unchanged, 1% updated (updated_at moves). */
    private void timestampRuns(TestDatabase database, Path dataDir) throws Exception {
        CdcConfig config = BenchTable.timestampConfig(database, unique(), dataDir, TestKafka.bootstrapServers(),
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), tableOptions());
        rowsTopic = config.kafka().topicPrefix() + ".rows";
        try (Pipeline pipeline = Pipeline.start(config, Map.of()); RunClient client = pipeline.runClient()) {
            fullRun(client, "timestamp, first load");
            fullRun(client, "timestamp, unchanged table (0%)");
            // later than every updated_at so far (rows inserted by earlier phases carry now())
            database.execute("UPDATE bench_rows SET amount = amount + 1,"
                    + " updated_at = CURRENT_TIMESTAMP + interval '1' day WHERE id % 100 = 7");
            fullRun(client, "timestamp, 1% updated");
        }
        rowsTopic = null;
    }

    /**
     * Hash-partition runs on the same table: first load, unchanged, then 1% and 10% changed in key
     * ranges starting at {@code changeAt}.
     */
    private void hashPartitionRuns(TestDatabase database, Path dataDir, String digest, long changeAt)
            throws Exception {
        CdcConfig config = BenchTable.hashPartitionConfig(database, unique(), dataDir, TestKafka.bootstrapServers(),
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), digest,
                tableOptions());
        rowsTopic = config.kafka().topicPrefix() + ".rows";
        try (Pipeline pipeline = Pipeline.start(config, Map.of()); RunClient client = pipeline.runClient()) {
            fullRun(client, "hash-partition, digest " + digest + ", first load");
            fullRun(client, "hash-partition, digest " + digest + ", unchanged table (0%)");
            int changed = BenchTable.mutateClustered(database, rows, 1, changeAt, changeAt + rows / 8, insertNext);
            insertNext += rows;
            fullRun(client, "hash-partition, digest " + digest + ", 1% changed in key ranges (" + changed + " rows)");
            changed = BenchTable.mutateClustered(database, rows, 10, changeAt, changeAt + rows / 8 + rows / 400,
                    insertNext);
            insertNext += rows;
            fullRun(client, "hash-partition, digest " + digest + ", 10% changed in key ranges (" + changed
                    + " rows)");
        }
        rowsTopic = null;
    }

    /**
     * Hash-partition with {@code parallel_chunks} and two chunk workers in the one extractor: the
     * chunks of a run are read two at a time. First load (read by one instance: one chunk), unchanged,
     * 1% changed in key ranges starting at {@code changeAt}.
     */
    private void parallelChunkRuns(TestDatabase database, Path dataDir, String digest, long changeAt)
            throws Exception {
        CdcConfig config = BenchTable.parallelChunksConfig(database, unique(), dataDir, TestKafka.bootstrapServers(),
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), digest, 2,
                tableOptions());
        rowsTopic = config.kafka().topicPrefix() + ".rows";
        String label = "hash-partition, digest " + digest + ", parallel_chunks (2 chunk workers), ";
        try (Pipeline pipeline = Pipeline.start(config, Map.of()); RunClient client = pipeline.runClient()) {
            fullRun(client, label + "first load");
            fullRun(client, label + "unchanged table (0%)");
            int changed = BenchTable.mutateClustered(database, rows, 1, changeAt, changeAt + rows / 8, insertNext);
            insertNext += rows;
            fullRun(client, label + "1% changed in key ranges (" + changed + " rows)");
        }
        rowsTopic = null;
    }

    private void fullRun(RunClient client, String label) {
        resetPeaks();
        long bytesBefore = rowsTopicBytes();
        long start = System.nanoTime();
        String runId = client.trigger("bench", "bench_rows", "bench");
        RunEvent written = client.await(List.of(runId), RUN_TIMEOUT, event -> { }).get(runId);
        double seconds = seconds(start);
        long bytes = rowsTopicBytes() - bytesBefore;
        record(label + (bytes < 0 ? "" : String.format(Locale.ROOT, ", rows topic +%.1f MB", bytes / 1e6)), seconds,
                rows, peakHeapMb());
        check(written, RunEvent.State.WRITTEN);
        log("%s: %s", label, written.counts());
    }

    private static RunEvent awaitState(RunClient client, String runId, RunEvent.State state) {
        return client.await(List.of(runId), RUN_TIMEOUT, event -> { }, event -> event.state() == state).get(runId);
    }

    private static void check(RunEvent event, RunEvent.State expected) {
        if (event == null || event.state() != expected) {
            throw new IllegalStateException("run did not reach " + expected + ": " + event);
        }
    }

    private static RunClient client(CdcConfig config) {
        return new RunClient(new Topics(new TopicNames(config.kafka().topicPrefix())), TestKafka.bootstrapServers(),
                Map.of());
    }

    private double rawScan(TestDatabase database) throws SQLException {
        return BenchTable.rawScanSeconds(database, rows);
    }

    /** Bytes on disk of the current rows topic (all partitions), or -1 when unknown. */
    private long rowsTopicBytes() {
        if (rowsTopic == null) {
            return -1;
        }
        try (Admin admin = TestKafka.admin()) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (var dir : dirs.values()) {
                    for (var replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(rowsTopic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            return -1;
        }
    }

    private static void count(TestDatabase database) {
        database.query("SELECT COUNT(*) AS n FROM bench_rows");
    }

    private void record(String label, double seconds, long rowCount, String heap) {
        double rate = rowCount / seconds;
        results.add(new String[] {label, String.format(Locale.ROOT, "%.2f", seconds),
            String.format(Locale.ROOT, "%,.0f", rate),
            rawRowsPerSecond == 0 ? "1.00" : String.format(Locale.ROOT, "%.2f", rate / rawRowsPerSecond), heap});
        log("%s: %.2f s", label, seconds);
    }

    private String render() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%s, %,d rows, %s, %d cores, max heap %d MB%s%n%n",
                LocalDate.now(), rows, db, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), rowImages ? "" : ", store_row_images false"));
        table.append("| measurement | seconds | rows/s | x raw scan | peak heap MB |\n|---|---|---|---|---|\n");
        for (String[] row : results) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }

    private static double timed(ThrowingRunnable action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Peak heap of the whole JVM during the phase (all services and the broker share it). */
    private static String peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return Long.toString(peak / (1024 * 1024));
    }

    private String tableOptions() {
        return rowImages ? "" : ", \"store_row_images\": false";
    }

    private static String unique() {
        return "bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
