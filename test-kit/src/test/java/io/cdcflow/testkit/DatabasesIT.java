package io.cdcflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabasesIT {

    static Stream<Named<Supplier<TestDatabase>>> servers() {
        return Stream.of(
                Named.of("embedded PostgreSQL", TestDatabases::embeddedPostgres),
                Named.of("embedded MariaDB", TestDatabases::embeddedMariadb),
                Named.of("external PostgreSQL (" + TestDatabases.PG_URL + ")",
                        () -> external(TestDatabases.externalPostgres(), TestDatabases.PG_URL)),
                Named.of("external MariaDB (" + TestDatabases.MARIADB_URL + ")",
                        () -> external(TestDatabases.externalMariadb(), TestDatabases.MARIADB_URL)));
    }

    private static TestDatabase external(Optional<TestDatabase> db, String variable) {
        assumeTrue(db.isPresent(), variable + " not set; run .ci/setup-databases.sh to test against Debian's server");
        return db.get();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void createDatabaseTableInsertQuery(Supplier<TestDatabase> server) throws Exception {
        TestDatabase db = server.get().createDatabase("kit_it");
        assertThat(db.databaseName()).isEqualTo("kit_it");
        assertThat(db.jdbcUrl()).startsWith(db.type().equals(TestDatabase.POSTGRESQL) ? "jdbc:postgresql:" : "jdbc:mysql:");

        db.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2))",
                "INSERT INTO item VALUES (1, 'apple', 1.50)",
                "INSERT INTO item VALUES (2, 'pear', NULL)");
        List<Map<String, Object>> rows = db.query("SELECT id AS \"ID\", name, price FROM item ORDER BY id"
                .replace('"', db.type().equals(TestDatabase.MARIADB) ? '`' : '"'));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(
                Map.entry("id", 1), Map.entry("name", "apple"), Map.entry("price", new BigDecimal("1.50")));
        assertThat(rows.get(1).keySet()).containsExactly("id", "name", "price");
        assertThat(rows.get(1).get("price")).isNull();

        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM item")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }

        // a second call starts over, even with a connection still open to the old database
        try (Connection open = db.connect()) {
            TestDatabase fresh = server.get().createDatabase("kit_it");
            assertThatThrownBy(() -> fresh.query("SELECT * FROM item"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SELECT * FROM item");
            assertThat(open).isNotNull();
        }
    }

    @Test
    void defaultServerFollowsEnvironment() {
        assertThat(TestDatabases.postgres().jdbcUrl()).isEqualTo(
                TestDatabases.externalPostgres().orElseGet(TestDatabases::embeddedPostgres).jdbcUrl());
        assertThat(TestDatabases.mariadb().jdbcUrl()).isEqualTo(
                TestDatabases.externalMariadb().orElseGet(TestDatabases::embeddedMariadb).jdbcUrl());
        assertThat(TestDatabases.postgres()).isSameAs(TestDatabases.postgres());
    }

    @Test
    void rejectsUnsafeDatabaseNames() {
        TestDatabase db = new TestDatabase(TestDatabase.POSTGRESQL, "jdbc:postgresql://h:1/x?ssl=false", "u", "p");
        assertThatThrownBy(() -> db.createDatabase("a\"; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestDatabase.withDatabase(db.jdbcUrl(), "y")).isEqualTo("jdbc:postgresql://h:1/y?ssl=false");
        assertThat(TestDatabase.withDatabase("jdbc:mysql://h:3306", "y")).isEqualTo("jdbc:mysql://h:3306/y");
    }
}
