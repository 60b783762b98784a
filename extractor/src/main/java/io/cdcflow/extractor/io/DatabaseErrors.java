package io.cdcflow.extractor.io;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells database failures worth retrying (a lost or refused connection, a pool timeout, a
 * serialization failure, a server restart) from permanent ones (bad SQL, missing privileges), by
 * walking the cause chain.
 */
public final class DatabaseErrors {
    private DatabaseErrors() {
    }

    /**
     * Whether retrying the connection or query may succeed: some cause is a
     * {@link SQLTransientException} or {@link SQLRecoverableException}, an {@link SQLException} whose
     * SQLState is of class 08 (connection exception), 40 (transaction rollback) or 57P0 (PostgreSQL
     * server shutdown), or a {@link SocketException}.
     */
    public static boolean isRetriable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && retriableState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean retriableState(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.startsWith("57P0"));
    }
}
