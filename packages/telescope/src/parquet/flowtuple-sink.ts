import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, JS } from '@duckdb/node-api';
import type { FlowTupleRow, FlowTupleSink } from '../flowtuple.js';
import { openDuckDB, sqlString, withDuckDB, type DuckDB } from './duckdb.js';

/**
 * Columns of a flow-tuple Parquet file, in order. Snake case; `sensor` and `interval_start` are
 * constant within a file; `day` (DATE) is added on read from the `day=YYYY-MM-DD` directory.
 * Unsigned widths as in the headers; `packets` is 64-bit (a flood can exceed 2^32 in 5 minutes).
 */
export const FLOW_TUPLE_COLUMNS = [
  ['sensor', 'VARCHAR'],
  ['interval_start', 'TIMESTAMP'],
  ['time', 'TIMESTAMP'],
  ['src', 'VARCHAR'],
  ['dst', 'VARCHAR'],
  ['src_port', 'USMALLINT'],
  ['dst_port', 'USMALLINT'],
  ['protocol', 'UTINYINT'],
  ['ttl', 'UTINYINT'],
  ['tcp_flags', 'UTINYINT'],
  ['ip_len', 'USMALLINT'],
  ['class', 'VARCHAR'],
  ['tags', 'UINTEGER'],
  ['packets', 'UBIGINT'],
] as const;

const SENSOR_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface ParquetFlowTupleSinkOptions {
  /** The sensor's data directory; files go to `<dataDir>/telescope/flowtuples/day=YYYY-MM-DD/`. */
  dataDir: string;
  /** Sensor id (lower-case letters, digits, - and _), the first part of each file name. */
  sensor: string;
  /** Parquet compression codec (default zstd). */
  compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
}

/** Where the flow tuples of a data directory live. */
export function flowTupleRoot(dataDir: string): string {
  return join(dataDir, 'telescope', 'flowtuples');
}

/** `2024-05-01T00:05:00.000Z` → `2024-05-01` (UTC). */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `2024-05-01T00:05:00.000Z` → `20240501T000500Z`, the interval part of a file name. */
export function intervalStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * The file holding one sensor's interval: `<root>/day=YYYY-MM-DD/<sensor>-<YYYYMMDDTHHMMSSZ>.parquet`,
 * the day being the UTC day of the interval's start.
 *
 * @example
 * flowTuplePath('/var/lib/cynex', 'tokyo-1', new Date('2024-05-01T00:05:00Z'))
 * // '/var/lib/cynex/telescope/flowtuples/day=2024-05-01/tokyo-1-20240501T000500Z.parquet'
 */
export function flowTuplePath(dataDir: string, sensor: string, start: Date): string {
  return join(flowTupleRoot(dataDir), `day=${utcDay(start)}`, `${sensor}-${intervalStamp(start)}.parquet`);
}

/**
 * Writes each 5-minute interval's flow tuples to its own Parquet file, partitioned by day (Hive style),
 * with DuckDB: rows go through an appender into a temporary table, then `COPY … TO … (FORMAT parquet)`
 * writes a `.partial` file that is renamed over the final name. Re-writing an interval therefore
 * replaces its file atomically (idempotent, like the hub's interval upload); an interval with no rows
 * removes its file. Calls are serialised; `close()` waits for pending writes.
 *
 * @example
 * const sink = new ParquetFlowTupleSink({ dataDir: '/var/lib/cynex', sensor: 'tokyo-1' });
 * await sink.writeInterval(new Date('2024-05-01T00:05:00Z'), rows);
 * await sink.close();
 * const top = await queryFlowTuples('/var/lib/cynex', 'SELECT dst_port, sum(packets) p FROM flowtuples GROUP BY 1 ORDER BY 2 DESC LIMIT 10');
 */
export class ParquetFlowTupleSink implements FlowTupleSink {
  /** Rows written and seconds spent (append + COPY + rename), for throughput reports. */
  readonly stats = { intervals: 0, rows: 0, seconds: 0 };
  private db: Promise<DuckDB> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly compression: string;

  constructor(private readonly options: ParquetFlowTupleSinkOptions) {
    if (!SENSOR_RE.test(options.sensor)) {
      throw new Error(`invalid sensor id ${JSON.stringify(options.sensor)}: lower-case letters, digits, - and _`);
    }
    this.compression = options.compression ?? 'zstd';
  }

  writeInterval(start: Date, rows: FlowTupleRow[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ParquetFlowTupleSink is closed'));
    if (Number.isNaN(start.getTime())) return Promise.reject(new RangeError('invalid interval start'));
    const run = this.queue.then(() => this.write(start, rows));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const db = this.db;
    this.db = null;
    if (db) (await db).close();
  }

  private async write(start: Date, rows: FlowTupleRow[]): Promise<void> {
    const t0 = performance.now();
    const path = flowTuplePath(this.options.dataDir, this.options.sensor, start);
    if (rows.length === 0) {
      await rm(path, { force: true });
      return;
    }
    this.db ??= openDuckDB(this.options.threads === undefined ? {} : { threads: this.options.threads });
    const c = (await this.db).connection;
    await c.run(STAGING_TABLE);
    await appendRows(c, rows);
    await mkdir(join(path, '..'), { recursive: true });
    const partial = `${path}.partial`;
    const startUs = BigInt(start.getTime()) * 1000n;
    await c.run(
      `COPY (SELECT ${sqlString(this.options.sensor)} AS sensor, make_timestamp(${startUs}) AS interval_start, ${STAGED_COLUMNS} FROM ft)
       TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION ${this.compression})`,
    );
    await c.run('DROP TABLE ft');
    await rename(partial, path);
    this.stats.intervals++;
    this.stats.rows += rows.length;
    this.stats.seconds += (performance.now() - t0) / 1000;
  }
}

// Rows are staged in a temporary table, time (epoch ms) and packets as DOUBLEs, which the appender takes
// without a BigInt per value (exact up to 2^53); the COPY casts them to TIMESTAMP and UBIGINT.
const INNER_COLUMNS = FLOW_TUPLE_COLUMNS.slice(3, -1);
const STAGING_TABLE = `CREATE OR REPLACE TEMP TABLE ft (time_ms DOUBLE, ${INNER_COLUMNS.map(([n, t]) => `"${n}" ${t}`).join(', ')}, packets DOUBLE)`;
const STAGED_COLUMNS = `epoch_ms(time_ms::BIGINT) AS "time", ${INNER_COLUMNS.map(([n]) => `"${n}"`).join(', ')}, packets::UBIGINT AS packets`;

async function appendRows(c: DuckDBConnection, rows: FlowTupleRow[]): Promise<void> {
  const a = await c.createAppender('ft');
  try {
    for (const r of rows) {
      a.appendDouble(r.time.getTime());
      a.appendVarchar(r.src);
      a.appendVarchar(r.dst);
      a.appendUSmallInt(r.srcPort);
      a.appendUSmallInt(r.dstPort);
      a.appendUTinyInt(r.protocol);
      a.appendUTinyInt(r.ttl);
      a.appendUTinyInt(r.tcpFlags);
      a.appendUSmallInt(r.ipLen);
      a.appendVarchar(r.class);
      a.appendUInteger(r.tags);
      a.appendDouble(r.packets);
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

/**
 * The `read_parquet` expression over every flow-tuple file of a data directory (all days, all sensors),
 * with the `day` partition column.
 */
export function flowTupleSource(dataDir: string): string {
  return `read_parquet(${sqlString(join(flowTupleRoot(dataDir), 'day=*', '*.parquet'))}, hive_partitioning = true)`;
}

/**
 * Creates the view `flowtuples` over a data directory's Parquet files on a connection (an empty view of
 * the same columns when there are none yet, so queries need no special case).
 */
export async function createFlowTupleView(c: DuckDBConnection, dataDir: string): Promise<void> {
  if (await hasFlowTupleFiles(dataDir)) {
    await c.run(`CREATE OR REPLACE TEMP VIEW flowtuples AS SELECT * FROM ${flowTupleSource(dataDir)}`);
    return;
  }
  const cols = FLOW_TUPLE_COLUMNS.map(([n, t]) => `NULL::${t} AS "${n}"`).join(', ');
  await c.run(`CREATE OR REPLACE TEMP VIEW flowtuples AS SELECT ${cols}, NULL::DATE AS day WHERE false`);
}

async function hasFlowTupleFiles(dataDir: string): Promise<boolean> {
  const root = flowTupleRoot(dataDir);
  const days = await readdir(root).catch(() => [] as string[]);
  for (const day of days) {
    if (!day.startsWith('day=')) continue;
    const files = await readdir(join(root, day)).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.parquet'))) return true;
  }
  return false;
}

/**
 * Runs SQL over all flow tuples of a data directory, exposed as the view `flowtuples`
 * (= `read_parquet('<dataDir>/telescope/flowtuples/day=*\/*.parquet', hive_partitioning = true)`).
 * Returns rows as plain JS values: BIGINT/UBIGINT as bigint, TIMESTAMP and DATE as Date.
 *
 * @example
 * const rows = await queryFlowTuples(dataDir, "SELECT day, sum(packets) AS packets FROM flowtuples WHERE class = 'tcp_syn' GROUP BY day ORDER BY day");
 */
export async function queryFlowTuples(dataDir: string, sql: string): Promise<Record<string, JS>[]> {
  return withDuckDB(async (c) => {
    await createFlowTupleView(c, dataDir);
    return (await c.runAndReadAll(sql)).getRowObjectsJS();
  });
}
