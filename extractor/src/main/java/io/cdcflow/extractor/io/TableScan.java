package io.cdcflow.extractor.io;

import io.cdcflow.extractor.core.Cancellation;
import io.cdcflow.extractor.core.ExtractionPlan;
import io.cdcflow.extractor.core.ScanQuery;
import io.cdcflow.extractor.core.StreamingFetch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams the rows of a planned table that a query selects: one SELECT, so one consistent snapshot
 * of the table on PostgreSQL and InnoDB, with the dialect's streaming fetch, so memory does not grow
 * with the table.
 */
public final class TableScan {
    private TableScan() {
    }

    /**
     * Reads the rows {@code query} selects and hands each to {@code sink}, checking {@code
     * cancellation} between rows; a cancellation also cancels the running statement.
     *
     * @param connection a connection to the table's database; its auto-commit mode is restored after
     * @param plan the table's plan: how the selected columns (all of them, in plan order) are read
     * @param query the SELECT and its parameters
     * @param fetch the dialect's streaming settings
     * @return the number of rows read
     * @throws SQLException if the query fails
     * @throws Cancellation.CancelledException if cancelled
     */
    public static long scan(Connection connection, ExtractionPlan plan, ScanQuery query, StreamingFetch fetch,
                            Cancellation cancellation, Consumer<Object[]> sink) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(fetch.autoCommit());
        try {
            return query(connection, plan, query, fetch, cancellation, sink);
        } catch (SQLException | RuntimeException e) {
            cancellation.throwIfCancelled();
            throw e;
        } finally {
            endReadTransaction(connection, fetch, autoCommit);
        }
    }

    static long query(Connection connection, ExtractionPlan plan, ScanQuery query, StreamingFetch fetch,
                      Cancellation cancellation, Consumer<Object[]> sink) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(fetch.fetchSize());
            List<Object> parameters = query.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            RowReader reader = new RowReader(plan.columns());
            Cancellation.Registration cancelHook = cancellation.onCancel(() -> cancelQuietly(statement));
            long rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    cancellation.throwIfCancelled();
                    sink.accept(reader.read(rs));
                    rows++;
                }
            } finally {
                cancelHook.close();
            }
            cancellation.throwIfCancelled();
            return rows;
        }
    }

    private static void endReadTransaction(Connection connection, StreamingFetch fetch, boolean autoCommit) {
        try {
            if (!fetch.autoCommit()) {
                connection.rollback();
            }
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // A broken connection is evicted by the pool; the scan's own outcome is what matters.
        }
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            // The statement may have finished or closed meanwhile; the run stops at the next row anyway.
        }
    }
}
