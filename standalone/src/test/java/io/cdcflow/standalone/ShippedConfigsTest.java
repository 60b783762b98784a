package io.cdcflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.config.DatabaseType;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configs we ship (docker compose, examples) pass our own validation, and docker-compose.yml
 * holds together: no Docker engine runs here, so this reads the file as compose would (YAML with
 * anchors and merge keys; SnakeYAML comes with Kafka's jackson-dataformat-yaml) and checks what
 * the deployment relies on.
 */
class ShippedConfigsTest {
    private static final Path ROOT = Path.of("..");
    private static final String CONFIG_MOUNT = "./config/compose-config.json:/etc/cdc/config.json:ro";
    private static final List<String> SERVICES = List.of("extractor", "differ", "writer");

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
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).contains(CONFIG_MOUNT);
    }

    @Test
    void everyServiceThatMountsTheConfigGetsTheEnvironmentItNeeds() throws IOException {
        Map<String, Object> services = services();
        int checked = 0;
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Map<String, Object> definition = map(service.getValue());
            if (!list(definition.get("volumes")).contains(CONFIG_MOUNT)) {
                continue;
            }
            Map<String, Object> environment = map(definition.get("environment"));
            assertThat(environment.get("CDC_CONFIG")).as(service.getKey()).isEqualTo("/etc/cdc/config.json");
            // the config's ${env:NAME} secrets resolve from the service's environment alone
            CdcConfig config = CdcConfig.parse(Files.readString(ROOT.resolve("config/compose-config.json")),
                    name -> environment.get(name) == null ? null : environment.get(name).toString());
            assertThat(config.kafka().embedded()).isFalse();
            checked++;
        }
        assertThat(checked).as("services mounting the config").isGreaterThanOrEqualTo(SERVICES.size() + 1);
    }

    @Test
    void eachServiceIsBuiltFromItsDockerfileAndCanBeScaled() throws IOException {
        Map<String, Object> services = services();
        for (String name : SERVICES) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> build = map(service.get("build"));
            assertThat(build.get("context")).as(name).isEqualTo(".");
            Path dockerfile = ROOT.resolve(build.get("dockerfile").toString());
            assertThat(dockerfile).as(name).isEqualTo(ROOT.resolve("docker/" + name + ".Dockerfile"));
            String text = Files.readString(dockerfile);
            String jar = "cdc-" + name + ".jar";
            assertThat(Files.readString(ROOT.resolve(name + "/pom.xml")))
                    .as("the shaded jar the Dockerfile copies").contains("<finalName>cdc-" + name + "</finalName>");
            assertThat(text).as(name)
                    .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
                    .contains("mvn -B -q -pl " + name + " -am package -DskipTests")
                    .contains("FROM eclipse-temurin:17-jre")
                    .contains("COPY --from=build /src/" + name + "/target/" + jar + " /opt/cdc/" + jar)
                    .contains("USER cdc:cdc")
                    .contains("HEALTHCHECK")
                    .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/cdc/" + jar + "\"]");
            assertThat(Files.exists(ROOT.resolve("docker/" + name + ".Dockerfile.dockerignore"))).as(name).isTrue();
            // --scale needs replicas without a fixed name or host port
            assertThat(service).as(name).doesNotContainKeys("container_name", "ports");
            assertThat(map(service.get("depends_on"))).as(name).containsKeys("kafka", "topics");
        }
        assertThat(map(map(services.get("extractor")).get("environment"))).containsKey("CDC_INSTANCE_ID");
        assertThat(list(map(services.get("topics")).get("command")))
                .containsExactly("topics", "create", "--config", "/etc/cdc/config.json");
        assertThat(map(map(services.get("topics")).get("build")).get("dockerfile")).isEqualTo("docker/cli.Dockerfile");
        assertThat(Files.exists(ROOT.resolve("docker/cli.Dockerfile"))).isTrue();
    }

    @Test
    void airflowRunsTheDagWithLocalExecutorItsOwnDatabaseAndOneSensorGroupPerTable() throws IOException {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("airflow-db", "airflow-init", "airflow-webserver", "airflow-scheduler",
                "airflow-triggerer");
        Map<String, String> env = Map.of("PG_PASSWORD", "cdc", "MYSQL_PASSWORD", "cdc", "MINIO_SECRET_KEY", "minioadmin");
        CdcConfig config = CdcConfig.parse(Files.readString(ROOT.resolve("config/compose-config.json")), env::get);
        for (String name : List.of("airflow-webserver", "airflow-scheduler", "airflow-triggerer")) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> environment = map(service.get("environment"));
            assertThat(environment.get("AIRFLOW__CORE__EXECUTOR")).as(name).isEqualTo("LocalExecutor");
            assertThat(environment.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN").toString()).as(name)
                    .contains("@airflow-db:5432/");
            assertThat(list(service.get("volumes"))).as(name).contains("./dags:/opt/airflow/dags:ro",
                    "./config/compose-config.json:" + environment.get("CDC_CONFIG") + ":ro");
            assertThat(map(service.get("depends_on"))).as(name).containsKeys("airflow-db", "airflow-init");

            assertThat(connection(environment, "AIRFLOW_CONN_CDC_KAFKA").get("bootstrap.servers"))
                    .isEqualTo(config.kafka().bootstrapServers());
            Set<Object> groups = new HashSet<>();
            for (String table : config.tables().keySet()) {
                // dags/cdc_dag.py: kafka_config_id = "cdc_run_events_" + table
                Map<String, Object> consumer = connection(environment,
                        "AIRFLOW_CONN_" + ("cdc_run_events_" + table).toUpperCase(Locale.ROOT));
                assertThat(consumer.get("bootstrap.servers")).isEqualTo(config.kafka().bootstrapServers());
                assertThat(consumer.get("auto.offset.reset")).isEqualTo("earliest");
                assertThat(groups.add(consumer.get("group.id"))).as("group of " + table + " is its own").isTrue();
            }
        }
        assertThat(map(services.get("airflow-db")).get("image").toString()).startsWith("postgres:");
        String dag = Files.readString(ROOT.resolve("dags/cdc_dag.py"));
        assertThat(dag).contains("kafka_config_id=\"cdc_run_events_\" + cdc_messages.task_id_part(table)")
                .contains("max_active_runs=1");
    }

    @Test
    void theConfigsSecretsAreTheOnlyEnvironmentTheServicesNeed() throws IOException {
        Matcher matcher = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}")
                .matcher(Files.readString(ROOT.resolve("config/compose-config.json")));
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        assertThat(names).isNotEmpty();
        Map<String, Object> anchor = map(compose().get("x-cdc-env"));
        assertThat(anchor).containsKeys(names.toArray(String[]::new));
    }

    private static Map<String, Object> compose() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return map(yaml.load(Files.readString(ROOT.resolve("docker-compose.yml"))));
    }

    private static Map<String, Object> services() throws IOException {
        return map(compose().get("services"));
    }

    private static Map<String, Object> connection(Map<String, Object> environment, String variable) throws IOException {
        assertThat(environment).as(variable).containsKey(variable);
        Map<String, Object> connection = map(Json.MAPPER.readValue(environment.get(variable).toString(), Map.class));
        assertThat(connection.get("conn_type")).as(variable).isEqualTo("kafka");
        return map(connection.get("extra"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** A YAML sequence as strings (empty when absent). */
    private static List<String> list(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
