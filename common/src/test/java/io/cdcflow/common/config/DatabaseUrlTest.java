package io.cdcflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    @Test
    void translatesSqlAlchemyMysqlUrls() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("mysql+pymysql://app:p%40ss%2Fw+rd@db.local:3306/shop?charset=utf8mb4");

        assertThat(url.type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:mysql://db.local:3306/shop");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("p@ss/w+rd");
        assertThat(url.parameters()).containsExactly(entry("charset", "utf8mb4"));
    }

    @Test
    void translatesSqlAlchemyPostgresUrls() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql+psycopg2://report%20user:%C3%A9t%C3%A9@pg:5432/analytics"
                        + "?sslmode=require&application_name=cdc+run");

        assertThat(url.type()).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://pg:5432/analytics");
        assertThat(url.user()).isEqualTo("report user");
        assertThat(url.password()).isEqualTo("été");
        assertThat(url.parameters()).containsExactly(entry("sslmode", "require"), entry("application_name", "cdc run"));
    }

    @ParameterizedTest
    @CsvSource({
        "postgres://h/db, POSTGRESQL, jdbc:postgresql://h/db",
        "postgresql://h, POSTGRESQL, jdbc:postgresql://h/",
        "mysql://h:3306/db, MYSQL, jdbc:mysql://h:3306/db",
        "mariadb+mariadbconnector://h/db, MARIADB, jdbc:mysql://h/db",
        "jdbc:postgresql://h:5432/db, POSTGRESQL, jdbc:postgresql://h:5432/db",
        "'jdbc:postgresql://h1:5432,h2:5433/db', POSTGRESQL, 'jdbc:postgresql://h1:5432,h2:5433/db'",
        "jdbc:mysql://[::1]:3306/db, MYSQL, jdbc:mysql://[::1]:3306/db",
        "jdbc:mariadb://h/db, MARIADB, jdbc:mysql://h/db",
        "jdbc:sqlserver://h:1433;databaseName=db, GENERIC, jdbc:sqlserver://h:1433;databaseName=db",
    })
    void translatesEachForm(String url, DatabaseType type, String jdbcUrl) throws Exception {
        DatabaseUrl parsed = DatabaseUrl.parse(url);

        assertThat(parsed.type()).isEqualTo(type);
        assertThat(parsed.jdbcUrl()).isEqualTo(jdbcUrl);
        assertThat(parsed.user()).isNull();
        assertThat(parsed.password()).isNull();
    }

    @Test
    void movesJdbcQueryParametersAndCredentialsOutOfTheUrl() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:mysql://db/shop?user=app&password=pw&useSSL=true");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:mysql://db/shop");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("pw");
        assertThat(url.parameters()).containsExactly(entry("useSSL", "true"));
    }

    @Test
    void prefersUserInfoOverQueryCredentials() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://a:b@h/db?user=c&password=d");

        assertThat(url.user()).isEqualTo("a");
        assertThat(url.password()).isEqualTo("b");
        assertThat(url.parameters()).isEmpty();
    }

    @Test
    void splitsCredentialsAtTheLastAtSign() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("mysql://app:p@ss:w/rd@db/shop");

        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("p@ss:w/rd");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:mysql://db/shop");
    }

    @Test
    void takesAUserWithoutPassword() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app@h/db");

        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "db.example.com/shop | must be a JDBC URL (jdbc:...) or a SQLAlchemy URL (dialect[+driver]://user:password@host:port/database)",
        "oracle+cx_oracle://u:p@h/db | unsupported scheme \"oracle\"; use postgresql, postgres, mysql or mariadb (each optionally +driver), or a jdbc: URL",
        "postgresql://u:secret@/db | has no host",
        "postgresql://u:secret@h:port/db | has an invalid host or port",
        "mysql://u:secret@:3306/db | has no host",
        "jdbc:postgresql://h1,/db | has no host",
        "mysql://u:p%zz@h/db | contains an invalid percent-encoding",
        "jdbc:postgresql:db | must have the form jdbc:postgresql://host[:port]/database",
        "jdbc: | must have the form jdbc:<driver>:<driver-specific part>",
        "jdbc:sqlserver://h;user=sa;password=secret | must not contain credentials; set the \"user\" and \"password\" keys instead",
        "mysql://h/db?=x | has a query parameter without a name",
    })
    void rejectsBadUrlsWithoutQuotingThem(String url, String reason) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(DatabaseUrl.InvalidUrlException.class)
                .hasMessage(reason);
    }
}
