package io.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretTest {

    @Test
    void masksTheValueInToString() {
        assertThat(Secret.of("hunter2")).hasToString("******");
    }

    @Test
    void revealsTheValue() {
        assertThat(Secret.of("hunter2").reveal()).isEqualTo("hunter2");
    }

    @Test
    void comparesByValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a"))
                .isNotEqualTo(Secret.of("b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "ssl.key.password", "ssl.truststore.PASSWORD", "sslpassword",
        "sasl.jaas.config"})
    void recognizesSecretPropertyNames(String name) {
        assertThat(Secret.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"security.protocol", "sasl.mechanism", "ssl.keystore.location", "user"})
    void leavesOtherPropertyNamesAlone(String name) {
        assertThat(Secret.isSecretName(name)).isFalse();
    }
}
