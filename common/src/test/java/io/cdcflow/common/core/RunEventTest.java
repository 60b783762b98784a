package io.cdcflow.common.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunEventTest {
    @Test
    void aSchemaChangeIsWrittenAndReadBackAndLeftOutWhenAbsent() {
        RunEvent diffed = RunEvent.of("r1", "shop", "orders", RunEvent.State.DIFFED,
                Instant.parse("2024-12-15T14:30:25.120Z"), "hash").withCounts(new Counts(2, 0, 2, 0, 0))
                .withSchemaChange(new SchemaChange("00000000000000aa", "00000000000000bb"));
        String json = new String(diffed.toJson(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"run_id\":\"r1\",\"datasource\":\"shop\",\"table\":\"orders\","
                + "\"state\":\"diffed\",\"at\":\"2024-12-15T14:30:25.120Z\",\"method\":\"hash\","
                + "\"counts\":{\"rows\":2,\"added\":0,\"modified\":2,\"deleted\":0,\"unchanged\":0},"
                + "\"schema_change\":{\"previous\":\"00000000000000aa\",\"current\":\"00000000000000bb\"}}");
        assertThat(RunEvent.parse(diffed.toJson())).isEqualTo(diffed);
        assertThat(new String(diffed.withSchemaChange(null).toJson(), StandardCharsets.UTF_8))
                .doesNotContain("schema_change");
    }
}
