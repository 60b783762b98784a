package io.cdcflow.writer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topic;
import io.cdcflow.common.io.Topics;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import io.cdcflow.writer.core.RunSummary;
import io.cdcflow.writer.core.SummaryFile;
import io.minio.DownloadObjectArgs;
import io.minio.MinioClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer in its own JVM with a 128 MB heap ({@code -Xmx128m}) writes one large run per format (JSON,
 * JSON Lines, CSV, Parquet, Avro), with {@code full_image} on, and every file holds exactly the expected
 * number of rows, counted by reading it back with Jackson, Commons CSV, parquet-avro and Avro. Prints the
 * wall time per format (from the previous table's summary to this table's), the rows per second and the
 * writer JVM's heap figures; nothing is asserted about time.
 *
 * <p>Changes per run: {@code -Dcdc.lowheap.changes} (default 200000, which CI runs); the numbers in
 * docs/performance.md come from {@code -Dcdc.lowheap.changes=1000000}, with and without
 * {@code -Dcdc.lowheap.fullImage=false}. The feed has one partition, so the
 * tables are written one after the other, in the order above.
 */
class LowHeapWriterIT {
    private static final String DATASOURCE = "crm";
    private static final List<String> FORMATS = List.of("json", "jsonl", "csv", "parquet", "avro");
    private static final int CHANGES = Integer.getInteger("cdc.lowheap.changes", 200_000);
    private static final String HEAP = System.getProperty("cdc.lowheap.xmx", "128m");
    private static final boolean FULL_IMAGE = Boolean.parseBoolean(System.getProperty("cdc.lowheap.fullImage", "true"));
    private static final long START_MS = 1_734_273_022_000L;
    private static final String TIMESTAMP = "20241215_143022";
    private static final long TIMEOUT_MS = TimeUnit.MINUTES.toMillis(Math.max(10, CHANGES / 20_000));

    @TempDir
    Path dir;

    @Test
    void aLargeRunInEveryFormatIsWrittenWithA128MbHeapAndReadsBackWithEveryRow() throws Exception {
        String prefix = "lowheap" + System.nanoTime() % 100_000;
        String bucket = "writer-" + prefix;
        Topics topics = new Topics(new TopicNames(prefix));
        TestKafka.createTopics(1, topics.names().writerFeed(), topics.names().runEvents());
        TestObjectStore.createBucket(bucket);
        Path config = dir.resolve("config.json");
        Files.writeString(config, config(prefix, bucket, dir.resolve("writer-data")));

        List<String> tables = new ArrayList<>(List.of("warmup"));
        FORMATS.forEach(format -> tables.add("t_" + format));
        long produceStart = System.nanoTime();
        produce(topics, tables);
        System.out.printf(Locale.ROOT, "LOWHEAP produced %d changes per format in %.1f s%n", CHANGES,
                (System.nanoTime() - produceStart) / 1e9);

        Path log = dir.resolve("writer.log");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                HeapReportingWriter.class.getName(), config.toString())
                .redirectError(log.toFile()).start();
        Map<String, Long> writtenAt = new LinkedHashMap<>();
        Map<String, Long> cpuAt = new LinkedHashMap<>();
        String heap;
        MinioClient s3 = TestObjectStore.client();
        {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            for (String table : tables) {
                String summary = "snapshots/" + DATASOURCE + "/" + table + "/" + TIMESTAMP + "_summary.json";
                while (!exists(bucket, summary)) {
                    if (!writer.isAlive()) {
                        throw new AssertionError("the writer process ended; its log: " + tail(log));
                    }
                    assertThat(System.currentTimeMillis()).as("waiting for %s", summary).isLessThan(deadline);
                    Thread.sleep(200);
                }
                writtenAt.put(table, System.nanoTime());
                cpuAt.put(table, writer.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L));
            }
            heap = stop(writer, log);

            for (String format : FORMATS) {
                checkFiles(s3, bucket, "t_" + format, format);
            }
        }
        report(writtenAt, cpuAt, heap);
        assertThat(heap).contains("failed=false");
    }

    private static String config(String prefix, String bucket, Path dataDir) {
        StringBuilder tables = new StringBuilder("\"warmup\": {\"datasource\": \"crm\", \"method\": \"hash\","
                + " \"snapshot_format\": \"json\"}");
        for (String format : FORMATS) {
            tables.append(", \"t_").append(format).append("\": {\"datasource\": \"crm\", \"method\": \"hash\","
                    + " \"snapshot_format\": \"").append(format).append("\", \"full_image\": ").append(FULL_IMAGE)
                    .append('}');
        }
        return """
                {
                  "datasources": {"crm": {"url": "postgresql://u:p@localhost:5432/crm"}},
                  "tables": {%s},
                  "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s",
                              "data_dir": "%s"},
                  "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": 1}
                }""".formatted(tables, TestObjectStore.endpoint(), TestObjectStore.accessKey(),
                TestObjectStore.secretKey(), bucket, dataDir, TestKafka.bootstrapServers(), prefix);
    }

    /** Change i of a run: every 20th a modification, every 20th (offset 1) a delete, the rest inserts. */
    private static String op(int i) {
        return i % 20 == 0 ? "u" : i % 20 == 1 ? "d" : "c";
    }

    private static long expected(String op) {
        long count = 0;
        for (int i = 0; i < CHANGES; i++) {
            count += op(i).equals(op) ? 1 : 0;
        }
        return count;
    }

    private static TableSchema schema(String table) {
        return new TableSchema(DATASOURCE, table, List.of(
                Column.of("id", ColumnType.LONG, false),
                Column.of("name", ColumnType.STRING, true),
                Column.decimal("balance", 12, 2, true),
                Column.of("active", ColumnType.BOOLEAN, true),
                Column.of("note", ColumnType.STRING, true)), List.of("id"));
    }

    private static void produce(Topics topics, List<String> tables) {
        Topic<String, FeedMessage> feed = topics.writerFeed();
        Map<String, Object> props = new java.util.HashMap<>(TestKafka.producerProps());
        props.put("linger.ms", 20);
        props.put("batch.size", 512 * 1024);
        props.put("compression.type", "lz4");
        try (KafkaProducer<String, FeedMessage> producer = new KafkaProducer<>(props, feed.keySerde().serializer(),
                feed.valueSerde().serializer())) {
            for (String table : tables) {
                int changes = table.equals("warmup") ? 1 : CHANGES;
                String run = table + "-run";
                for (int i = 0; i < changes; i++) {
                    String op = op(i);
                    ObjectNode row = Json.MAPPER.createObjectNode().put("id", (long) i).put("name", "name " + i)
                            .put("balance", BigDecimal.valueOf(i * 37L % 1_000_000, 2)).put("active", i % 3 == 0)
                            .put("note", "a note of about fifty characters for row " + i);
                    JsonNode key = Json.MAPPER.createObjectNode().put("id", (long) i);
                    ChangeEvent event = new ChangeEvent(op, op.equals("c") ? null : row, op.equals("d") ? null : row,
                            new ChangeEvent.Source(DATASOURCE, table, run, START_MS));
                    FeedMessage change = new FeedMessage(FeedMessage.CHANGE, DATASOURCE, table, run, START_MS, "hash",
                            key, event, null, null, null, null, null);
                    producer.send(new ProducerRecord<>(feed.name(), DATASOURCE + "." + table, change));
                }
                Counts counts = new Counts(changes, changes == 1 ? 1 : expected("c"), changes == 1 ? 0 : expected("u"),
                        changes == 1 ? 0 : expected("d"), 0);
                producer.send(new ProducerRecord<>(feed.name(), DATASOURCE + "." + table,
                        new FeedMessage(FeedMessage.PARTITION_DONE, DATASOURCE, table, run, START_MS, "hash", null,
                                null, 0, 1, FeedMessage.COMPLETE, counts,
                                TableAvroSchemas.toAvro(schema(table)).toString())));
            }
            producer.flush();
        }
    }

    private static boolean exists(String bucket, String key) {
        return !TestObjectStore.list(bucket, key).isEmpty();
    }

    private static String stop(Process writer, Path log) throws Exception {
        try (OutputStream stdin = writer.getOutputStream()) {
            stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(writer.waitFor(2, TimeUnit.MINUTES)).as("writer stopped").isTrue();
        assertThat(writer.exitValue()).as("writer exit; log: %s", tail(log)).isZero();
        return out.lines().filter(line -> line.startsWith("HEAP ")).findFirst().orElse("HEAP (no figures) failed=?");
    }

    private void checkFiles(MinioClient s3, String bucket, String table, String format) throws Exception {
        String directory = "snapshots/" + DATASOURCE + "/" + table + "/" + TIMESTAMP + "_";
        RunSummary summary = RunSummary.parse(TestObjectStore.get(bucket, directory + "summary.json"));
        Map<String, Long> expected = Map.of("added", expected("c"), "modified", expected("u"), "deleted", expected("d"),
                // the image: every id except the deleted ones
                "full", CHANGES - expected("d"));
        assertThat(summary.files()).extracting(SummaryFile::operation).containsExactlyElementsOf(FULL_IMAGE
                ? List.of("added", "modified", "deleted", "full") : List.of("added", "modified", "deleted"));
        for (SummaryFile file : summary.files()) {
            Path local = dir.resolve(table + "-" + file.operation() + "." + format);
            s3.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(file.path())
                    .filename(local.toString()).build());
            long rows = count(format, local);
            assertThat(rows).as("rows read back from %s", file.path()).isEqualTo(expected.get(file.operation()))
                    .isEqualTo(file.rows());
            Files.delete(local);
        }
    }

    /** Rows in a file, read with a reader of the format that shares no code with the writer. */
    private static long count(String format, Path file) throws IOException {
        long rows = 0;
        switch (format) {
            case "json" -> {
                try (JsonParser parser = Json.MAPPER.createParser(file.toFile())) {
                    assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        rows++;
                    }
                }
            }
            case "jsonl" -> {
                try (BufferedReader lines = Files.newBufferedReader(file)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        assertThat(Json.MAPPER.readTree(line).has("id")).isTrue();
                        rows++;
                    }
                }
            }
            case "csv" -> {
                try (Reader reader = Files.newBufferedReader(file);
                        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                                .parse(reader)) {
                    for (var record : parser) {
                        assertThat(record.size()).isEqualTo(9);
                        rows++;
                    }
                }
            }
            case "parquet" -> {
                try (ParquetReader<GenericRecord> reader = AvroParquetReader
                        .<GenericRecord>builder(new LocalInputFile(file), new PlainParquetConfiguration())
                        .withDataModel(new GenericData()).build()) {
                    while (reader.read() != null) {
                        rows++;
                    }
                }
            }
            case "avro" -> {
                try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(),
                        new GenericDatumReader<>(null, null, new GenericData()))) {
                    GenericRecord reuse = null;
                    while (reader.hasNext()) {
                        reuse = reader.next(reuse);
                        rows++;
                    }
                }
            }
            default -> throw new IllegalArgumentException(format);
        }
        return rows;
    }

    /**
     * Per format: wall time from the previous table's summary to this one's, and the CPU time the writer
     * process used meanwhile (all its threads), with the changes per second of each; the CPU figure is the
     * steadier one on a shared machine.
     */
    private static void report(Map<String, Long> writtenAt, Map<String, Long> cpuAt, String heap) {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "LOWHEAP writer -Xmx%s, %d changes per format (files: added, modified, deleted%s), "
                        + "load average %.1f on %d cores%n", HEAP, CHANGES, FULL_IMAGE ? ", full" : "",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        long previous = writtenAt.get("warmup");
        long previousCpu = cpuAt.get("warmup");
        for (String format : FORMATS) {
            long at = writtenAt.get("t_" + format);
            long cpu = cpuAt.get("t_" + format);
            double seconds = (at - previous) / 1e9;
            double cpuSeconds = (cpu - previousCpu) / 1e9;
            report.append(String.format(Locale.ROOT,
                    "LOWHEAP %-8s wall %7.1f s %9.0f changes/s   writer cpu %7.1f s %9.0f changes/cpu-s%n", format,
                    seconds, CHANGES / seconds, cpuSeconds, CHANGES / cpuSeconds));
            previous = at;
            previousCpu = cpu;
        }
        report.append("LOWHEAP ").append(heap).append('\n');
        System.out.print(report);
        try {
            Files.writeString(Path.of("target", "low-heap-writer.txt"), report);
        } catch (IOException e) {
            System.out.println("LOWHEAP cannot write target/low-heap-writer.txt: " + e);
        }
    }

    private static String tail(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
