package io.cdcflow.standalone.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void parsesUnitsAndIso() {
        assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse(" 2H ")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"", "30", "m", "30x", "30m foo", "-5m", "0s", "PT", "1.5h"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsShort() {
        assertThat(DurationText.format(Duration.ofMillis(420))).isEqualTo("0.4s");
        assertThat(DurationText.format(Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(DurationText.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(DurationText.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
        assertThat(DurationText.format(Duration.ofMillis(-5))).isEqualTo("0.0s");
    }
}
