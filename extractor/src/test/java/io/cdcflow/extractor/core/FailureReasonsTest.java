package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureReasonsTest {
    private final FailureReasons reasons = new FailureReasons(List.of("s3cr3t", ""));

    @Test
    void describesTheFailureAndItsRootCause() {
        Exception failure = new IllegalStateException("pool timed out",
                new RuntimeException("wrapper", new java.net.ConnectException("Connection refused")));

        assertThat(reasons.describe(failure)).isEqualTo(
                "IllegalStateException: pool timed out (caused by ConnectException: Connection refused)");
    }

    @Test
    void doesNotRepeatARootCauseAlreadyInTheMessage() {
        Exception failure = new IllegalStateException("x: boom", new RuntimeException("boom"));

        assertThat(reasons.describe(failure)).isEqualTo("IllegalStateException: x: boom");
    }

    @Test
    void masksSecretsAndBoundsTheLength() {
        assertThat(reasons.describe(new RuntimeException("password s3cr3t rejected")))
                .isEqualTo("RuntimeException: password ****** rejected");
        String longMessage = "s3cr3t".repeat(200);
        assertThat(reasons.describe(new RuntimeException(longMessage)))
                .hasSize(FailureReasons.MAX_LENGTH).doesNotContain("s3cr3t").endsWith("...");
    }

    @Test
    void namesFailuresWithoutAMessage() {
        assertThat(reasons.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
