package io.cdcflow.writer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterMainTest {

    private static final String TABLES = """
            "datasources": {"crm": {"url": "postgresql://u:p@localhost:5432/crm"}},
            "tables": {"users": {"datasource": "crm", "method": "hash"}}""";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return WriterMain.run(args, environment, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAConfigurationItPrintsUsage() {
        assertThat(run(Map.of())).isEqualTo(WriterMain.EXIT_USAGE);
        assertThat(err()).contains("usage: java -jar cdc-writer.jar --config <config.json>");
        assertThat(run(Map.of(), "--verbose")).isEqualTo(WriterMain.EXIT_USAGE);
    }

    @Test
    void anInvalidConfigurationIsReportedWithItsPath() throws IOException {
        Path config = write("{" + TABLES + ", \"kafka\": {\"partitions\": 0}}");

        assertThat(run(Map.of(), "--config", config.toString())).isEqualTo(WriterMain.EXIT_USAGE);
        assertThat(err()).contains("$.kafka.partitions");
    }

    @Test
    void aMissingFileNamedInTheEnvironmentIsReported() {
        assertThat(run(Map.of(WriterMain.CONFIG_ENV, dir.resolve("absent.json").toString())))
                .isEqualTo(WriterMain.EXIT_USAGE);
        assertThat(err()).contains("cannot read").contains("absent.json");
    }

    @Test
    void theServiceNeedsExternalKafkaAndObjectStore() throws IOException {
        Path embedded = write("{" + TABLES + "}");
        assertThat(run(Map.of(), "--config=" + embedded)).isEqualTo(WriterMain.EXIT_USAGE);
        assertThat(err()).contains("kafka.bootstrap_servers");

        Path embeddedStore = write("{" + TABLES + ", \"kafka\": {\"bootstrap_servers\": \"localhost:9092\"}}");
        assertThat(run(Map.of(), "--config", embeddedStore.toString())).isEqualTo(WriterMain.EXIT_USAGE);
        assertThat(err()).contains("storage.endpoint");
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "config", ".json");
        Files.writeString(file, json);
        return file;
    }
}
