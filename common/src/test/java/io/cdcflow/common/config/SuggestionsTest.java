package io.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("url", "type", "timestamp_column", "primary_key");

    @Test
    void matchesDespiteCaseAndSeparators() {
        assertThat(Suggestions.closest("PrimaryKey", KEYS)).contains("primary_key");
        assertThat(Suggestions.closest("timestamp-column", KEYS)).contains("timestamp_column");
    }

    @Test
    void matchesSmallTypos() {
        assertThat(Suggestions.closest("typ", KEYS)).contains("type");
        assertThat(Suggestions.closest("timestmp_colum", KEYS)).contains("timestamp_column");
    }

    @Test
    void ignoresDistantNames() {
        assertThat(Suggestions.closest("uri_x", KEYS)).isEmpty();
        assertThat(Suggestions.closest("method", KEYS)).isEmpty();
    }

    @Test
    void hintsWithTheClosestOrAllCandidates() {
        assertThat(Suggestions.hint("ur", KEYS)).isEqualTo("(did you mean \"url\"?)");
        assertThat(Suggestions.hint("zzz", KEYS))
                .isEqualTo("(expected one of: url, type, timestamp_column, primary_key)");
        assertThat(Suggestions.hint("zzz", List.of())).isEqualTo("(there are none)");
    }
}
