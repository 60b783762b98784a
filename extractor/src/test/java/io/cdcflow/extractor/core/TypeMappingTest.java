package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import java.sql.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Type mapping as each dialect sees the metadata its driver reports. */
class TypeMappingTest {

    @ParameterizedTest(name = "{0} {2}({3},{4}) -> {5}")
    @CsvSource({
            // dialect, JDBC type, type name, size, digits, type, read, precision, scale
            "postgres, " + Types.SMALLINT + ", int2, 5, 0, INT, INT, 0, 0",
            "postgres, " + Types.INTEGER + ", int4, 10, 0, INT, INT, 0, 0",
            "postgres, " + Types.INTEGER + ", serial, 10, 0, INT, INT, 0, 0",
            "postgres, " + Types.BIGINT + ", int8, 19, 0, LONG, LONG, 0, 0",
            "postgres, " + Types.NUMERIC + ", numeric, 12, 2, DECIMAL, DECIMAL, 12, 2",
            "postgres, " + Types.NUMERIC + ", numeric, 131089, 0, STRING, DECIMAL_AS_PLAIN_STRING, 0, 0",
            "postgres, " + Types.NUMERIC + ", numeric, 0, 0, STRING, DECIMAL_AS_PLAIN_STRING, 0, 0",
            "postgres, " + Types.REAL + ", float4, 8, 8, FLOAT, FLOAT, 0, 0",
            "postgres, " + Types.DOUBLE + ", float8, 17, 17, DOUBLE, DOUBLE, 0, 0",
            "postgres, " + Types.BIT + ", bool, 1, 0, BOOLEAN, BOOLEAN, 0, 0",
            "postgres, " + Types.BIT + ", bit, 1, 0, BOOLEAN, BOOLEAN, 0, 0",
            "postgres, " + Types.BIT + ", bit, 8, 0, STRING, STRING, 0, 0",
            "postgres, " + Types.CHAR + ", bpchar, 3, 0, STRING, STRING, 0, 0",
            "postgres, " + Types.VARCHAR + ", varchar, 40, 0, STRING, STRING, 0, 0",
            "postgres, " + Types.VARCHAR + ", text, 2147483647, 0, STRING, STRING, 0, 0",
            "postgres, " + Types.VARCHAR + ", mood, 2147483647, 0, STRING, STRING, 0, 0",
            "postgres, " + Types.OTHER + ", json, 2147483647, 0, JSON, STRING, 0, 0",
            "postgres, " + Types.OTHER + ", jsonb, 2147483647, 0, JSON, STRING, 0, 0",
            "postgres, " + Types.OTHER + ", uuid, 2147483647, 0, UUID, STRING, 0, 0",
            "postgres, " + Types.BINARY + ", bytea, 2147483647, 0, BYTES, BYTES, 0, 0",
            "postgres, " + Types.DATE + ", date, 13, 0, DATE, LOCAL_DATE, 0, 0",
            "postgres, " + Types.TIME + ", time, 15, 6, TIME, LOCAL_TIME, 0, 0",
            "postgres, " + Types.TIMESTAMP + ", timestamp, 26, 6, TIMESTAMP, LOCAL_DATE_TIME, 0, 0",
            "postgres, " + Types.TIMESTAMP + ", timestamptz, 35, 6, TIMESTAMP_TZ, OFFSET_DATE_TIME, 0, 0",
            "postgres, " + Types.TIMESTAMP_WITH_TIMEZONE + ", timestamptz, 35, 6, TIMESTAMP_TZ, OFFSET_DATE_TIME, 0, 0",
            "mysql, " + Types.TINYINT + ", TINYINT, 3, 0, INT, INT, 0, 0",
            "mysql, " + Types.TINYINT + ", TINYINT UNSIGNED, 3, 0, INT, INT, 0, 0",
            "mysql, " + Types.SMALLINT + ", SMALLINT UNSIGNED, 5, 0, INT, INT, 0, 0",
            "mysql, " + Types.INTEGER + ", MEDIUMINT, 7, 0, INT, INT, 0, 0",
            "mysql, " + Types.INTEGER + ", INT, 10, 0, INT, INT, 0, 0",
            "mysql, " + Types.INTEGER + ", INT UNSIGNED, 10, 0, LONG, LONG, 0, 0",
            "mysql, " + Types.BIGINT + ", BIGINT, 19, 0, LONG, LONG, 0, 0",
            "mysql, " + Types.BIGINT + ", BIGINT UNSIGNED, 20, 0, DECIMAL, DECIMAL, 20, 0",
            "mysql, " + Types.DECIMAL + ", DECIMAL, 12, 2, DECIMAL, DECIMAL, 12, 2",
            "mysql, " + Types.DECIMAL + ", DECIMAL UNSIGNED, 10, 0, DECIMAL, DECIMAL, 10, 0",
            "mysql, " + Types.REAL + ", FLOAT, 12, 0, FLOAT, FLOAT, 0, 0",
            "mysql, " + Types.DOUBLE + ", DOUBLE, 22, 0, DOUBLE, DOUBLE, 0, 0",
            "mysql, " + Types.BIT + ", BIT, 1, 0, BOOLEAN, BOOLEAN, 0, 0",
            "mysql, " + Types.BIT + ", BIT, 16, 0, BYTES, BYTES, 0, 0",
            "mysql, " + Types.BOOLEAN + ", BOOLEAN, 1, 0, BOOLEAN, BOOLEAN, 0, 0",
            "mysql, " + Types.VARCHAR + ", VARCHAR, 40, 0, STRING, STRING, 0, 0",
            "mysql, " + Types.LONGVARCHAR + ", TEXT, 65535, 0, STRING, STRING, 0, 0",
            "mysql, " + Types.CHAR + ", ENUM, 5, 0, STRING, STRING, 0, 0",
            "mysql, " + Types.CHAR + ", SET, 11, 0, STRING, STRING, 0, 0",
            "mysql, " + Types.LONGVARCHAR + ", JSON, 1073741824, 0, JSON, STRING, 0, 0",
            "mysql, " + Types.LONGVARBINARY + ", BLOB, 65535, 0, BYTES, BYTES, 0, 0",
            "mysql, " + Types.BINARY + ", BINARY, 16, 0, BYTES, BYTES, 0, 0",
            "mysql, " + Types.VARBINARY + ", VARBINARY, 16, 0, BYTES, BYTES, 0, 0",
            "mysql, " + Types.DATE + ", DATE, 10, 0, DATE, LOCAL_DATE, 0, 0",
            "mysql, " + Types.DATE + ", YEAR, 4, 0, INT, INT, 0, 0",
            "mysql, " + Types.TIME + ", TIME, 15, 6, TIME, LOCAL_TIME, 0, 0",
            "mysql, " + Types.TIMESTAMP + ", DATETIME, 26, 6, TIMESTAMP, LOCAL_DATE_TIME, 0, 0",
            "mysql, " + Types.TIMESTAMP + ", TIMESTAMP, 26, 6, TIMESTAMP_TZ, UTC_LOCAL_DATE_TIME, 0, 0",
            "generic, " + Types.TINYINT + ", TINYINT, 3, 0, INT, INT, 0, 0",
            "generic, " + Types.NUMERIC + ", NUMBER, 38, 4, DECIMAL, DECIMAL, 38, 4",
            "generic, " + Types.FLOAT + ", FLOAT, 53, 0, DOUBLE, DOUBLE, 0, 0",
            "generic, " + Types.BOOLEAN + ", BOOLEAN, 1, 0, BOOLEAN, BOOLEAN, 0, 0",
            "generic, " + Types.NVARCHAR + ", NVARCHAR, 50, 0, STRING, STRING, 0, 0",
            "generic, " + Types.CLOB + ", CLOB, 0, 0, STRING, STRING, 0, 0",
            "generic, " + Types.BLOB + ", BLOB, 0, 0, BYTES, BYTES, 0, 0",
            "generic, " + Types.TIMESTAMP_WITH_TIMEZONE + ", TIMESTAMP WITH TIME ZONE, 35, 6, TIMESTAMP_TZ, OFFSET_DATE_TIME, 0, 0",
            "generic, " + Types.OTHER + ", UUID, 36, 0, UUID, STRING, 0, 0",
    })
    void mapsExactly(String dialect, int jdbcType, String typeName, int size, int digits, ColumnType type,
                     ValueRead read, int precision, int scale) {
        MappedColumn mapped = dialect(dialect).map(new SourceColumn("c", jdbcType, typeName, size, digits, true));

        assertThat(mapped.column()).isEqualTo(new Column("c", type, true, precision, scale, typeName));
        assertThat(mapped.read()).isEqualTo(read);
        assertThat(mapped.isFallback()).isFalse();
    }

    @ParameterizedTest(name = "{0} {2} falls back to text")
    @CsvSource({
            "postgres, " + Types.OTHER + ", interval, STRING",
            "postgres, " + Types.ARRAY + ", _int4, STRING",
            "postgres, " + Types.DOUBLE + ", money, STRING",
            "postgres, " + Types.TIME + ", timetz, STRING",
            "postgres, " + Types.SQLXML + ", xml, STRING",
            "mysql, " + Types.OTHER + ", GEOMETRYCOLLECTION, STRING",
            "generic, " + Types.NUMERIC + ", NUMBER, DECIMAL_AS_PLAIN_STRING",
            "generic, " + Types.STRUCT + ", ADDRESS_T, STRING",
            "generic, " + Types.JAVA_OBJECT + ", OBJ, STRING",
    })
    void unknownTypesBecomeTextWithAReason(String dialect, int jdbcType, String typeName, ValueRead read) {
        MappedColumn mapped = dialect(dialect).map(new SourceColumn("c", jdbcType, typeName, 0, -127, false));

        assertThat(mapped.column().type()).isEqualTo(ColumnType.STRING);
        assertThat(mapped.column().nullable()).isFalse();
        assertThat(mapped.read()).isEqualTo(read);
        assertThat(mapped.fallbackReason()).contains(typeName);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "10, 11", "1001, 2", "10, -2"})
    void decimalsWithoutAUsablePrecisionAreKeptAsPlainText(int size, int digits) {
        MappedColumn mapped = JdbcTypeMapper.map(new SourceColumn("d", Types.DECIMAL, "DECIMAL", size, digits, true));

        assertThat(mapped.column().type()).isEqualTo(ColumnType.STRING);
        assertThat(mapped.read()).isEqualTo(ValueRead.DECIMAL_AS_PLAIN_STRING);
        assertThat(mapped.isFallback()).isTrue();
    }

    private static Dialect dialect(String name) {
        return switch (name) {
            case "postgres" -> new PostgresDialect();
            case "mysql" -> new MySqlDialect();
            default -> new GenericDialect();
        };
    }
}
