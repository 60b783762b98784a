package io.cdcflow.writer.app;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An independent reader of Parquet (and, when DuckDB's avro extension can be loaded, Avro) files for the tests: DuckDB, through {@code tools/duckdb-check/read.mjs}
 * run with node. When node or the tool's packages are missing, tests using it fail under CI
 * ({@code CI=true}, where {@code .ci/run} installs them) and are skipped elsewhere.
 */
final class DuckDbReader {
    private static final String TOOL = "tools/duckdb-check";
    private static final long TIMEOUT_SECONDS = 120;
    /** read.mjs's exit status when DuckDB's avro extension is neither installed nor downloadable. */
    private static final int NO_AVRO_EXTENSION = 3;

    private DuckDbReader() {
    }

    /** Fails (under CI) or skips the calling test unless node and the tool's packages are there. */
    static void requireAvailable() throws InterruptedException {
        toolDirectory();
    }

    /**
     * The file as DuckDB reads it: {@code {"columns": [{"name", "type", "null"}...], "rows": [...]}}. An
     * Avro file aborts the calling test when DuckDB's avro extension is not available (no network).
     */
    static JsonNode read(Path parquet) throws IOException, InterruptedException {
        Path tool = toolDirectory();
        Path stderr = Files.createTempFile("duckdb-check", ".stderr");
        try {
            Process process = new ProcessBuilder("node", tool.resolve("read.mjs").toString(), parquet.toString())
                    .redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("DuckDB did not read " + parquet + " within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() == NO_AVRO_EXTENSION) {
                // not bundled with the npm package and downloaded on first use: offline it cannot be had, also in CI
                Assumptions.abort("DuckDB cannot read Avro here: " + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                fail("DuckDB could not read " + parquet + " (exit " + process.exitValue() + "): "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return Json.MAPPER.readTree(stdout);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static Path toolDirectory() throws InterruptedException {
        Path tool = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && tool == null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(TOOL).resolve("read.mjs"))) {
                tool = dir.resolve(TOOL);
            }
        }
        if (tool == null) {
            unavailable(TOOL + "/read.mjs not found above " + Path.of("").toAbsolutePath());
        } else if (!nodeRuns()) {
            unavailable("node is not on the PATH");
        } else if (!Files.isDirectory(tool.resolve("node_modules/@duckdb/node-api"))) {
            unavailable("@duckdb/node-api is not installed: run (cd " + TOOL + " && npm ci)");
        }
        return tool;
    }

    private static boolean nodeRuns() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void unavailable(String reason) {
        String message = "the DuckDB check of Parquet files cannot run: " + reason;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: .ci/run must install node and the tool's packages)");
        }
        Assumptions.abort(message);
    }
}
