import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * A private in-memory DuckDB (instance + one connection) for writing and reading Parquet.
 * Nothing is persisted in DuckDB itself: the Parquet files are the store.
 *
 * @example
 * const db = await openDuckDB();
 * try { await db.connection.run('SELECT 1'); } finally { db.close(); }
 */
export interface DuckDB {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens an in-memory DuckDB. `threads` bounds DuckDB's worker threads (default: all cores).
 *
 * @example
 * const db = await openDuckDB({ threads: 1 });
 */
export async function openDuckDB(options: { threads?: number } = {}): Promise<DuckDB> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Runs `fn` with a fresh in-memory DuckDB and closes it afterwards.
 *
 * @example
 * const n = await withDuckDB(async (c) => (await c.runAndReadAll('SELECT 42 AS n')).getRowObjectsJS()[0]?.n);
 */
export async function withDuckDB<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await openDuckDB();
  try {
    return await fn(db.connection);
  } finally {
    db.close();
  }
}

/**
 * Quotes a string as an SQL literal (for paths in COPY/read_parquet, which take no parameters).
 *
 * @example
 * sqlString("it's") // "'it''s'"
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
