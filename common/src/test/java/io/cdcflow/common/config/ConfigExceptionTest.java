package io.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    @Test
    void listsEveryErrorOnItsOwnLine() {
        ConfigException e = new ConfigException(List.of(
                new ConfigError("$.tables.users.method",
                        "must be one of hash, timestamp, hash-partition (was \"foo\")"),
                new ConfigError("$.kafka.partitions", "must be between 1 and 10000 (was 0)")));

        assertThat(e).hasMessage("$.tables.users.method: must be one of hash, timestamp, hash-partition (was \"foo\")\n"
                + "$.kafka.partitions: must be between 1 and 10000 (was 0)");
    }

    @Test
    void keepsAnImmutableCopyOfTheErrors() {
        List<ConfigError> errors = new ArrayList<>(List.of(new ConfigError("$", "is empty")));
        ConfigException e = new ConfigException(errors);
        errors.clear();

        assertThat(e.errors()).containsExactly(new ConfigError("$", "is empty"));
        assertThatThrownBy(() -> e.errors().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void needsAtLeastOneError() {
        assertThatThrownBy(() -> new ConfigException(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ConfigException needs at least one error");
    }

    @Test
    void errorPrintsAsPathAndReason() {
        assertThat(new ConfigError("$.a", "is required")).hasToString("$.a: is required");
    }
}
