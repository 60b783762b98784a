package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import io.cdcflow.embedded.EmbeddedObjectStore;
import io.cdcflow.standalone.io.RunClient;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix (docs/reliability.md): the Kafka broker, the extractor and the differ/writer each run
 * in a child JVM, the object store in this JVM on a fixed port. Each case changes the table, starts
 * a run and injects one fault at a seeded random point after the run started: SIGKILL of the
 * extractor, SIGKILL of the differ/writer, {@code pg_terminate_backend} of the extractor's
 * connections, the object store down for a few seconds, or the broker killed (SIGKILL) or stopped
 * (SIGTERM) and started again on the same log directory and ports. After recovery the run must be written,
 * its change events must be exactly the SQL ground truth (each changed key once), its files exactly
 * the rows an undisturbed run writes, and a last run must find no change at all.
 *
 * <p>CI: 6 faults on 8,000 rows, after one undisturbed case. Long: {@code -Dcdc.faults.long=true} (25 cases,
 * 5 of each fault, on 1,000,000 rows).
 * Replay: {@code -Dcdc.faults.seed=<seed printed by the failing run>}; one kind of fault only:
 * {@code -Dcdc.faults.only=BROKER_RESTART}.
 */
class FaultMatrixIT {
    private static final boolean LONG = Boolean.getBoolean("cdc.faults.long");
    private static final int ROWS = LONG ? 1_000_000 : 8_000;
    private static final int CASES = LONG ? 25 : 6;
    private static final Duration TIMEOUT = Duration.ofMinutes(LONG ? 20 : 4);

    enum Fault { KILL_EXTRACTOR, KILL_DIFFER_WRITER, PG_TERMINATE, STORE_OUTAGE, BROKER_RESTART }

    /** The faults to cycle through: all, or those named in {@code -Dcdc.faults.only=A,B}. */
    private static final List<Fault> FAULTS = System.getProperty("cdc.faults.only", "").isBlank()
            ? List.of(Fault.values())
            : java.util.Arrays.stream(System.getProperty("cdc.faults.only").split(",")).map(String::strip)
                    .map(Fault::valueOf).toList();

    @TempDir
    Path dataDir;

    private Path configFile;
    /** The children's logs, kept after the test (the temporary directory is not). */
    private Path logDir;
    private Process broker;
    private String bootstrap;
    private Process extractor;
    private Process differWriter;
    private EmbeddedObjectStore store;

    @Test
    void everyFaultRecoversWithEachChangeExactlyOnce() throws Exception {
        long seed = Long.getLong("cdc.faults.seed", System.nanoTime());
        System.err.println("FaultMatrixIT seed " + seed + " (replay: -Dcdc.faults.seed=" + seed + ")");
        Random random = new Random(seed);
        logDir = Files.createDirectories(Path.of("target", "fault-matrix-logs", String.valueOf(seed)));
        System.err.println("FaultMatrixIT logs of the services in " + logDir.toAbsolutePath());
        TestDatabase db = TestDatabases.postgres()
                // createDatabase drops a database of that name: a CI run must not drop a long run's
                .createDatabase(LONG ? "rel_faults_long" : "rel_faults");
        db.execute("CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric(12,2))",
                "INSERT INTO accounts SELECT g, 'owner-' || g, g * 1.25 FROM generate_series(1, " + ROWS + ") g");
        // a broker of its own, so that it can go away without disturbing the other tests
        broker = startBroker();
        String prefix = ItConfigs.uniqueName("relfault");
        String bucket = ItConfigs.uniqueName("relfault");
        store = EmbeddedObjectStore.start(dataDir.resolve("objects"), "fault-access", "fault-secret");
        int storePort = store.port();
        String storage = "{\"endpoint\": \"%s\", \"access_key\": \"fault-access\", \"secret_key\": \"fault-secret\", \"bucket\": \"%s\", \"data_dir\": \"%s\"}"
                .formatted(store.endpoint(), bucket, dataDir.resolve("cdc").toAbsolutePath());
        String json = Reliability.config(Map.of("it", Reliability.datasource(db)),
                Map.of("accounts", "{\"datasource\": \"it\", \"method\": \"hash\", \"primary_key\": \"id\"}"),
                prefix, bucket, LONG ? 5000 : 200, storage, "{}", bootstrap);
        configFile = Files.writeString(dataDir.resolve("config.json"), json);
        CdcConfig config = Reliability.parse(json);
        Topics topics = new Topics(new TopicNames(prefix));
        String changesTopic = topics.changes("it", "accounts").name();
        MinioClient objects = MinioClient.builder().endpoint(store.endpoint()).credentials("fault-access", "fault-secret")
                .build();
        Pipeline.createTopics(config);
        extractor = start(ExtractorProcess.class);
        differWriter = start(DifferAndWriterProcess.class);
        int compared = 0;
        int lost = 0;
        int duplicated = 0;
        List<String> report = new ArrayList<>();
        try (RunClient client = new RunClient(topics, bootstrap, Map.of())) {
            Map<String, String> before = table(db);
            String baselineId = client.trigger("it", "accounts", "test");
            RunEvent baseline = Reliability.await(client, baselineId);
            assertThat(baseline.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(baseline.counts().added()).isEqualTo(ROWS);
            long runMillis = 1000;

            // case -1 is undisturbed: it checks the comparison itself and measures how long a run
            // takes, so that the kill points of the other cases fall inside a run
            for (int n = -1; n < CASES; n++) {
                Fault fault = n < 0 ? null : FAULTS.get(n % FAULTS.size());
                // an outage lasts seconds and the writer uploads at the end: start it in the first half
                int delay = fault == null ? 0
                        : random.nextInt((int) (fault == Fault.STORE_OUTAGE ? runMillis / 2 : runMillis));
                mutate(db, random, n);
                Map<String, String> after = table(db);
                Map<String, String> expected = diff(before, after);

                String runId = client.trigger("it", "accounts", "test");
                RunEvent started = client.await(List.of(runId), TIMEOUT, e -> { },
                        e -> e.state() == RunEvent.State.STARTED).get(runId);
                Thread.sleep(delay);
                java.time.Instant injected = java.time.Instant.now();
                String detail = fault == null ? "no fault" : inject(fault, db, random, storePort);
                int[] attempts = {1};
                RunEvent terminal = client.await(List.of(runId), TIMEOUT, e -> {
                    if (e.state() == RunEvent.State.STARTED) {
                        attempts[0]++;
                    }
                }).get(runId);
                String label = "case %d %s at +%d ms (%s%s, %d extraction attempt(s)), seed %d".formatted(n,
                        fault == null ? "NONE" : fault, delay, detail,
                        terminal != null && terminal.at().isBefore(injected) ? ", after the run ended" : ", mid-run",
                        attempts[0], seed);
                assertThat(terminal).as(label).isNotNull();
                assertThat(terminal.state()).as(label + ": " + terminal).isEqualTo(RunEvent.State.WRITTEN);
                if (fault == null) {
                    runMillis = Math.max(1000, Duration.between(started.at(), terminal.at()).toMillis());
                }

                Map<String, List<String>> ops = opsByKey(changesTopic, runId);
                int caseLost = 0;
                int caseDuplicated = 0;
                for (Map.Entry<String, String> want : expected.entrySet()) {
                    List<String> got = ops.getOrDefault(want.getKey(), List.of());
                    if (!got.contains(want.getValue())) {
                        caseLost++;
                    }
                    if (got.size() > 1) {
                        caseDuplicated++;
                    }
                }
                Set<String> unexpected = new TreeSet<>(ops.keySet());
                unexpected.removeAll(expected.keySet());
                compared += expected.size();
                lost += caseLost;
                duplicated += caseDuplicated + unexpected.size();
                String line = "%s: %d changes expected, %d lost, %d duplicated, %d unexpected".formatted(label,
                        expected.size(), caseLost, caseDuplicated, unexpected.size());
                report.add(line);
                System.err.println("FAULTS " + line);
                assertThat(ops).as(label).hasSize(expected.size());
                ops.forEach((key, list) -> assertThat(list).as(label + " key " + key).containsExactly(expected.get(key)));
                assertThat(terminal.counts().added() + terminal.counts().modified() + terminal.counts().deleted())
                        .as(label).isEqualTo(expected.size());
                checkFiles(objects, bucket, terminal, expected, after, label);
                before = after;
            }

            String quiet = client.trigger("it", "accounts", "test");
            RunEvent last = Reliability.await(client, quiet);
            assertThat(last.state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(last.counts().added() + last.counts().modified() + last.counts().deleted())
                    .as("no spurious change after the faults").isZero();
            assertThat(opsByKey(changesTopic, quiet)).isEmpty();
        } finally {
            System.err.println("FAULTS summary: seed " + seed + ", " + CASES + " faults + 1 undisturbed case, " + ROWS + " rows, " + compared
                    + " changes compared, " + lost + " lost, " + duplicated + " duplicated");
            report.forEach(line -> System.err.println("FAULTS " + line));
            extractor.destroyForcibly().waitFor();
            differWriter.destroyForcibly().waitFor();
            broker.destroyForcibly().waitFor();
            store.close();
        }
        assertThat(lost).isZero();
        assertThat(duplicated).isZero();
    }

    private String inject(Fault fault, TestDatabase db, Random random, int storePort) throws Exception {
        switch (fault) {
            case KILL_EXTRACTOR -> {
                extractor.destroyForcibly().waitFor();
                extractor = start(ExtractorProcess.class);
                return "extractor killed and restarted";
            }
            case KILL_DIFFER_WRITER -> {
                differWriter.destroyForcibly().waitFor();
                differWriter = start(DifferAndWriterProcess.class);
                return "differ/writer killed and restarted";
            }
            case PG_TERMINATE -> {
                List<Map<String, Object>> killed = db.query("SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                return killed.size() + " backends terminated";
            }
            case STORE_OUTAGE -> {
                int downMillis = 2000 + random.nextInt(6000);
                store.close();
                Thread.sleep(downMillis);
                store = EmbeddedObjectStore.start(dataDir.resolve("objects"), "fault-access", "fault-secret", storePort);
                return "object store down " + downMillis + " ms";
            }
            case BROKER_RESTART -> {
                boolean kill = random.nextBoolean();
                int pauseMillis = random.nextInt(3000);
                long down = System.nanoTime();
                if (kill) {
                    broker.destroyForcibly().waitFor();
                } else {
                    broker.destroy(); // SIGTERM: the broker's clean shutdown
                    broker.waitFor();
                }
                Thread.sleep(pauseMillis);
                broker = startBroker();
                return "broker %s, down %d ms".formatted(kill ? "killed (SIGKILL)" : "stopped (SIGTERM)",
                        (System.nanoTime() - down) / 1_000_000);
            }
            default -> throw new IllegalStateException(fault.name());
        }
    }

    /** Updates about 3%, deletes about 1% and adds about 1% of the rows, chosen by the seed. */
    private static void mutate(TestDatabase db, Random random, int round) {
        int next = ((Number) db.query("SELECT coalesce(max(id), 0) AS m FROM accounts").get(0).get("m")).intValue();
        db.execute("UPDATE accounts SET balance = balance + 1, owner = owner || '+' WHERE id % 31 = " + random.nextInt(31),
                "DELETE FROM accounts WHERE id % 97 = " + random.nextInt(97),
                "INSERT INTO accounts SELECT g, 'new-" + round + "-' || g, g FROM generate_series(" + (next + 1) + ", "
                        + (next + ROWS / 100) + ") g");
    }

    private static Map<String, String> table(TestDatabase db) {
        Map<String, String> rows = new HashMap<>();
        for (Map<String, Object> row : db.query("SELECT id, owner || '|' || balance::text AS v FROM accounts")) {
            rows.put(String.valueOf(row.get("id")), (String) row.get("v"));
        }
        return rows;
    }

    /** Key to the op an undisturbed run emits for it. */
    private static Map<String, String> diff(Map<String, String> before, Map<String, String> after) {
        Map<String, String> ops = new LinkedHashMap<>();
        after.forEach((id, value) -> {
            String old = before.get(id);
            if (old == null) {
                ops.put(id, "c");
            } else if (!old.equals(value)) {
                ops.put(id, "u");
            }
        });
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id -> ops.put(id, "d"));
        return ops;
    }

    private Map<String, List<String>> opsByKey(String topic, String runId) throws Exception {
        Map<String, List<String>> ops = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(bootstrap, topic, Duration.ofSeconds(60))) {
            if (record.value() == null) {
                continue;
            }
            ChangeEvent change = ChangeEvent.parse(record.value());
            if (runId.equals(change.source().runId())) {
                String id = Json.MAPPER.readTree(record.key()).get("id").asText();
                ops.computeIfAbsent(id, k -> new ArrayList<>()).add(change.op());
            }
        }
        return ops;
    }

    /** The run's three files hold exactly the expected keys, once each, with the rows' new values. */
    private static void checkFiles(MinioClient objects, String bucket, RunEvent written, Map<String, String> expected,
                                   Map<String, String> after, String label) throws Exception {
        Map<String, String> categories = Map.of("added", "c", "modified", "u", "deleted", "d");
        for (Map.Entry<String, String> category : categories.entrySet()) {
            String file = written.files().stream().filter(f -> f.endsWith("_" + category.getKey() + ".json"))
                    .findFirst().orElseThrow();
            JsonNode rows;
            try (InputStream in = objects.getObject(GetObjectArgs.builder().bucket(bucket).object(file).build())) {
                rows = Json.MAPPER.readTree(in);
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode row : rows) {
                String id = row.get("id").asText();
                ids.add(id);
                if (!"d".equals(category.getValue())) {
                    String[] value = after.get(id).split("\\|");
                    assertThat(row.get("owner").asText()).as(label + " " + file + " id " + id).isEqualTo(value[0]);
                    assertThat(row.get("balance").decimalValue()).as(label + " " + file + " id " + id)
                            .isEqualByComparingTo(new BigDecimal(value[1]));
                }
            }
            Set<String> want = new TreeSet<>();
            expected.forEach((id, op) -> {
                if (op.equals(category.getValue())) {
                    want.add(id);
                }
            });
            assertThat(new TreeSet<>(ids)).as(label + " " + file).isEqualTo(want);
            assertThat(ids).as(label + " no duplicate rows in " + file).hasSize(want.size());
        }
    }

    private Process start(Class<?> main) throws Exception {
        return start(main, configFile.toString()).getKey();
    }

    /** Starts the broker on {@code dataDir/broker}: the same ports and state every time. */
    private Process startBroker() throws Exception {
        Map.Entry<Process, String> started = start(BrokerProcess.class, dataDir.resolve("broker").toString());
        String servers = started.getValue().substring("READY ".length());
        if (bootstrap != null && !bootstrap.equals(servers)) {
            throw new AssertionError("broker restarted on " + servers + ", not " + bootstrap);
        }
        bootstrap = servers;
        return started.getKey();
    }

    /**
     * Starts a child JVM and waits for its line starting with READY, returned with the process. The
     * child logs with the services' own configuration (to stderr, into a file of {@link #logDir});
     * its stdout is drained to the end, since a child writing to a full pipe would block.
     */
    private Map.Entry<Process, String> start(Class<?> main, String arg) throws Exception {
        Path log = logDir.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (LONG ? "1g" : "384m"), "-Dlogback.configurationFile=cdc-logback.xml", "-cp",
                System.getProperty("java.class.path"), main.getName(), arg)
                .redirectError(log.toFile());
        builder.environment().put("CDC_LOG_LEVEL", "INFO");
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard: the child's results, if any, are of no interest here
                        }
                    } catch (java.io.IOException e) {
                        // the child is gone
                    }
                }, "drain-" + main.getSimpleName());
                drain.setDaemon(true);
                drain.start();
                return Map.entry(process, line);
            }
        }
        throw new AssertionError(main.getSimpleName() + " exited before it was ready, see " + log);
    }
}
