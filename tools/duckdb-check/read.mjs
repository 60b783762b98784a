// Prints a Parquet or Avro file as DuckDB reads it, for tests that want a reader independent of our Java code:
//   node read.mjs <file.parquet|file.avro>
// Output (stdout, one JSON document):
//   {"columns": [{"name": "id", "type": "BIGINT", "null": "YES"}, ...],   <- DESCRIBE
//    "rows": [{"id": "1", ...}, ...]}                                       <- SELECT *, in file order
// Values use DuckDB's JSON rendering: BIGINT and DECIMAL as strings, TIMESTAMP as "2024-01-02 10:15:30",
// TIMESTAMP WITH TIME ZONE in UTC ("... +00"), BLOB as "\x00\xFF" escapes, NULL as null.
// Exit 2 on a usage error, 1 when DuckDB cannot read the file, 3 when the file is Avro and DuckDB's avro
// extension is neither installed nor downloadable (it is not bundled with @duckdb/node-api; INSTALL avro
// fetches it from extensions.duckdb.org).
import { DuckDBInstance } from '@duckdb/node-api';

const [file] = process.argv.slice(2);
if (!file || process.argv.length !== 3) {
  console.error('usage: node read.mjs <file.parquet|file.avro>');
  process.exit(2);
}

try {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  let reader = 'read_parquet';
  if (file.endsWith('.avro')) {
    try {
      await connection.run('INSTALL avro');
      await connection.run('LOAD avro');
    } catch (error) {
      console.error(`duckdb's avro extension is not available: ${error.message}`);
      process.exit(3);
    }
    reader = 'read_avro';
  }
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}($1)`, [file]);
  const columns = described.getRowObjectsJson().map((column) => ({
    name: column.column_name, type: column.column_type, null: column.null,
  }));
  const selected = await connection.runAndReadAll(`SELECT * FROM ${reader}($1)`, [file]);
  process.stdout.write(JSON.stringify({ columns, rows: selected.getRowObjectsJson() }) + '\n');
  connection.closeSync();
  instance.closeSync();
} catch (error) {
  console.error(`duckdb could not read ${file}: ${error.message}`);
  process.exit(1);
}
