package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.common.io.Topics;
import io.cdcflow.embedded.EmbeddedObjectStore;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security (docs/reliability.md, S-01 to S-04): a whole {@code cdc run} in a child JVM, with known
 * passwords for two SELECT-only database users (PostgreSQL and MariaDB), a wrong password, the S3
 * secret key and Kafka client secrets; no password appears in the child's stdout and stderr (DEBUG
 * for our loggers, INFO for Kafka's), in any record, key or header of any pipeline topic (run
 * events, DLQ, rows, changes), in any object in the bucket (files, summaries) or in any file the
 * services left in their data directory.
 */
class SecurityIT {
    private static final String PG_SECRET = "Pg-Reader-S3cret-41";
    private static final String MY_SECRET = "My-Reader-S3cret-42";
    private static final String S3_SECRET = "S3-Secret-Key-43";
    private static final String KAFKA_SECRET = "Kafka-Key-S3cret-44";
    private static final String JAAS_SECRET = "Jaas-S3cret-46";
    private static final String WRONG_SECRET = "Wrong-Pw-S3cret-45";
    private static final List<String> SECRETS = List.of(PG_SECRET, MY_SECRET, S3_SECRET, KAFKA_SECRET, JAAS_SECRET,
            WRONG_SECRET);

    @TempDir
    Path dataDir;

    @Test
    void noPasswordLeaksAndSelectOnlyUsersSuffice() throws Exception {
        TestDatabase pg = TestDatabases.postgres().createDatabase("rel_security");
        pg.execute("CREATE TABLE items (id integer PRIMARY KEY, name text)",
                "INSERT INTO items VALUES (1, 'pg-one'), (2, 'pg-two')",
                "CREATE TABLE payroll (id integer PRIMARY KEY, salary integer)", "INSERT INTO payroll VALUES (1, 100)",
                "DROP ROLE IF EXISTS cdc_reader",
                "CREATE ROLE cdc_reader LOGIN PASSWORD '" + PG_SECRET + "'",
                // the least-privilege grants of docs/reliability.md (CONNECT and USAGE are PUBLIC's by default)
                "REVOKE ALL ON DATABASE rel_security FROM PUBLIC",
                "GRANT CONNECT ON DATABASE rel_security TO cdc_reader",
                "GRANT USAGE ON SCHEMA public TO cdc_reader",
                "GRANT SELECT ON items TO cdc_reader");
        TestDatabase maria = TestDatabases.mariadb().createDatabase("rel_security");
        maria.execute("CREATE TABLE items (id integer PRIMARY KEY, name text)",
                "INSERT INTO items VALUES (1, 'my-one')",
                "DROP USER IF EXISTS 'cdc_reader'@'%'",
                "CREATE USER 'cdc_reader'@'%' IDENTIFIED BY '" + MY_SECRET + "'",
                "GRANT SELECT ON rel_security.items TO 'cdc_reader'@'%'");

        String prefix = ItConfigs.uniqueName("relsec");
        String bucket = ItConfigs.uniqueName("relsec");
        Map<String, String> datasources = new LinkedHashMap<>();
        datasources.put("pg", Reliability.datasource(pg, "cdc_reader", PG_SECRET));
        datasources.put("my", Reliability.datasource(maria, "cdc_reader", MY_SECRET));
        datasources.put("wrong", "{\"url\": " + Reliability.str(pg.jdbcUrl().replace("jdbc:", "")
                .replace("//", "//cdc_reader:" + WRONG_SECRET + "@")) + "}");
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("pg_items", "{\"datasource\": \"pg\", \"method\": \"hash\", \"table\": \"items\"}");
        tables.put("pg_payroll", "{\"datasource\": \"pg\", \"method\": \"hash\", \"table\": \"payroll\", \"primary_key\": \"id\"}");
        tables.put("my_items", "{\"datasource\": \"my\", \"method\": \"hash\", \"table\": \"items\"}");
        tables.put("wrong_items", "{\"datasource\": \"wrong\", \"method\": \"hash\", \"table\": \"items\"}");

        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dataDir.resolve("objects"), "rel-access", S3_SECRET)) {
            String storage = "{\"endpoint\": \"%s\", \"access_key\": \"rel-access\", \"secret_key\": \"%s\", \"bucket\": \"%s\", \"data_dir\": \"%s\"}"
                    .formatted(store.endpoint(), S3_SECRET, bucket, dataDir.resolve("cdc").toAbsolutePath());
            String kafkaProperties = "{\"ssl.key.password\": \"" + KAFKA_SECRET + "\", \"sasl.jaas.config\": "
                    + Reliability.str("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
                    + JAAS_SECRET + "\";") + "}";
            String json = Reliability.config(datasources, tables, prefix, bucket, dataDir, 100, storage, kafkaProperties);
            Path configFile = Files.writeString(dataDir.resolve("config.json"), json);
            CdcConfig config = Reliability.parse(json);
            assertThat(config.toString()).doesNotContain(SECRETS);
            Pipeline.createTopics(config);
            Topics topics = new Topics(new TopicNames(prefix));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TestKafka.producerProps())) {
                producer.send(new ProducerRecord<>(topics.commands().name(), "pg.items".getBytes(StandardCharsets.UTF_8),
                        "not json".getBytes(StandardCharsets.UTF_8))).get();
            }

            Path stdout = dataDir.resolve("stdout.txt");
            Path stderr = dataDir.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), CdcCli.class.getName(),
                    "run", "--config", configFile.toString())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().put("CDC_LOG_LEVEL", "DEBUG");
            builder.environment().put("CDC_LIBRARY_LOG_LEVEL", "INFO");
            Process child = builder.start();
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("cdc run ends").isTrue();
            assertThat(child.exitValue()).as("two runs fail").isEqualTo(1);

            // S-03 least privilege: SELECT on the table is all the extractor needs
            Map<String, RunEvent> terminal = new HashMap<>();
            List<String> texts = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (String topic : TestKafka.admin().listTopics().names().get()) {
                if (!topic.startsWith(prefix + ".") && !topic.startsWith(prefix + "-")) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topic, Duration.ofSeconds(30))) {
                    texts.add(topic + " key " + latin1(record.key()));
                    texts.add(topic + " value " + latin1(record.value()));
                    for (Header header : record.headers()) {
                        texts.add(topic + " header " + header.key() + "=" + latin1(header.value()));
                    }
                    if (topic.equals(topics.runEvents().name())) {
                        RunEvent event = RunEvent.parse(record.value());
                        if (event.state().terminal()) {
                            terminal.put(event.table(), event);
                        }
                        if (event.error() != null) {
                            errors.add(event.error());
                        }
                    }
                }
            }
            assertThat(terminal.get("pg_items").state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(terminal.get("pg_items").counts().added()).isEqualTo(2);
            assertThat(terminal.get("my_items").state()).isEqualTo(RunEvent.State.WRITTEN);
            assertThat(terminal.get("my_items").counts().added()).isEqualTo(1);
            assertThat(terminal.get("pg_payroll").state()).isEqualTo(RunEvent.State.FAILED);
            assertThat(terminal.get("pg_payroll").error()).contains("permission denied for table payroll");
            assertThat(terminal.get("wrong_items").state()).isEqualTo(RunEvent.State.FAILED);
            assertThat(terminal.get("wrong_items").error()).contains("password authentication failed for user \"cdc_reader\"");
            assertThat(errors).anyMatch(error -> error.startsWith("command is not valid JSON"));

            // S-01 logs, S-02 topics, S-04 objects and data files
            texts.add(Files.readString(stdout));
            texts.add(Files.readString(stderr));
            assertThat(texts.get(texts.size() - 1)).as("logs were captured").contains("Extractor " + prefix);
            MinioClient client = MinioClient.builder().endpoint(store.endpoint()).credentials("rel-access", S3_SECRET)
                    .build();
            int objects = 0;
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
                try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket)
                        .object(item.get().objectName()).build())) {
                    texts.add(item.get().objectName() + " " + latin1(in.readAllBytes()));
                    if (item.get().objectName().startsWith("snapshots/")) {
                        objects++;
                    }
                }
            }
            // two written runs and the failed payroll run (its START went out before the SELECT was
            // refused, so the writer writes its empty, incomplete set); the differ's state
            // checkpoints are read for secrets too but not counted here
            assertThat(objects).as("files and summaries").isEqualTo(12);
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(configFile)).toList()) {
                    texts.add(file + " " + latin1(Files.readAllBytes(file)));
                }
            }
            for (String secret : SECRETS) {
                String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
                for (String text : texts) {
                    assertThat(text.contains(secret) || text.contains(base64))
                            .as("%s appears in %s", secret, text.length() > 300 ? text.substring(0, 300) : text)
                            .isFalse();
                }
            }
        }
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
