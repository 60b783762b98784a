package io.cdcflow.standalone.app;

import java.nio.file.Path;
import java.util.List;

/** The demo's sample schema, its changes between the two cycles, and its config. */
final class DemoData {
    static final List<String> SCHEMA = List.of(
            "CREATE SCHEMA shop",
            """
            CREATE TABLE shop.customers (
              id         integer PRIMARY KEY,
              name       text NOT NULL,
              email      varchar(200),
              balance    numeric(12,2) NOT NULL DEFAULT 0,
              vip        boolean NOT NULL DEFAULT false,
              updated_at timestamp(6) NOT NULL DEFAULT now()
            )""",
            """
            CREATE TABLE shop.order_lines (
              order_id   bigint NOT NULL,
              line_no    integer NOT NULL,
              sku        text NOT NULL,
              quantity   integer NOT NULL,
              unit_price numeric(10,2) NOT NULL,
              PRIMARY KEY (order_id, line_no)
            )""",
            """
            INSERT INTO shop.customers (id, name, email, balance, vip, updated_at) VALUES
              (1, 'Ada Lovelace', 'ada@example.com', 120.50, true, '2024-12-01 10:00:00'),
              (2, 'Alan Turing', 'alan@example.com', 0, false, '2024-12-01 10:00:00'),
              (3, 'Grace Hopper', NULL, 99.99, true, '2024-12-01 10:00:00'),
              (4, 'Edsger Dijkstra', 'ewd@example.com', 10, false, '2024-12-01 10:00:00'),
              (5, 'Barbara Liskov', 'liskov@example.com', 42.00, false, '2024-12-01 10:00:00')""",
            """
            INSERT INTO shop.order_lines VALUES
              (1001, 1, 'BOOK-001', 1, 35.00), (1001, 2, 'PEN-002', 3, 2.50),
              (1002, 1, 'BOOK-007', 2, 18.90)""");

    static final List<String> MUTATIONS = List.of(
            "INSERT INTO shop.customers (id, name, email, balance) VALUES (6, 'Donald Knuth', 'knuth@example.com', 256)",
            "INSERT INTO shop.customers (id, name, email, balance) VALUES (7, 'Frances Allen', '', 0)",
            "UPDATE shop.customers SET balance = 130.75, updated_at = now() WHERE id = 1",
            "UPDATE shop.customers SET email = 'grace@example.com', updated_at = now() WHERE id = 3",
            "DELETE FROM shop.customers WHERE id = 2",
            "INSERT INTO shop.order_lines VALUES (1002, 2, 'MUG-010', 1, 9.00)",
            "DELETE FROM shop.order_lines WHERE order_id = 1001 AND line_no = 2");

    private DemoData() {
    }

    /** A seed-style config over the bundled database, with embedded Kafka and object store. */
    static String config(String jdbcUrl, String user, Path dataDir) {
        return """
            {
              "global_settings": {"batch_size": 1000, "snapshot": {"format": "json"}},
              "datasources": {
                "demo": {"url": "%s", "username": "%s", "password": "postgres"}
              },
              "tables": {
                "customers": {"datasource": "demo", "schema": "shop", "primary_key": "id", "method": "hash",
                              "hash_columns": ["*"], "snapshot_format": "json"},
                "order_lines": {"datasource": "demo", "schema": "shop", "primary_key": ["order_id", "line_no"],
                                "method": "hash", "snapshot_format": "csv"}
              },
              "storage": {"endpoint": "embedded", "bucket": "cdc-state", "data_dir": "%s"},
              "kafka": {"bootstrap_servers": "embedded", "partitions": 3}
            }
            """.formatted(jdbcUrl, user, dataDir.toAbsolutePath().toString().replace("\\", "\\\\"));
    }
}
