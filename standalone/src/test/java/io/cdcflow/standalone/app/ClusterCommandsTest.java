package io.cdcflow.standalone.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cluster commands say before they touch a cluster: config and command-line errors. */
class ClusterCommandsTest {
    @TempDir
    Path dir;

    private Path config(String kafka) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
            {
              "datasources": {"shop": {"url": "postgresql://u:p@localhost:5432/shop"}},
              "tables": {"orders": {"datasource": "shop", "primary_key": "id", "method": "hash"}},
              "kafka": %s
            }
            """.formatted(kafka));
        return file;
    }

    @Test
    void embeddedKafkaIsRefusedClearly() throws IOException {
        Path file = config("{\"bootstrap_servers\": \"embedded\"}");
        for (String[] args : new String[][] {
            {"trigger", "--config", file.toString(), "--table", "orders"},
            {"status", "--config", file.toString()},
            {"topics", "create", "--config", file.toString()}}) {
            Cli cli = Cli.run(args);
            assertThat(cli.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).startsWith("cdc: cdc " + args[0])
                    .contains("has kafka.bootstrap_servers \"embedded\"")
                    .contains("set kafka.bootstrap_servers to your cluster");
        }
    }

    @Test
    void unknownTableIsAUsageErrorBeforeAnyConnection() throws IOException {
        // port 9 (discard): nothing listens; the table check must come first
        Path file = config("{\"bootstrap_servers\": \"127.0.0.1:9\"}");
        Cli trigger = Cli.run("trigger", "--config", file.toString(), "--table", "nope");
        assertThat(trigger.exitCode()).isEqualTo(2);
        assertThat(trigger.err()).isEqualTo("cdc: unknown table \"nope\"; known tables: orders (in " + file + ")\n");
        Cli status = Cli.run("status", "--config", file.toString(), "--table", "nope");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("unknown table \"nope\"");
    }

    @Test
    void badOptionsAreUsageErrors() throws IOException {
        Path file = config("{\"bootstrap_servers\": \"127.0.0.1:9\"}");
        Cli timeout = Cli.run("trigger", "--config", file.toString(), "--table", "orders", "--wait", "--timeout", "soon");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).contains("invalid duration \"soon\"");
        Cli runId = Cli.run("trigger", "--config", file.toString(), "--table", "orders", "--run-id", "a b");
        assertThat(runId.exitCode()).isEqualTo(2);
        assertThat(runId.err()).contains("--run-id must match");
        Cli limit = Cli.run("status", "--config", file.toString(), "--limit", "0");
        assertThat(limit.exitCode()).isEqualTo(2);
        Cli missingSubcommand = Cli.run("topics");
        assertThat(missingSubcommand.exitCode()).isEqualTo(2);
        assertThat(missingSubcommand.err()).contains("missing subcommand: create");
        Cli invalidConfig = Cli.run("status", "--config", dir.resolve("absent.json").toString());
        assertThat(invalidConfig.exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsTheNewCommands() {
        Cli help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("trigger", "status", "topics");
        for (String[] args : new String[][] {{"trigger", "--help"}, {"status", "--help"}, {"topics", "create", "--help"}}) {
            Cli sub = Cli.run(args);
            assertThat(sub.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(sub.out()).contains("--config");
        }
    }
}
