package io.cdcflow.standalone.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.Json;
import io.cdcflow.embedded.EmbeddedPostgres;
import io.cdcflow.standalone.core.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdc demo}: a bundled PostgreSQL with a small shop schema, two CDC cycles with inserts,
 * updates and deletes in between, and the resulting files. Needs nothing but Java.
 */
@Command(name = "demo", description = "Start a bundled PostgreSQL with sample data, run two CDC cycles with "
        + "changes in between, and show the files written.")
final class DemoCommand implements Callable<Integer> {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--data-dir", defaultValue = "cdc-demo-data",
            description = "where the demo keeps its broker, object store and database (wiped at start)")
    Path dataDir;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException, SQLException {
        wipe(dataDir);
        out.println("Starting a bundled PostgreSQL ...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir.resolve("postgres"))) {
            String url = postgres.jdbcUrl("postgres");
            execute(postgres, url, DemoData.SCHEMA);
            CdcConfig config = CdcConfig.parse(DemoData.config(url, postgres.user(), dataDir), name -> null);
            out.println("Starting Kafka (embedded KRaft), the object store and the three services ...");
            try (Pipeline pipeline = Pipeline.start(config, Map.of())) {
                CycleRunner cycle = new CycleRunner(pipeline, out);
                List<String> tables = CycleRunner.select(pipeline, null);

                out.println("\n== Cycle 1: first snapshot of customers and order_lines");
                List<RunResult> first = cycle.run(tables, RUN_TIMEOUT);
                print(first);

                out.println("\n== Changing data: 2 inserts, 2 updates, 1 delete (customers); 1 insert, 1 delete "
                        + "(order_lines)");
                execute(postgres, url, DemoData.MUTATIONS);

                out.println("\n== Cycle 2: only the changes");
                List<RunResult> second = cycle.run(tables, RUN_TIMEOUT);
                print(second);

                showFiles(pipeline, second);
                boolean ok = Stream.concat(first.stream(), second.stream()).allMatch(RunResult::success);
                out.println(ok ? "\nDemo finished. Files are under " + dataDir.resolve("objects").toAbsolutePath()
                        : "\nDemo FAILED (see the results above)");
                return ok ? 0 : 1;
            }
        }
    }

    private void print(List<RunResult> results) throws JsonProcessingException {
        for (RunResult result : results) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        }
    }

    private void showFiles(Pipeline pipeline, List<RunResult> results) throws IOException {
        Path bucket = dataDir.resolve("objects").resolve(pipeline.config().storage().bucket());
        for (RunResult result : results) {
            if (result.snapshot() == null) {
                continue;
            }
            for (String file : result.snapshot().filesSaved()) {
                Path local = bucket.resolve(file);
                if (Files.isRegularFile(local)) {
                    out.println("\n-- " + file);
                    out.println(Files.readString(local, StandardCharsets.UTF_8).strip());
                }
            }
        }
    }

    private static void execute(EmbeddedPostgres postgres, String url, List<String> statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
