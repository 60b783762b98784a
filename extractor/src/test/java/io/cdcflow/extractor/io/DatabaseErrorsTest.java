package io.cdcflow.extractor.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseErrorsTest {

    @Test
    void connectionFailuresAreRetriable() {
        assertThat(DatabaseErrors.isRetriable(new SQLException("refused", "08001"))).isTrue();
        assertThat(DatabaseErrors.isRetriable(new SQLException("link failure", "08S01"))).isTrue();
        assertThat(DatabaseErrors.isRetriable(new SQLNonTransientConnectionException("gone", "08006"))).isTrue();
        assertThat(DatabaseErrors.isRetriable(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(DatabaseErrors.isRetriable(new SQLRecoverableException("reconnect"))).isTrue();
    }

    @Test
    void rollbacksAndServerShutdownsAreRetriable() {
        assertThat(DatabaseErrors.isRetriable(new SQLException("serialization", "40001"))).isTrue();
        assertThat(DatabaseErrors.isRetriable(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(DatabaseErrors.isRetriable(new SQLException("admin shutdown", "57P01"))).isTrue();
    }

    @Test
    void socketFailuresAnywhereInTheChainAreRetriable() {
        SQLException wrapped = new SQLException("I/O error", "XX000", new IOException(new SocketException("reset")));
        assertThat(DatabaseErrors.isRetriable(wrapped)).isTrue();
        assertThat(DatabaseErrors.isRetriable(new RuntimeException(new SQLException("x", "08003")))).isTrue();
    }

    @Test
    void everythingElseIsPermanent() {
        assertThat(DatabaseErrors.isRetriable(new SQLSyntaxErrorException("bad sql", "42601"))).isFalse();
        assertThat(DatabaseErrors.isRetriable(new SQLException("permission denied", "42501"))).isFalse();
        assertThat(DatabaseErrors.isRetriable(new SQLException("no state"))).isFalse();
        assertThat(DatabaseErrors.isRetriable(new SQLException("query canceled", "57014"))).isFalse();
        assertThat(DatabaseErrors.isRetriable(new IllegalArgumentException("scale"))).isFalse();
    }

    @Test
    void survivesCyclicCauseChains() {
        SQLException first = new SQLException("a", "42000");
        SQLException second = new SQLException("b", "42000", first);
        first.initCause(second);
        assertThat(DatabaseErrors.isRetriable(first)).isFalse();
    }
}
