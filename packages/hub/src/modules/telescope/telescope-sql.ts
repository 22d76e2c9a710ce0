import { sql } from 'drizzle-orm';

/** A time range of darknet data, optionally one sensor's. */
export interface Range {
  from: Date;
  to: Date;
  sensor?: string | undefined;
}

export interface EventFilters extends Range {
  source?: string | undefined;
  port?: number | undefined;
  limit: number;
  offset: number;
}

/** A number from a raw row (drivers give bigint and numeric columns as strings). */
export const num = (value: unknown): number => Number(value ?? 0);

/** A timestamp expression as milliseconds since the epoch, for raw selects. */
export const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
