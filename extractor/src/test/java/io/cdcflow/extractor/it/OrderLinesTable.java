package io.cdcflow.extractor.it;

import io.cdcflow.common.core.ColumnType;
import io.cdcflow.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A table with a composite primary key, a name that needs quoting, and a mix of types with NULLs,
 * empty values and unicode, created in PostgreSQL or MariaDB; {@link #expectedRows()} are its rows
 * as the extractor must publish them (canonical Java values, database order).
 */
final class OrderLinesTable {
    static final String NAME = "order lines";
    static final List<String> COLUMNS = List.of("order_id", "line", "amount", "label", "note", "active", "due",
            "created", "changed", "payload", "doc");

    private final TestDatabase db;
    private final boolean postgres;
    private final List<Object[]> expected = new ArrayList<>();

    OrderLinesTable(TestDatabase db) {
        this.db = db;
        this.postgres = TestDatabase.POSTGRESQL.equals(db.type());
    }

    /** Creates the table with {@code rows} rows. */
    OrderLinesTable create(int rows) {
        db.execute(postgres ? """
                CREATE TABLE "order lines" (
                  order_id bigint NOT NULL, line int NOT NULL, amount numeric(12,2), label varchar(40), note text,
                  active boolean, due date, created timestamp(6), changed timestamptz, payload bytea, doc json,
                  PRIMARY KEY (order_id, line))""" : """
                CREATE TABLE `order lines` (
                  order_id BIGINT NOT NULL, line INT NOT NULL, amount DECIMAL(12,2), label VARCHAR(40), note TEXT,
                  active TINYINT(1), due DATE, created DATETIME(6), changed TIMESTAMP(6) NULL, payload BLOB, doc JSON,
                  PRIMARY KEY (order_id, line))""");
        String insert = postgres
                ? "INSERT INTO \"order lines\" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json)"
                : "INSERT INTO `order lines` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = db.connect()) {
            if (!postgres) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET time_zone = '+00:00'");
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (int i = 0; i < rows; i++) {
                    Object[] row = row(i);
                    bind(statement, row);
                    statement.addBatch();
                    expected.add(row);
                }
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    List<Object[]> expectedRows() {
        return expected;
    }

    /** The logical types the extractor must derive from the metadata. */
    List<ColumnType> expectedTypes() {
        return List.of(ColumnType.LONG, ColumnType.INT, ColumnType.DECIMAL, ColumnType.STRING, ColumnType.STRING,
                ColumnType.BOOLEAN, ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_TZ, ColumnType.BYTES,
                // MariaDB's JSON is an alias of LONGTEXT
                postgres ? ColumnType.JSON : ColumnType.STRING);
    }

    private static Object[] row(int i) {
        return new Object[] {
            1000L + i / 3,
            i % 3,
            i % 7 == 0 ? null : BigDecimal.valueOf(i * 13_701L - 50_000, 2),
            i % 11 == 0 ? null : i % 5 == 0 ? "" : "label-" + i,
            i % 4 == 3 ? null : "Grüße 東京 🚀 \"quoted\" 'single' #" + i,
            i % 6 == 5 ? null : i % 2 == 0,
            i % 8 == 7 ? null : LocalDate.of(2024, 2, 28).plusDays(i),
            i % 9 == 8 ? null : LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000).plusHours(i),
            i % 10 == 9 ? null : Instant.parse("2024-03-31T01:30:00.654321Z").plusSeconds(i * 86_400L),
            i % 12 == 11 ? null : i % 13 == 0 ? new byte[0] : new byte[] {0, (byte) i, (byte) 0xFF, '\''},
            i % 3 == 2 ? null : "{\"k\": " + i + ", \"s\": \"ü\"}",
        };
    }

    private void bind(PreparedStatement statement, Object[] row) throws SQLException {
        statement.setLong(1, (Long) row[0]);
        statement.setInt(2, (Integer) row[1]);
        statement.setBigDecimal(3, (BigDecimal) row[2]);
        statement.setString(4, (String) row[3]);
        statement.setString(5, (String) row[4]);
        if (row[5] == null) {
            statement.setNull(6, postgres ? Types.BOOLEAN : Types.TINYINT);
        } else {
            statement.setBoolean(6, (Boolean) row[5]);
        }
        statement.setObject(7, row[6], Types.DATE);
        if (postgres || row[7] == null) {
            statement.setObject(8, row[7], Types.TIMESTAMP);
        } else {
            // Connector/J drops the fraction of a LocalDateTime bound for MariaDB 10.11; text keeps it
            statement.setString(8, row[7].toString().replace('T', ' '));
        }
        if (row[8] == null) {
            statement.setNull(9, Types.TIMESTAMP);
        } else if (postgres) {
            statement.setObject(9, ((Instant) row[8]).atOffset(ZoneOffset.UTC));
        } else {
            statement.setString(9, LocalDateTime.ofInstant((Instant) row[8], ZoneOffset.UTC).toString().replace('T', ' '));
        }
        statement.setBytes(10, (byte[]) row[9]);
        statement.setString(11, (String) row[10]);
    }
}
