package io.cdcflow.extractor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractorMainTest {
    @Test
    void readsTheConfigOption() {
        assertThat(ExtractorMain.configPath(new String[] {"--config", "a.json"})).contains(Path.of("a.json"));
        assertThat(ExtractorMain.configPath(new String[] {"--config=b.json"})).contains(Path.of("b.json"));
    }

    @Test
    void rejectsAnInvalidConfigurationWithExitCode2(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"datasources\": {}, \"tables\": {\"t\": {\"datasource\": \"missing\"}}}");

        assertThat(ExtractorMain.run(new String[] {"--config", config.toString()})).isEqualTo(2);
        assertThat(ExtractorMain.run(new String[] {"--config", dir.resolve("absent.json").toString()})).isEqualTo(2);
    }

    @Test
    void needsAnExternalKafka(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"datasources\": {\"d\": {\"url\": \"jdbc:postgresql://h/db\"}},"
                + " \"tables\": {\"t\": {\"datasource\": \"d\", \"method\": \"hash\"}}}");

        assertThat(ExtractorMain.run(new String[] {"--config", config.toString()})).isEqualTo(2);
    }
}
