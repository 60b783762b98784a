package io.cdcflow.extractor.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaReaderTest {
    @Test
    void escapesMetadataWildcards() {
        assertThat(SchemaReader.escapePattern("order_lines", "\\")).isEqualTo("order\\_lines");
        assertThat(SchemaReader.escapePattern("100%", "\\")).isEqualTo("100\\%");
        assertThat(SchemaReader.escapePattern("a\\b", "\\")).isEqualTo("a\\\\b");
        assertThat(SchemaReader.escapePattern("a_b", null)).isEqualTo("a_b");
    }
}
