package io.cdcflow.common.config;

import static io.cdcflow.common.config.Configs.error;
import static io.cdcflow.common.config.Configs.errors;
import static io.cdcflow.common.config.Configs.withDatasource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasourceConfigTest {

    private static DatasourceConfig datasource(String body) {
        return Configs.parse(withDatasource(body)).datasources().get("ds");
    }

    @Test
    void infersTheTypeFromTheUrl() {
        assertThat(datasource("{'url': 'postgres://db/x'}").type()).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(datasource("{'url': 'jdbc:mariadb://db/x'}").type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(datasource("{'url': 'jdbc:h2:mem:x'}").type()).isEqualTo(DatabaseType.GENERIC);
    }

    @ParameterizedTest
    @CsvSource({
        "postgres, postgresql://db/x, POSTGRESQL",
        "postgresql, jdbc:postgresql://db/x, POSTGRESQL",
        "MySQL, mysql://db/x, MYSQL",
        "mariadb, mysql://db/x, MARIADB",
        "mysql, jdbc:mariadb://db/x, MYSQL",
        "generic, jdbc:postgresql://db/x, GENERIC",
        "generic, jdbc:db2://db:50000/x, GENERIC",
    })
    void acceptsADeclaredTypeThatFitsTheUrl(String type, String url, DatabaseType expected) {
        DatasourceConfig datasource = datasource("{'type': '" + type + "', 'url': '" + url + "'}");

        assertThat(datasource.type()).isEqualTo(expected);
    }

    @Test
    void usesTheMysqlDriverUrlForMariadb() {
        assertThat(datasource("{'type': 'mariadb', 'url': 'jdbc:mariadb://db:3306/x'}").jdbcUrl())
                .isEqualTo("jdbc:mysql://db:3306/x");
    }

    @ParameterizedTest
    @CsvSource({
        "postgresql, mysql://db/x, mysql",
        "mysql, postgres://db/x, postgresql",
        "mariadb, jdbc:db2://db/x, generic",
    })
    void rejectsATypeContradictingTheUrl(String type, String url, String urlType) {
        assertThat(errors(withDatasource("{'type': '" + type + "', 'url': '" + url + "'}"))).containsExactly(
                error("$.datasources.ds.type",
                        "contradicts the URL, which is for " + urlType + " (was \"" + type + "\")"));
    }

    @Test
    void rejectsAnUnknownType() {
        assertThat(errors(withDatasource("{'type': 'oracle', 'url': 'jdbc:oracle:thin:@db:1521:x'}"))).containsExactly(
                error("$.datasources.ds.type",
                        "must be one of postgresql, postgres, mysql, mariadb, generic (was \"oracle\")"));
    }

    @Test
    void requiresAUrl() {
        assertThat(errors(withDatasource("{'type': 'mysql'}")))
                .containsExactly(error("$.datasources.ds.url", "is required"));
    }

    @Test
    void reportsUrlErrorsAtTheUrl() {
        assertThat(errors(withDatasource("{'url': 'mysql://u:secret@:3306/x'}")))
                .containsExactly(error("$.datasources.ds.url", "has no host"));
    }

    @Test
    void letsKeysOverrideTheUrlCredentials() {
        DatasourceConfig datasource = datasource("{'url': 'mysql://u:p@db/x', 'username': 'app', 'password': 'pw'}");

        assertThat(datasource.user()).isEqualTo("app");
        assertThat(datasource.password()).isEqualTo(Secret.of("pw"));
        assertThat(datasource("{'url': 'mysql://db/x', 'user': 'app'}").user()).isEqualTo("app");
    }

    @Test
    void leavesCredentialsUnsetWhenNoneAreGiven() {
        DatasourceConfig datasource = datasource("{'url': 'jdbc:postgresql://db/x'}");

        assertThat(datasource.user()).isNull();
        assertThat(datasource.password()).isNull();
    }

    @Test
    void rejectsBothUserKeys() {
        assertThat(errors(withDatasource("{'url': 'mysql://db/x', 'username': 'a', 'user': 'b'}")))
                .containsExactly(error("$.datasources.ds.user", "conflicts with \"username\"; set only one of them"));
    }

    @Test
    void mergesUrlParametersWithProperties() {
        DatasourceConfig datasource = datasource("{'url': 'jdbc:postgresql://db/x?sslmode=require&connectTimeout=5',"
                + " 'properties': {'sslmode': 'verify-full', 'tcpKeepAlive': true}}");

        assertThat(datasource.jdbcUrl()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(datasource.jdbcProperties()).containsExactly(
                entry("sslmode", "verify-full"), entry("connectTimeout", "5"), entry("tcpKeepAlive", "true"));
    }

    @Test
    void rejectsCredentialsAmongTheProperties() {
        assertThat(errors(withDatasource("{'url': 'mysql://db/x', 'properties': {'user': 'a', 'password': 'b'}}")))
                .containsExactly(
                        error("$.datasources.ds.properties.user", "set the datasource's \"user\" key instead"),
                        error("$.datasources.ds.properties.password", "set the datasource's \"password\" key instead"));
    }

    @Test
    void redactsThePasswordForLogs() {
        DatasourceConfig datasource = datasource("{'url': 'postgresql://app:pw@db:5432/x?sslmode=require',"
                + " 'properties': {'sslpassword': 'key-pw'}}");

        assertThat(datasource.redactedUrl())
                .isEqualTo("jdbc:postgresql://db:5432/x?user=app&password=******&sslmode=require&sslpassword=******");
        assertThat(datasource.toString()).isEqualTo("DatasourceConfig[name=ds, type=POSTGRESQL,"
                + " url=jdbc:postgresql://db:5432/x?user=app&password=******&sslmode=require&sslpassword=******]");
    }

    @Test
    void redactedUrlOfABareDatasourceIsTheJdbcUrl() {
        assertThat(datasource("{'url': 'mysql://db/x'}").redactedUrl()).isEqualTo("jdbc:mysql://db/x");
    }

    @Test
    void rejectsInvalidDatasourceKeys() {
        assertThat(errors(Configs.json("{'datasources': {'my.db': {'url': 'mysql://db/x'}},"
                + " 'tables': {'t': {'datasource': 'my.db', 'method': 'hash'}}}")))
                .containsExactly(error("$.datasources[\"my.db\"]",
                        "name must be 1 to 100 characters from A-Z, a-z, 0-9, \"_\" and \"-\""));
    }
}
