package io.cdcflow.writer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TableAvroSchemas;
import io.cdcflow.common.core.TableSchema;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.ObjectStoreSettings;
import io.cdcflow.common.io.Topic;
import io.cdcflow.common.io.Topics;
import io.cdcflow.testkit.TestKafka;
import io.cdcflow.testkit.TestObjectStore;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.minio.RemoveObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One writer under test: its own topic prefix, bucket and data directory on the shared embedded
 * broker and object store, a producer of hand-built feed messages, and readers of what the writer
 * produced.
 */
final class WriterFixture implements AutoCloseable {
    static final String DATASOURCE = "crm";
    static final String TABLE = "users";
    static final int FEED_PARTITIONS = 3;
    /** Rows-topic partitions every run spans. */
    static final int RUN_PARTITIONS = 3;
    static final TableSchema USERS = new TableSchema(DATASOURCE, TABLE, List.of(
            Column.of("id", ColumnType.LONG, false),
            Column.of("name", ColumnType.STRING, true),
            Column.decimal("balance", 10, 2, true)), List.of("id"));
    static final String SCHEMA_JSON = TableAvroSchemas.toAvro(USERS).toString();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final String prefix;
    final String bucket;
    final Path dataDir;
    final CdcConfig config;
    final Topics topics;
    private final KafkaProducer<String, FeedMessage> producer;
    private final MinioClient s3;
    private WriterService writer;

    /**
     * @param dataDir the writer's data directory
     * @param snapshot the {@code global_settings.snapshot} section as JSON
     */
    WriterFixture(Path dataDir, String snapshot) {
        this(dataDir, snapshot, TestObjectStore.endpoint());
    }

    /**
     * @param dataDir the writer's data directory
     * @param snapshot the {@code global_settings.snapshot} section as JSON
     * @param endpoint the object store to write to; it must accept the test kit's credentials
     */
    WriterFixture(Path dataDir, String snapshot, String endpoint) {
        this(dataDir, snapshot, endpoint, "");
    }

    /**
     * A writer whose table {@code users} has more keys.
     *
     * @param tableOptions more keys of the table entry, e.g. {@code "full_image": true}
     */
    static WriterFixture withTableOptions(Path dataDir, String snapshot, String tableOptions) {
        return new WriterFixture(dataDir, snapshot, TestObjectStore.endpoint(), ", " + tableOptions);
    }

    private WriterFixture(Path dataDir, String snapshot, String endpoint, String tableOptions) {
        int instance = INSTANCES.incrementAndGet();
        this.prefix = "wit" + instance + "x" + System.nanoTime() % 100_000;
        this.bucket = "writer-it-" + prefix.toLowerCase(Locale.ROOT);
        this.dataDir = dataDir;
        this.config = CdcConfig.parse("""
                {
                  "global_settings": {"snapshot": %s},
                  "datasources": {"crm": {"url": "postgresql://u:p@localhost:5432/crm"}},
                  "tables": {"users": {"datasource": "crm", "method": "hash", "primary_key": "id"%s}},
                  "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s",
                              "data_dir": "%s"},
                  "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": %d}
                }""".formatted(snapshot, tableOptions, endpoint, TestObjectStore.accessKey(),
                TestObjectStore.secretKey(), bucket, dataDir, TestKafka.bootstrapServers(), prefix, FEED_PARTITIONS),
                name -> null);
        this.s3 = MinioClient.builder().endpoint(endpoint)
                .credentials(TestObjectStore.accessKey(), TestObjectStore.secretKey()).build();
        this.topics = new Topics(new TopicNames(prefix));
        TestKafka.createTopics(FEED_PARTITIONS, topics.names().writerFeed(), topics.names().runEvents());
        Topic<String, FeedMessage> feed = topics.writerFeed();
        this.producer = new KafkaProducer<>(TestKafka.producerProps(), feed.keySerde().serializer(),
                feed.valueSerde().serializer());
    }

    void startWriter() {
        writer = WriterService.start(config, TestKafka.bootstrapServers(), Map.of(),
                ObjectStoreSettings.of(config.storage()));
    }

    /** Starts the writer recording its meters in {@code registry}. */
    void startWriter(io.micrometer.core.instrument.MeterRegistry registry) {
        writer = WriterService.start(config, TestKafka.bootstrapServers(), Map.of(),
                ObjectStoreSettings.of(config.storage()), registry);
    }

    /** Starts the writer with other object store settings than the configured ones (wrong credentials, ...). */
    void startWriter(ObjectStoreSettings objectStore) {
        writer = WriterService.start(config, TestKafka.bootstrapServers(), Map.of(), objectStore);
    }

    /** Creates the bucket with the right credentials, so that {@link #objects()} can look into it. */
    void makeBucket() throws Exception {
        s3.makeBucket(io.minio.MakeBucketArgs.builder().bucket(bucket).build());
    }

    void stopWriter() {
        writer.close();
        assertThat(writer.failure()).isEmpty();
        writer = null;
    }

    WriterService writer() {
        return writer;
    }

    /** Sends feed messages in order and waits until they are stored. */
    void send(FeedMessage... messages) {
        try {
            for (FeedMessage message : messages) {
                producer.send(new ProducerRecord<>(topics.writerFeed().name(), message.tableId(), message)).get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The writer group's committed offset of the feed partition the table's messages go to, or -1. */
    long committedOffset() throws Exception {
        try (Admin admin = TestKafka.admin()) {
            return admin.listConsumerGroupOffsets(WriterService.groupId(prefix)).partitionsToOffsetAndMetadata().get()
                    .values().stream().mapToLong(OffsetAndMetadata::offset).max().orElse(-1);
        }
    }

    /** Rewinds the writer group to the start of the feed, as if nothing had ever been committed. */
    void forgetCommittedOffsets() throws Exception {
        try (Admin admin = TestKafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (int p = 0; p < FEED_PARTITIONS; p++) {
                start.put(new TopicPartition(topics.names().writerFeed(), p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(WriterService.groupId(prefix), start).all().get();
        }
    }

    List<RunEvent> events() {
        List<RunEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topics.names().runEvents(), TIMEOUT)) {
            events.add(RunEvent.parse(record.value()));
        }
        return events;
    }

    List<RunEvent> events(String runId) {
        return events().stream().filter(event -> event.runId().equals(runId)).toList();
    }

    /** Waits for a run's event in {@code state} and returns it. */
    RunEvent awaitEvent(String runId, RunEvent.State state) {
        return await(() -> events(runId).stream().filter(event -> event.state() == state).findFirst().orElse(null),
                "event " + state.json() + " of run " + runId);
    }

    /** The size of an object in bytes. */
    long size(String key) {
        try {
            return s3.statObject(io.minio.StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The snapshot objects in the bucket, in key order. */
    List<String> objects() {
        return objects("snapshots/");
    }

    /** The objects under a prefix, in key order. */
    List<String> objects(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : s3.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                String key = result.get().objectName();
                if (!key.endsWith("/")) {
                    keys.add(key);
                }
            }
            return keys;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] object(String key) {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(String key) throws IOException {
        return Json.MAPPER.readTree(object(key));
    }

    /** Every snapshot object's name and content (bytes as ISO-8859-1 text, so that maps compare by content). */
    Map<String, String> allObjects() {
        return allObjects("snapshots/");
    }

    /** Every object's name and content under a prefix ({@code ""} for the whole bucket). */
    Map<String, String> allObjects(String prefix) {
        Map<String, String> contents = new TreeMap<>();
        objects(prefix).forEach(key -> contents.put(key, new String(object(key), StandardCharsets.ISO_8859_1)));
        return contents;
    }

    void deleteObject(String key) throws Exception {
        s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        producer.close();
        try {
            s3.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long startMs(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static FeedMessage change(String runId, long startMs, String op, String before, String after, String key) {
        return change(runId, startMs, op, parse(before), parse(after), parse(key));
    }

    static FeedMessage change(String runId, long startMs, String op, JsonNode before, JsonNode after, JsonNode key) {
        ChangeEvent event = new ChangeEvent(op, before, after, new ChangeEvent.Source(DATASOURCE, TABLE, runId, startMs));
        return FeedMessage.change("hash", startMs, key, event);
    }

    static FeedMessage done(String runId, long startMs, int partition, String status, Counts counts) {
        return done(runId, startMs, partition, status, counts, SCHEMA_JSON);
    }

    /** A partition report carrying the given table schema (Avro schema JSON) instead of {@link #USERS}'. */
    static FeedMessage done(String runId, long startMs, int partition, String status, Counts counts,
            String schemaJson) {
        return new FeedMessage(FeedMessage.PARTITION_DONE, DATASOURCE, TABLE, runId, startMs, "hash", null, null,
                partition, RUN_PARTITIONS, status, counts, schemaJson);
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    interface Probe<T> {
        T value() throws Exception;
    }

    static <T> T await(Probe<T> probe, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                T value = probe.value();
                if (value != null && !(value instanceof Boolean b && !b)) {
                    return value;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what);
                }
                Thread.sleep(100);
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
