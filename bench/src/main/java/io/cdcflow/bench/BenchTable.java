package io.cdcflow.bench;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmark table: a realistic column mix, generated inside the database. */
final class BenchTable {
    private BenchTable() {
    }

    static void create(TestDatabase db, int rows) {
        if (TestDatabase.POSTGRESQL.equals(db.type())) {
            db.execute("""
                CREATE TABLE bench_rows (
                  id bigint PRIMARY KEY, customer_id integer NOT NULL, amount numeric(12,2) NOT NULL,
                  status varchar(16) NOT NULL, name varchar(120) NOT NULL, note text,
                  created_at timestamp(6) NOT NULL, updated_at timestamptz, active boolean NOT NULL)""",
                    """
                INSERT INTO bench_rows
                SELECT g, g %% 50000, (g %% 100000) / 100.0, (ARRAY['new','paid','shipped','done'])[g %% 4 + 1],
                       repeat(md5(g::text), 1 + g %% 3), CASE WHEN g %% 5 = 0 THEN NULL ELSE 'note ' || g END,
                       timestamp '2024-01-01' + g * interval '1 second',
                       timestamptz '2024-06-01 00:00:00+00' + g * interval '1 second', g %% 2 = 0
                FROM generate_series(1, %d) g""".formatted(rows), "ANALYZE bench_rows");
        } else {
            db.execute("""
                CREATE TABLE bench_rows (
                  id bigint PRIMARY KEY, customer_id int NOT NULL, amount decimal(12,2) NOT NULL,
                  status varchar(16) NOT NULL, name varchar(120) NOT NULL, note text,
                  created_at datetime(6) NOT NULL, updated_at timestamp(6) NULL, active tinyint(1) NOT NULL)""",
                    """
                INSERT INTO bench_rows
                SELECT seq, seq %% 50000, (seq %% 100000) / 100.0, ELT(seq %% 4 + 1, 'new','paid','shipped','done'),
                       REPEAT(MD5(seq), 1 + seq %% 3), IF(seq %% 5 = 0, NULL, CONCAT('note ', seq)),
                       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,
                       TIMESTAMP '2024-06-01 00:00:00' + INTERVAL seq SECOND, seq %% 2 = 0
                FROM seq_1_to_%d""".formatted(rows));
        }
    }

    /**
     * Changes {@code percent} (1 or 10) of the rows spread over the table: updates half of them
     * (every {@code 200/percent}-th id), deletes a quarter (ids {@code remainder} modulo {@code
     * 400/percent}; give each change set its own remainder) and inserts a quarter from {@code
     * insertFrom}; returns how many changed.
     */
    static int mutateSpread(TestDatabase db, int rows, int percent, int remainder, long insertFrom) {
        checkPercent(percent);
        int inserts = rows / 400 * percent;
        db.execute("UPDATE bench_rows SET amount = amount + 1 WHERE id %% %d = 0".formatted(200 / percent),
                "DELETE FROM bench_rows WHERE id %% %d = %d".formatted(400 / percent, remainder));
        insert(db, insertFrom, inserts);
        return rows / 200 * percent + rows / 400 * percent + inserts;
    }

    /**
     * Changes {@code percent} (1 or 10) of the rows in key ranges, as appends and recent-row updates
     * do: updates half of them from {@code updateFrom}, deletes a quarter from {@code deleteFrom},
     * inserts a quarter from {@code insertFrom}; returns how many changed.
     */
    static int mutateClustered(TestDatabase db, int rows, int percent, long updateFrom, long deleteFrom,
                               long insertFrom) {
        checkPercent(percent);
        db.execute("UPDATE bench_rows SET amount = amount + 1 WHERE id BETWEEN %d AND %d"
                        .formatted(updateFrom, updateFrom + rows / 200 * percent - 1),
                "DELETE FROM bench_rows WHERE id BETWEEN %d AND %d"
                        .formatted(deleteFrom, deleteFrom + rows / 400 * percent - 1));
        insert(db, insertFrom, rows / 400 * percent);
        return rows / 200 * percent + 2 * (rows / 400 * percent);
    }

    private static void checkPercent(int percent) {
        if (percent != 1 && percent != 10) {
            throw new IllegalArgumentException("change sets are of 1% or 10%, not " + percent + "%");
        }
    }

    private static void insert(TestDatabase db, long from, int count) {
        if (TestDatabase.POSTGRESQL.equals(db.type())) {
            db.execute("INSERT INTO bench_rows SELECT g, 1, 1, 'new', 'n', NULL, timestamp '2024-01-01', now(), true "
                    + "FROM generate_series(%d, %d) g".formatted(from, from + count - 1));
        } else {
            db.execute("INSERT INTO bench_rows SELECT seq, 1, 1, 'new', 'n', NULL, '2024-01-01', NOW(6), 1 "
                    + "FROM seq_%d_to_%d".formatted(from, from + count - 1));
        }
    }

    /*
     * tableOptions: more fields of the table's JSON object, each starting with a comma (or empty),
     * e.g. {@code , "store_row_images": false}.
     */

    /** A config whose table uses the hash method. */
    static CdcConfig config(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3, String access,
                            String secret, String tableOptions) {
        return parse(db, prefix, dataDir, bootstrap, s3, access, secret, "\"method\": \"hash\"" + tableOptions, "");
    }

    /** A config whose table uses the timestamp method on {@code updated_at}. */
    static CdcConfig timestampConfig(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3,
                                     String access, String secret, String tableOptions) {
        return parse(db, prefix, dataDir, bootstrap, s3, access, secret,
                "\"method\": \"timestamp\", \"timestamp_column\": \"updated_at\"" + tableOptions, "");
    }

    /** A config whose table uses hash-partition with {@code digest}. */
    static CdcConfig hashPartitionConfig(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3,
                                         String access, String secret, String digest, String tableOptions) {
        return parse(db, prefix, dataDir, bootstrap, s3, access, secret,
                "\"method\": \"hash-partition\", \"partition_size\": 10000, \"digest\": \"" + digest + "\""
                        + tableOptions, "");
    }

    /**
     * A config whose table uses hash-partition with {@code digest} and {@code parallel_chunks}, read by
     * {@code workers} chunk workers.
     */
    static CdcConfig parallelChunksConfig(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3,
                                          String access, String secret, String digest, int workers,
                                          String tableOptions) {
        return parse(db, prefix, dataDir, bootstrap, s3, access, secret,
                "\"method\": \"hash-partition\", \"partition_size\": 10000, \"digest\": \"" + digest
                        + "\", \"parallel_chunks\": true" + tableOptions, "\"chunk_workers\": " + workers + ", ");
    }

    private static CdcConfig parse(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3,
                                   String access, String secret, String method, String globalSettings) {
        return CdcConfig.parse(json(db, prefix, dataDir, bootstrap, s3, access, secret, method, globalSettings),
                name -> null);
    }

    /** The JSON of {@link #config}: for services started in JVMs of their own. */
    static String hashConfigJson(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3,
                                 String access, String secret, String tableOptions) {
        return json(db, prefix, dataDir, bootstrap, s3, access, secret, "\"method\": \"hash\"" + tableOptions, "");
    }

    private static String json(TestDatabase db, String prefix, Path dataDir, String bootstrap, String s3,
                               String access, String secret, String method, String globalSettings) {
        return """
            {
              "global_settings": {%s"batch_size": 10000, "scheduling": {"timeout_seconds": 3600}},
              "datasources": {"bench": {"url": "%s", "username": "%s", "password": "%s"}},
              "tables": {"bench_rows": {"datasource": "bench", %s, "snapshot_format": "json"}},
              "storage": {"endpoint": "%s", "access_key": "%s", "secret_key": "%s", "bucket": "%s",
                          "data_dir": "%s"},
              "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": 6, "replication_factor": 1}
            }
            """.formatted(globalSettings, db.jdbcUrl(), db.user(), db.password(), method, s3, access, secret, prefix,
                dataDir.toAbsolutePath(), bootstrap, prefix);
    }

    /**
     * The physical limit: seconds for a plain streaming JDBC {@code SELECT *} whose values are read
     * and discarded.
     */
    static double rawScanSeconds(TestDatabase database, long rows) throws SQLException {
        long start = System.nanoTime();
        long read = 0;
        try (Connection connection = database.connect()) {
            boolean postgres = TestDatabase.POSTGRESQL.equals(database.type());
            connection.setAutoCommit(!postgres);
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(postgres ? 10_000 : Integer.MIN_VALUE);
                try (ResultSet rs = statement.executeQuery("SELECT * FROM bench_rows")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                        read++;
                    }
                }
            }
        }
        if (read != rows) {
            throw new IllegalStateException("raw scan read " + read + " rows, expected " + rows);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
