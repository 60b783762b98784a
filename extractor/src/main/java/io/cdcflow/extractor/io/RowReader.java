package io.cdcflow.extractor.io;

import io.cdcflow.extractor.core.MappedColumn;
import io.cdcflow.extractor.core.ValueNormalizer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads the current row of a result set into an array of canonical values (the Java classes
 * {@link io.cdcflow.common.core.ColumnType} documents), one element per column in plan order.
 * Stateless apart from its column list; thread-safe.
 */
public final class RowReader {
    private final MappedColumn[] columns;

    public RowReader(List<MappedColumn> columns) {
        this.columns = columns.toArray(MappedColumn[]::new);
    }

    /** The current row of {@code rs}, whose columns are in plan order. */
    public Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            row[i] = ValueNormalizer.normalize(columns[i], fetch(rs, i + 1, columns[i]));
        }
        return row;
    }

    private static Object fetch(ResultSet rs, int index, MappedColumn column) throws SQLException {
        Object value = switch (column.read()) {
            case INT -> rs.getInt(index);
            case LONG -> rs.getLong(index);
            case DECIMAL, DECIMAL_AS_PLAIN_STRING -> rs.getBigDecimal(index);
            case FLOAT -> rs.getFloat(index);
            case DOUBLE -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case STRING -> rs.getString(index);
            case BYTES -> rs.getBytes(index);
            case LOCAL_DATE -> rs.getObject(index, LocalDate.class);
            case LOCAL_TIME -> rs.getObject(index, LocalTime.class);
            case LOCAL_DATE_TIME, UTC_LOCAL_DATE_TIME -> rs.getObject(index, LocalDateTime.class);
            case OFFSET_DATE_TIME -> rs.getObject(index, OffsetDateTime.class);
        };
        return rs.wasNull() ? null : value;
    }
}
