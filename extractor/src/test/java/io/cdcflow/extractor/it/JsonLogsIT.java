package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.RunCommand;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.common.io.Logging;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.testkit.TestDatabase;
import io.cdcflow.testkit.TestDatabases;
import io.cdcflow.testkit.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real run with the shared logging configuration in JSON: the extractor's lines about the run are
 * JSON objects on stderr carrying the run's datasource, table and run id from the MDC.
 */
class JsonLogsIT {
    @Test
    void runLinesAreJsonWithTheRunContext() throws Exception {
        TestDatabase db = TestDatabases.postgres().createDatabase("extractor_json_logs");
        new OrderLinesTable(db).create(5);
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                .datasource("shop", db.jdbcUrl(), db.user(), db.password())
                .table("lines", "shop", Map.of("table", OrderLinesTable.NAME))
                .build();
        fixture.createTopics(config);

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            context.reset();
            context.putProperty(Logging.FORMAT_ENV, "json");
            context.putProperty("CDC_LOG_LEVEL", "INFO");
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Logging.class.getClassLoader().getResource(Logging.CONFIG_RESOURCE));
            System.setErr(new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8));
            try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of(),
                    "json-logs")) {
                fixture.sendCommand("shop.lines", RunCommand.extract("shop", "lines", "run-json",
                        Instant.parse("2024-06-01T08:00:00Z"), "test"));
                fixture.awaitRunEvent(e -> e.state() == RunEvent.State.EXTRACTED);
                assertThat(service.failure()).isEmpty();
            }
        } finally {
            System.setErr(originalErr);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(lines).as(captured.toString(StandardCharsets.UTF_8)).isNotEmpty();
        JsonNode extracted = lines.stream()
                .filter(line -> line.path("formattedMessage").asText().startsWith("Run run-json extracted 5 rows"))
                .findFirst().orElseThrow(() -> new AssertionError("no extracted line in " + lines));
        assertThat(extracted.get("level").asText()).isEqualTo("INFO");
        assertThat(extracted.get("loggerName").asText()).isEqualTo("io.cdcflow.extractor.io.RunExecutor");
        assertThat(extracted.at("/mdc/datasource").asText()).isEqualTo("shop");
        assertThat(extracted.at("/mdc/table").asText()).isEqualTo("lines");
        assertThat(extracted.at("/mdc/run_id").asText()).isEqualTo("run-json");
    }

    /** Writes to both streams: the test reads one, the build log keeps the other. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
