package io.cdcflow.differ.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointLayoutTest {
    private static final String PREFIX = "shop/orders/hash_state/";

    @Test
    void namesFollowTheSeedLayout() {
        String id = CheckpointLayout.id(Instant.parse("2024-12-15T14:30:22.999Z"));
        assertThat(id).isEqualTo("20241215_143022");
        assertThat(CheckpointLayout.tablePrefix("shop", "orders")).isEqualTo(PREFIX);
        assertThat(CheckpointLayout.part("shop", "orders", id, 3))
                .isEqualTo("shop/orders/hash_state/20241215_143022/part-00003.jsonl.gz");
        assertThat(CheckpointLayout.manifest("shop", "orders", id))
                .isEqualTo("shop/orders/hash_state/20241215_143022/manifest.json");
        assertThat(CheckpointLayout.isId("20241215_143022")).isTrue();
        assertThat(CheckpointLayout.isId("latest")).isFalse();
    }

    @Test
    void onlyCheckpointsWithAManifestAreComplete() {
        List<String> keys = List.of(
                PREFIX + "20240101_000000/part-00000.jsonl.gz", PREFIX + "20240101_000000/manifest.json",
                PREFIX + "20240102_000000/part-00000.jsonl.gz",
                PREFIX + "notes.txt", PREFIX + "other/manifest.json");
        assertThat(CheckpointLayout.ids(PREFIX, keys)).containsExactly("20240101_000000", "20240102_000000");
        assertThat(CheckpointLayout.completeIds(PREFIX, keys)).containsExactly("20240101_000000");
    }

    @Test
    void expiredKeepsTheNewestCompleteOnesAndNewerIncompleteOnes() {
        List<String> keys = List.of(
                PREFIX + "20240101_000000/manifest.json",
                PREFIX + "20240102_000000/part-00000.jsonl.gz",
                PREFIX + "20240103_000000/manifest.json",
                PREFIX + "20240104_000000/manifest.json",
                PREFIX + "20240105_000000/manifest.json",
                PREFIX + "20240106_000000/part-00000.jsonl.gz");
        assertThat(CheckpointLayout.expired(PREFIX, keys, 3)).containsExactly("20240101_000000", "20240102_000000");
        assertThat(CheckpointLayout.expired(PREFIX, keys, 4)).isEmpty();
        assertThat(CheckpointLayout.expired(PREFIX, keys, 1)).containsExactly(
                "20240101_000000", "20240102_000000", "20240103_000000", "20240104_000000");
    }
}
