package io.cdcflow.differ.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Json;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CheckpointEntryTest {
    private static final byte[] HASH = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, (byte) 0xff};

    @Test
    void lineCarriesReadableFieldsAndTheExactState() throws Exception {
        byte[] state = new RowState(HASH, "run-7", null).toBytes();
        CheckpointEntry entry = CheckpointEntry.of("[42,\"eu\"]", state,
                Json.MAPPER.readTree("{\"id\":42,\"region\":\"eu\",\"amount\":10.50}"));
        String line = entry.toJsonLine();
        assertThat(line).isEqualTo("{\"key\":\"[42,\\\"eu\\\"]\",\"hash\":\"000102030405060708090a0b0c0d0eff\","
                + "\"last_run_id\":\"run-7\",\"image\":{\"id\":42,\"region\":\"eu\",\"amount\":10.50},\"state\":\""
                + Base64.getEncoder().encodeToString(state) + "\"}");
        CheckpointEntry parsed = CheckpointEntry.parse(line);
        assertThat(parsed.key()).isEqualTo("[42,\"eu\"]");
        assertThat(parsed.state()).isEqualTo(state);
        assertThat(parsed.lastRunId()).isEqualTo("run-7");
        assertThat(parsed.image()).isEqualTo(entry.image());
    }

    @Test
    void imageIsLeftOutWhenNotKept() {
        byte[] state = new RowState(HASH, "r", null).toBytes();
        String line = CheckpointEntry.of("[1]", state, null).toJsonLine();
        assertThat(line).doesNotContain("image");
        assertThat(CheckpointEntry.parse(line).image()).isNull();
    }
}
