package io.cdcflow.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The shared logging configuration, loaded the way the mains load it, in both formats. */
class LoggingTest {
    @Test
    void jsonLinesCarryTheRunFromTheMdc() throws Exception {
        List<String> lines = log("json");
        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo("io.cdcflow.test.Run");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("Read 42 rows");
        assertThat(line.at("/mdc/datasource").asText()).isEqualTo("shop");
        assertThat(line.at("/mdc/table").asText()).isEqualTo("orders");
        assertThat(line.at("/mdc/run_id").asText()).isEqualTo("scheduled__1");
        assertThat(line.get("timestamp").asLong()).isPositive();
    }

    @Test
    void textIsTheDefault() throws Exception {
        List<String> lines = log(null);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("\\S+ INFO  \\[main\\] io\\.cdcflow\\.test\\.Run \\[shop\\.orders "
                + "scheduled__1\\] - Read 42 rows");
    }

    @Test
    void formatNames() {
        assertThat(Logging.format("JSON")).isEqualTo("json");
        assertThat(Logging.format(" json ")).isEqualTo("json");
        assertThat(Logging.format(null)).isEqualTo("text");
        assertThat(Logging.format("yaml")).isEqualTo("text");
    }

    /** Configures a fresh logback context from the shared resource and logs one line inside a run. */
    private static List<String> log(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty(Logging.FORMAT_ENV, Logging.format(format));
        context.putProperty("CDC_LOG_LEVEL", "INFO");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Logging.class.getClassLoader().getResource(Logging.CONFIG_RESOURCE));
            MDC.put("datasource", "shop");
            MDC.put("table", "orders");
            MDC.put("run_id", "scheduled__1");
            try {
                context.getLogger("io.cdcflow.test.Run").info("Read {} rows", 42);
                context.getLogger("io.cdcflow.test.Run").debug("not at INFO");
            } finally {
                MDC.clear();
            }
            // logback prints its status to stdout when one is a warning; stdout carries cdc run's results
            assertThat(context.getStatusManager().getCopyOfStatusList())
                    .noneMatch(status -> status.getLevel() >= ch.qos.logback.core.status.Status.WARN);
        } finally {
            context.stop();
            System.setErr(originalErr);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }
}
