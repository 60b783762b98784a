package io.cdcflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.DatabaseType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configs we ship (docker compose, examples) pass our own validation. */
class ShippedConfigsTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void composeConfigIsValidAndPointsAtTheComposeServices() throws IOException {
        Map<String, String> env = Map.of("PG_PASSWORD", "cdc", "MYSQL_PASSWORD", "cdc", "MINIO_SECRET_KEY", "minioadmin");
        CdcConfig config = CdcConfig.parse(Files.readString(ROOT.resolve("config/compose-config.json")), env::get);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.storage().endpointUrl()).isEqualTo("http://minio:9000");
        assertThat(config.datasources().get("postgres_shop").type()).isEqualTo(DatabaseType.POSTGRESQL);
        assertThat(config.datasources().get("postgres_shop").jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/shop");
        assertThat(config.datasources().get("mysql_shop").jdbcUrl()).isEqualTo("jdbc:mysql://mysql:3306/shop");
        assertThat(config.tables().get("order_lines").primaryKey()).containsExactly("order_id", "line_no");
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml")))
                .contains("./config/compose-config.json:/etc/cdc/config.json");
    }
}
