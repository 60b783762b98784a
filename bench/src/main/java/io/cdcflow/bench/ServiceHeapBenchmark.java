package io.cdcflow.bench;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Logging;
import io.cdcflow.common.io.OpsServer;
import io.cdcflow.common.io.Topics;
import io.cdcflow.differ.app.DifferMain;
import io.cdcflow.extractor.app.ExtractorMain;
import io.cdcflow.standalone.app.Pipeline;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import io.cdcflow.writer.app.WriterMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Heap and RSS of each service, measured where they would run: the extractor, the differ and the
 * writer each in a JVM of its own with a fixed {@code -Xmx}, a full hash run of the benchmark table
 * (first load, then unchanged) per table size. If the same {@code -Xmx} carries 1M and 10M rows and
 * the live heap after collections stays put, the service's memory does not grow with the table.
 */
@Command(name = "bench heap", mixinStandardHelpOptions = true)
public final class ServiceHeapBenchmark implements Callable<Integer> {
    private static final Duration RUN_TIMEOUT = Duration.ofHours(2);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(5);
    /** The sizes in a G1 or serial {@code -Xlog:gc} pause line: {@code 120M->33M(256M)}. */
    private static final Pattern GC_SIZES = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Option(names = "--rows", split = ",", defaultValue = "1000000,10000000",
            description = "table sizes, one table each (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--db", defaultValue = "postgresql", description = "postgresql or mariadb")
    String db;

    @Option(names = "--xmx", defaultValue = "256m", description = "-Xmx of the extractor and the writer")
    String xmx;

    @Option(names = "--differ-xmx", defaultValue = "512m", description = "-Xmx of the differ")
    String differXmx;

    @Option(names = "--out", defaultValue = "bench/results/heap-latest.md", description = "where to save the table")
    Path out;

    @Option(names = "--jfr", description = "record each service with Java Flight Recorder (profile settings) into "
            + "<service>.jfr in the run's directory, for `jfr print` or JDK Mission Control")
    boolean jfr;

    /** Table rows: one per size, and one per size and service. */
    private final List<String> runRows = new ArrayList<>();
    private final List<String> serviceRows = new ArrayList<>();

    public static void main(String[] args) {
        Logging.configure("WARN", "ERROR");
        System.exit(new CommandLine(new ServiceHeapBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TestDatabase server = "mariadb".equals(db) ? TestDatabases.mariadb() : TestDatabases.postgres();
        for (int rows : sizes) {
            measure(server, rows);
        }
        String table = render();
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        return 0;
    }

    private void measure(TestDatabase server, int rows) throws Exception {
        TestDatabase database = server.createDatabase("cdc_bench_heap");
        log("generating %,d rows in %s ...", rows, db);
        BenchTable.create(database, rows);
        double scan = Math.min(BenchTable.rawScanSeconds(database, rows), BenchTable.rawScanSeconds(database, rows));
        log("raw scan of %,d rows: %.2f s", rows, scan);

        String prefix = "heap-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("cdc-bench-heap");
        String json = BenchTable.hashConfigJson(database, prefix, dir.resolve("data"), TestKafka.bootstrapServers(),
                TestObjectStore.endpoint(), TestObjectStore.accessKey(), TestObjectStore.secretKey(), "");
        Path configFile = Files.writeString(dir.resolve("config.json"), json);
        CdcConfig config = CdcConfig.parse(json, name -> null);
        Pipeline.createTopics(config);

        Map<String, Service> services = new LinkedHashMap<>();
        try {
            services.put("extractor", Service.start("extractor", ExtractorMain.class, xmx, configFile, dir, jfr));
            services.put("differ", Service.start("differ", DifferMain.class, differXmx, configFile, dir, jfr));
            services.put("writer", Service.start("writer", WriterMain.class, xmx, configFile, dir, jfr));
            log("services' logs%s in %s", jfr ? " and recordings" : "", dir);
            for (Service service : services.values()) {
                service.awaitReady();
            }
            try (RunClient client = new RunClient(new Topics(new TopicNames(prefix)), TestKafka.bootstrapServers(),
                    Map.of())) {
                double first = run(client, rows, "first load", services.values());
                double unchanged = run(client, rows, "unchanged", services.values());
                runRows.add(String.format(Locale.ROOT, "| %,d | %.2f | %.1f (%.2fx) | %.1f (%.2fx) |", rows, scan,
                        first, scan / first, unchanged, scan / unchanged));
            } catch (ServiceDied e) {
                // the outcome this benchmark exists to find (e.g. out of memory): report it, go on
                log("%s", e.getMessage());
                runRows.add(String.format(Locale.ROOT, "| %,d | %.2f | %s | - |", rows, scan, e.getMessage()));
            }
            for (Map.Entry<String, Service> entry : services.entrySet()) {
                Service service = entry.getValue();
                serviceRows.add(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |", rows, entry.getKey(),
                        service.xmx, service.alive() ? "ok" : "died (exit " + service.exitCode() + ")",
                        service.gc().summary(), service.peakRssMb(), service.cpuSeconds()));
            }
        } finally {
            for (Service service : services.values()) {
                service.stop();
            }
        }
    }

    /** Runs the table once; fails fast when a service dies instead of waiting out the run's timeout. */
    private static double run(RunClient client, int rows, String label, Collection<Service> services) {
        long start = System.nanoTime();
        long deadline = start + RUN_TIMEOUT.toNanos();
        String runId = client.trigger("bench", "bench_rows", "bench");
        RunEvent written = null;
        while (written == null && System.nanoTime() < deadline) {
            written = client.await(List.of(runId), LIVENESS_CHECK, event -> { }).get(runId);
            for (Service service : services) {
                if (!service.alive()) {
                    throw new ServiceDied(label + " failed: the " + service.name() + " died (exit "
                            + service.exitCode() + ")");
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (written == null || written.state() != RunEvent.State.WRITTEN) {
            throw new IllegalStateException(label + " run did not finish: " + written);
        }
        log("%,d rows, %s: %.1f s (%,.0f rows/s), %s", rows, label, seconds, rows / seconds, written.counts());
        return seconds;
    }

    private String render() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%s, full hash runs, %s, %d cores, each service in its own JVM%n%n",
                LocalDate.now(), db, Runtime.getRuntime().availableProcessors()));
        table.append("| rows | raw scan s | first load s (x raw) | unchanged s (x raw) |\n|---|---|---|---|\n");
        runRows.forEach(r -> table.append(r).append('\n'));
        table.append("\n| rows | service | -Xmx | outcome | heap MB: peak used / peak after GC | peak RSS MB "
                + "| CPU s |\n|---|---|---|---|---|---|---|\n");
        serviceRows.forEach(r -> table.append(r).append('\n'));
        return table.toString();
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }

    /** A service's JVM exited during a run. */
    private static final class ServiceDied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServiceDied(String message) {
            super(message);
        }
    }

    /** One service in a child JVM, with its GC log, its log and its ops port. */
    private record Service(String name, String xmx, Process process, Path gcLog, int opsPort) {
        static Service start(String name, Class<?> main, String xmx, Path configFile, Path dir, boolean jfr)
                throws IOException {
            Path gcLog = dir.resolve(name + "-gc.log");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
                    "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog));
            if (jfr) {
                command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + dir.resolve(name + ".jfr"));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), "--config",
                    configFile.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
            builder.environment().put(OpsServer.PORT_ENV, Integer.toString(port));
            builder.environment().put("CDC_LOG_LEVEL", "INFO");
            return new Service(name, xmx, builder.start(), gcLog, port);
        }

        void awaitReady() throws IOException, InterruptedException {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue());
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT);
        }

        boolean alive() {
            return process.isAlive();
        }

        int exitCode() {
            return process.isAlive() ? 0 : process.exitValue();
        }

        GcFigures gc() throws IOException {
            return GcFigures.of(Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of());
        }

        /** Peak resident set (VmHWM), Linux only. */
        String peakRssMb() throws IOException {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            if (!Files.exists(status)) {
                return "-";
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
            return "-";
        }

        /** User plus system CPU seconds so far (clock ticks of 1/100 s), Linux only. */
        String cpuSeconds() throws IOException {
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            if (!Files.exists(stat)) {
                return "-";
            }
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return String.format(Locale.ROOT, "%.1f", ticks / 100.0);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Heap figures from a {@code -Xlog:gc} file: the most in use before and after a collection. */
    record GcFigures(long collections, long peakUsedMb, long peakLiveMb) {
        static GcFigures of(List<String> lines) {
            long collections = 0;
            long used = 0;
            long live = 0;
            for (String line : lines) {
                Matcher sizes = GC_SIZES.matcher(line);
                if (sizes.find()) {
                    collections++;
                    used = Math.max(used, Long.parseLong(sizes.group(1)));
                    live = Math.max(live, Long.parseLong(sizes.group(2)));
                }
            }
            return new GcFigures(collections, used, live);
        }

        String summary() {
            return collections == 0 ? "no collection" : peakUsedMb + " / " + peakLiveMb + " (" + collections + " GCs)";
        }
    }
}
