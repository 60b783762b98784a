package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcflow.common.core.ColumnType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialectTest {
    private final Dialect postgres = new PostgresDialect();
    private final Dialect mysql = new MySqlDialect();
    private final Dialect generic = new GenericDialect();

    @Test
    void quotesPlainIdentifiers() {
        assertThat(postgres.quote("users")).isEqualTo("\"users\"");
        assertThat(generic.quote("Users")).isEqualTo("\"Users\"");
        assertThat(mysql.quote("users")).isEqualTo("`users`");
    }

    @Test
    void doublesEmbeddedQuoteCharacters() {
        assertThat(postgres.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(postgres.quote("\"")).isEqualTo("\"\"\"\"");
        assertThat(mysql.quote("a`b")).isEqualTo("`a``b`");
        assertThat(mysql.quote("``")).isEqualTo("``````");
        // the other dialect's quote character is ordinary text
        assertThat(mysql.quote("a\"b")).isEqualTo("`a\"b`");
        assertThat(postgres.quote("a`b")).isEqualTo("\"a`b\"");
    }

    @Test
    void hostileNamesStayInsideOneIdentifier() {
        String hostile = "x\"; DROP TABLE x; --";
        assertThat(postgres.quote(hostile)).isEqualTo("\"x\"\"; DROP TABLE x; --\"");
        assertThat(mysql.quote("x`; DROP TABLE x; --")).isEqualTo("`x``; DROP TABLE x; --`");
        assertThat(postgres.quote("first name")).isEqualTo("\"first name\"");
        assertThat(mysql.quote("it's")).isEqualTo("`it's`");
    }

    @Test
    void quotedIdentifiersParseBackToTheOriginal() {
        for (String name : List.of("plain", "with space", "q\"uote", "b`ack", "; DROP TABLE x; --", "\"\"", "``")) {
            assertThat(unquote(postgres.quote(name), '"')).isEqualTo(name);
            assertThat(unquote(mysql.quote(name), '`')).isEqualTo(name);
        }
    }

    @Test
    void rejectsEmptyAndNulIdentifiers() {
        assertThatThrownBy(() -> postgres.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mysql.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void qualifiesTablesWithAnOptionalSchema() {
        assertThat(postgres.qualifiedTable(null, "t")).isEqualTo("\"t\"");
        assertThat(postgres.qualifiedTable("s.x", "t")).isEqualTo("\"s.x\".\"t\"");
        assertThat(mysql.qualifiedTable("shop", "orders")).isEqualTo("`shop`.`orders`");
    }

    @Test
    void selectsAnExplicitColumnList() {
        assertThat(postgres.selectAll("public", "orders", List.of("id", "total amount", "a\"b")))
                .isEqualTo("SELECT \"id\", \"total amount\", \"a\"\"b\" FROM \"public\".\"orders\"");
        assertThat(mysql.selectAll(null, "x`; DROP TABLE x; --", List.of("id")))
                .isEqualTo("SELECT `id` FROM `x``; DROP TABLE x; --`");
        assertThatThrownBy(() -> mysql.selectAll(null, "t", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamsTheWayEachDriverNeeds() {
        assertThat(postgres.streamingFetch(500)).isEqualTo(new StreamingFetch(false, 500));
        assertThat(mysql.streamingFetch(500)).isEqualTo(new StreamingFetch(true, Integer.MIN_VALUE));
        assertThat(generic.streamingFetch(500)).isEqualTo(new StreamingFetch(false, 500));
    }

    @Test
    void bindsTimestampBoundsWithMicroseconds() {
        Watermark local = new Watermark(ColumnType.TIMESTAMP, LocalDateTime.of(2024, 3, 31, 2, 30, 0, 10_000));
        Watermark instant = new Watermark(ColumnType.TIMESTAMP_TZ, Instant.parse("2024-03-31T01:30:00.000001Z"));
        Watermark date = new Watermark(ColumnType.DATE, LocalDate.of(2024, 3, 31));
        for (Dialect dialect : List.of(postgres, generic)) {
            assertThat(dialect.timestampParameter(local)).isEqualTo(LocalDateTime.of(2024, 3, 31, 2, 30, 0, 10_000));
            assertThat(dialect.timestampParameter(instant))
                    .isEqualTo(OffsetDateTime.of(2024, 3, 31, 1, 30, 0, 1_000, ZoneOffset.UTC));
            assertThat(dialect.timestampParameter(date)).isEqualTo(LocalDate.of(2024, 3, 31));
        }
        // text: Connector/J drops a LocalDateTime's fraction on MariaDB; TIMESTAMP in the session's UTC
        assertThat(mysql.timestampParameter(local)).isEqualTo("2024-03-31 02:30:00.000010");
        assertThat(mysql.timestampParameter(instant)).isEqualTo("2024-03-31 01:30:00.000001");
        assertThat(mysql.timestampParameter(date)).isEqualTo("2024-03-31");
    }

    @Test
    void mysqlSchemasAreCatalogs() {
        assertThat(mysql.schemaIsCatalog()).isTrue();
        assertThat(postgres.schemaIsCatalog()).isFalse();
        assertThat(generic.schemaIsCatalog()).isFalse();
    }

    /** Reads one quoted identifier the way SQL does. */
    private static String unquote(String quoted, char quote) {
        assertThat(quoted.charAt(0)).isEqualTo(quote);
        StringBuilder name = new StringBuilder();
        int i = 1;
        while (true) {
            char c = quoted.charAt(i);
            if (c == quote) {
                if (i + 1 < quoted.length() && quoted.charAt(i + 1) == quote) {
                    name.append(quote);
                    i += 2;
                    continue;
                }
                assertThat(i).as("closing quote ends the text").isEqualTo(quoted.length() - 1);
                return name.toString();
            }
            name.append(c);
            i++;
        }
    }
}
