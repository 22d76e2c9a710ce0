import type { SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/** Runs a raw statement and returns its rows, whichever driver is underneath. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
