package io.cdcflow.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.RunEvent;
import io.cdcflow.extractor.TestConfigs;
import io.cdcflow.extractor.app.ExtractorService;
import io.cdcflow.extractor.io.DeadLetters;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** Commands that cannot run go to the dead-letter topic, with a FAILED event, and are committed. */
class DeadLetterIT {

    @Test
    void deadLettersMalformedCommandsAndUnknownTables() {
        PipelineFixture fixture = new PipelineFixture();
        CdcConfig config = TestConfigs.builder()
                .topicPrefix(fixture.prefix())
                // never connected to: no command here reaches the database
                .datasource("shop", "jdbc:postgresql://127.0.0.1:9/shop", "u", "p")
                .table("lines", "shop", Map.of())
                .build();
        fixture.createTopics(config);
        byte[] notJson = "run lines please".getBytes(StandardCharsets.UTF_8);
        byte[] unknownTable = "{\"command\":\"extract\",\"table\":\"nope\"}".getBytes(StandardCharsets.UTF_8);

        try (ExtractorService service = ExtractorService.start(config, TestKafka.bootstrapServers(), Map.of())) {
            fixture.send("shop.lines", notJson, new RecordHeader("trace", new byte[] {1, 2}));
            fixture.send("shop.nope", unknownTable);
            fixture.awaitRunEvents(e -> e.state() == RunEvent.State.FAILED, 2);
            assertThat(service.failure()).isEmpty();
        }

        List<ConsumerRecord<byte[], byte[]>> dead = TestKafka.readAll(fixture.topics().commandsDeadLetter().name(),
                PipelineFixture.TIMEOUT);
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> first = dead.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8)
                .equals("shop.lines")).findFirst().orElseThrow();
        assertThat(first.value()).isEqualTo(notJson);
        assertThat(header(first, "trace")).isEqualTo("\u0001\u0002");
        assertThat(header(first, DeadLetters.ERROR)).startsWith("command is not valid JSON");
        assertThat(header(first, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(fixture.topics().commands().name());
        assertThat(header(first, DeadLetters.ORIGINAL_OFFSET)).isEqualTo("0");
        assertThat(header(first, DeadLetters.ORIGINAL_PARTITION)).matches("[0-2]");
        ConsumerRecord<byte[], byte[]> second = dead.stream().filter(r -> r != first).findFirst().orElseThrow();
        assertThat(second.value()).isEqualTo(unknownTable);
        assertThat(header(second, DeadLetters.ERROR)).isEqualTo("unknown table \"nope\"; known tables: lines");

        List<ConsumerRecord<byte[], byte[]>> events = fixture.runEventRecords();
        assertThat(events).hasSize(2);
        assertThat(events).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("unknown", "nope");
        assertThat(fixture.runEvents()).allSatisfy(e -> {
            assertThat(e.state()).isEqualTo(RunEvent.State.FAILED);
            assertThat(e.error()).isNotBlank();
            assertThat(e.runId()).isNotBlank();
        });
        assertThat(fixture.committedCommands()).isEqualTo(2);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
