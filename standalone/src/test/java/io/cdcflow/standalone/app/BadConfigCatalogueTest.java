package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.ConfigException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad-input catalogue, configuration (docs/reliability.md, K-01 to K-18): each broken config is
 * refused at start with the JSON path and reason, and never echoes a secret. The config module's own
 * tests (common/src/test/java/io/cdcflow/common/config) cover each rule in depth; this is the
 * operator-facing list in one place.
 */
class BadConfigCatalogueTest {
    private static final String SECRET = "Very-S3cret-Pw";
    private static final String VALID = """
        {
          "global_settings": {"batch_size": 500},
          "datasources": {"pg": {"url": "jdbc:postgresql://db:5432/crm", "username": "cdc", "password": "%s"}},
          "tables": {"users": {"datasource": "pg", "method": "hash", "primary_key": "id"}},
          "storage": {"endpoint": "http://minio:9000", "access_key": "ak", "secret_key": "%s", "bucket": "cdc-state"},
          "kafka": {"bootstrap_servers": "kafka:9092", "properties": {"sasl.jaas.config": "x password=\\"%s\\";"}}
        }
        """.formatted(SECRET, SECRET, SECRET);

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("K-01 not JSON", "{", VALID.replace("\"global_settings\"", "\"global_settings\" :: "),
                        "$: malformed JSON at line 2, column 22: Unexpected character"),
                bad("K-02 missing tables", "\"tables\": {\"users\": {\"datasource\": \"pg\", \"method\": \"hash\", \"primary_key\": \"id\"}},", "",
                        "$.tables: is required"),
                bad("K-03 unknown key with suggestion", "\"primary_key\": \"id\"", "\"primary_keys\": \"id\"",
                        "$.tables.users.primary_keys: unknown key (did you mean \"primary_key\"?)"),
                bad("K-04 wrong type", "\"batch_size\": 500", "\"batch_size\": \"many\"",
                        "$.global_settings.batch_size: must be an integer (was \"many\")"),
                bad("K-05 out of range", "\"batch_size\": 500", "\"batch_size\": 0",
                        "$.global_settings.batch_size: must be between 1 and 1000000 (was 0)"),
                bad("K-06 unknown method", "\"method\": \"hash\"", "\"method\": \"magic\"",
                        "$.tables.users.method: must be one of hash, timestamp, hash-partition (was \"magic\")"),
                bad("K-07 unknown format", "\"method\": \"hash\"", "\"method\": \"hash\", \"snapshot_format\": \"xml\"",
                        "$.tables.users.snapshot_format: must be one of json, jsonl, csv, parquet, avro (was \"xml\")"),
                bad("K-08 unsupported URL scheme", "jdbc:postgresql://db:5432/crm", "oracle://db:1521/crm",
                        "$.datasources.pg.url: unsupported scheme \"oracle\"; use postgresql, postgres, mysql or mariadb"),
                bad("K-09 URL without host", "jdbc:postgresql://db:5432/crm", "postgresql:///crm",
                        "$.datasources.pg.url: has no host"),
                bad("K-10 bad port", "jdbc:postgresql://db:5432/crm", "jdbc:postgresql://db:99999/crm",
                        "$.datasources.pg.url: has an invalid host or port"),
                bad("K-11 duplicate table names", "\"tables\": {\"users\": {\"datasource\": \"pg\", \"method\": \"hash\", \"primary_key\": \"id\"}}",
                        "\"tables\": {\"users\": {\"datasource\": \"pg\", \"method\": \"hash\"}, \"users\": {\"datasource\": \"pg\", \"method\": \"hash\"}}",
                        "$: malformed JSON at line 4, column 70: Duplicate field 'users'"),
                bad("K-12 unknown datasource", "\"datasource\": \"pg\", \"method\"", "\"datasource\": \"mysql\", \"method\"",
                        "$.tables.users.datasource: unknown datasource \"mysql\" (expected one of: pg)"),
                bad("K-13 timestamp without column", "\"method\": \"hash\"", "\"method\": \"timestamp\"",
                        "$.tables.users.timestamp_column: is required when method is timestamp"),
                bad("K-14 duplicate hash columns", "\"primary_key\": \"id\"", "\"primary_key\": \"id\", \"hash_columns\": [\"a\", \"a\"]",
                        "$.tables.users.hash_columns[1]: duplicate column \"a\""),
                bad("K-15 bad bucket", "\"bucket\": \"cdc-state\"", "\"bucket\": \"Bad_Bucket\"", "$.storage.bucket: must be a valid S3 bucket name: 3 to 63 characters"),
                bad("K-16 bootstrap.servers in kafka.properties", "\"properties\": {", "\"properties\": {\"bootstrap.servers\": \"x:1\", ",
                        "$.kafka.properties[\"bootstrap.servers\"]: set $.kafka.bootstrap_servers instead"),
                bad("K-17 secret of the wrong type", "\"password\": \"" + SECRET + "\"", "\"password\": [\"" + SECRET + "\"]",
                        "$.datasources.pg.password: must be a string (was an array)"),
                bad("K-18 unset environment variable", "\"username\": \"cdc\"", "\"username\": \"${env:CDC_NOT_SET}\"",
                        "$.datasources.pg.username: environment variable \"CDC_NOT_SET\" is not set"));
    }

    private static Arguments bad(String name, String find, String replace, String expected) {
        return Arguments.of(name, find, replace, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithPathAndReasonAndNoSecret(String name, String find, String replace, String expected) {
        assertThat(CdcConfig.parse(VALID, variable -> null)).isNotNull();
        String json = "{".equals(find) ? replace : VALID.replace(find, replace);
        assertThat(json).as("the case changes the config").isNotEqualTo(VALID);
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> CdcConfig.parse(json, variable -> null));
        assertThat(error).as(name).isNotNull();
        assertThat(error.getMessage()).contains(expected).doesNotContain(SECRET);
    }
}
