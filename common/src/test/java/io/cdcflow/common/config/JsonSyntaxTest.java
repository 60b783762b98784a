package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonSyntaxTest {

    @Test
    void reportsMalformedJsonAsOneErrorWithLineAndColumn() {
        assertThat(errors("{\n  \"tables\": {,\n}")).containsExactly(error("$",
                "malformed JSON at line 2, column 14: Unexpected character (',' (code 44)):"
                        + " was expecting double-quote to start field name"));
    }

    @Test
    void doesNotEchoAnUnquotedValue() {
        assertThat(errors("{\"password\": hunter2}")).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("malformed JSON at line 1, column ")
                        .doesNotContain("hunter2"));
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThat(errors("{\"tables\": {}, \"tables\": {}}")).containsExactly(error("$",
                "malformed JSON at line 1, column 24: Duplicate field 'tables'"));
    }

    @Test
    void rejectsTrailingContent() {
        assertThat(errors("{} {}")).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("malformed JSON at line 1, column 4: "));
    }

    @Test
    void rejectsEmptyInput() {
        assertThat(errors("  ")).containsExactly(error("$", "is empty"));
    }

    @Test
    void requiresAnObjectAtTheTop() {
        assertThat(errors("[]")).containsExactly(error("$", "must be an object (was an array)"));
    }
}
