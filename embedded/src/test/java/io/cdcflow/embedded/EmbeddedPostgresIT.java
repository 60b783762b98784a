package io.cdcflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    Path dir;

    @Test
    void temporaryServerAnswersQueries() throws SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(null);
                Connection c = connect(pg, "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("17.");
        }
    }

    @Test
    void dataDirectorySurvivesRestart() throws SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
                Connection c = connect(pg, "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            try (Connection shop = connect(pg, "shop"); Statement st = shop.createStatement()) {
                st.execute("CREATE TABLE item (id int PRIMARY KEY, name text)");
                st.execute("INSERT INTO item VALUES (1, 'apple'), (2, 'pear')");
            }
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
                Connection c = connect(pg, "shop");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM item")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    private static Connection connect(EmbeddedPostgres pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }
}
