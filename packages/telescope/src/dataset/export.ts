import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString, withDuckDB } from '../parquet/duckdb.js';
import { flowTupleRoot } from '../parquet/flowtuple-sink.js';
import { hashSource, loadOrCreateDatasetKey, low16, MIN_DATASET_KEY_BYTES } from './anonymise.js';

export interface ExportDatasetOptions {
  /** Data directory holding `telescope/flowtuples/day=…` and `telescope/dataset.key`. */
  dataDir: string;
  /** UTC day to export, `YYYY-MM-DD`. */
  day: string;
  /** Where to write `darknet-syn-<day>.csv` and `.parquet`. */
  outDir: string;
  /** Which files to write (default both). */
  formats?: readonly DatasetFormat[];
  /** HMAC key; default: `<dataDir>/telescope/dataset.key`, created if absent. Never written out. */
  key?: Uint8Array;
  /** Parquet compression codec (default zstd). */
  compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
}

/** The published file formats. */
export const DATASET_FORMATS = ['csv', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface ExportDatasetResult {
  /** The files written; null for a format not asked for. */
  csvPath: string | null;
  parquetPath: string | null;
  /** Rows written (flow tuples of class tcp_syn). */
  rows: number;
  /** Sum of their packet counts. */
  packets: number;
  /** Distinct sources pseudonymised. */
  sources: number;
}

/** Columns of the published dataset, in order. */
export const DATASET_COLUMNS = ['timestamp', 'src_hash_hi16', 'src_hash', 'dst_lo16', 'dst_port', 'packets'] as const;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Exports one day of TCP SYN probes (flow tuples of class `tcp_syn`) as an anonymised dataset, in the
 * spirit of NICT's darknet SYN dataset, to `<outDir>/darknet-syn-<day>.csv` and `.parquet` (same rows,
 * same order; `formats` writes only one of them). Columns:
 *
 * - `timestamp`: the flow tuple's time as integer Unix epoch seconds (UTC, floored);
 * - `src_hash_hi16`: keyed hash of the source's upper 16 bits (its /16), 16 hex characters;
 * - `src_hash`: keyed hash of the full source address, 16 hex characters;
 * - `dst_lo16`: the destination's lower 16 bits as an integer (0..65535);
 * - `dst_port`: TCP destination port;
 * - `packets`: packets of that flow tuple.
 *
 * Hashes are HMAC-SHA256 with a server-side key (see `hashSource`), so one address keeps one pseudonym
 * across days while the key is kept, and nothing in the files reveals the address. Raw sources exist
 * only inside the exporter's in-memory DuckDB: the files are written from a table without them.
 *
 * @example
 * const r = await exportDataset({ dataDir: '/var/lib/cynex', day: '2024-05-01', outDir: '/srv/dataset' });
 * console.log(r.rows, r.csvPath);
 */
export async function exportDataset(options: ExportDatasetOptions): Promise<ExportDatasetResult> {
  const { dataDir, day, outDir } = options;
  if (!DAY_RE.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new RangeError(`invalid day ${day}`);
  const key = options.key ?? (await loadOrCreateDatasetKey(dataDir));
  if (key.length < MIN_DATASET_KEY_BYTES)
    throw new RangeError(`dataset key shorter than ${MIN_DATASET_KEY_BYTES} bytes`);
  const compression = options.compression ?? 'zstd';
  const formats = options.formats ?? DATASET_FORMATS;
  if (formats.length === 0) throw new RangeError('no dataset format to write');
  await mkdir(outDir, { recursive: true });
  const csvPath = formats.includes('csv') ? join(outDir, `darknet-syn-${day}.csv`) : null;
  const parquetPath = formats.includes('parquet') ? join(outDir, `darknet-syn-${day}.parquet`) : null;

  return withDuckDB(async (c) => {
    const dayDir = join(flowTupleRoot(dataDir), `day=${day}`);
    const files = (await readdir(dayDir).catch(() => [] as string[])).filter((f) => f.endsWith('.parquet'));
    const source = files.length
      ? `(SELECT time, src, dst, dst_port, packets FROM read_parquet(${sqlString(join(dayDir, '*.parquet'))}) WHERE class = 'tcp_syn')`
      : `(SELECT NULL::TIMESTAMP AS time, NULL::VARCHAR AS src, NULL::VARCHAR AS dst, NULL::USMALLINT AS dst_port, NULL::UBIGINT AS packets WHERE false)`;
    await c.run(`CREATE TEMP TABLE syn AS SELECT * FROM ${source}`);

    // Pseudonyms are computed here, once per distinct address, and joined back in DuckDB.
    await c.run('CREATE TEMP TABLE srcmap (src VARCHAR PRIMARY KEY, src_hash_hi16 VARCHAR, src_hash VARCHAR)');
    const sources = await distinct(c, 'src');
    const srcAppender = await c.createAppender('srcmap');
    for (const src of sources) {
      const h = hashSource(key, src);
      srcAppender.appendVarchar(src);
      srcAppender.appendVarchar(h.hi16);
      srcAppender.appendVarchar(h.full);
      srcAppender.endRow();
    }
    srcAppender.closeSync();

    await c.run('CREATE TEMP TABLE dstmap (dst VARCHAR PRIMARY KEY, dst_lo16 USMALLINT)');
    const dstAppender = await c.createAppender('dstmap');
    for (const dst of await distinct(c, 'dst')) {
      dstAppender.appendVarchar(dst);
      dstAppender.appendUSmallInt(low16(dst));
      dstAppender.endRow();
    }
    dstAppender.closeSync();

    await c.run(`CREATE TEMP TABLE out AS
      SELECT epoch_ms(s.time) // 1000 AS timestamp, m.src_hash_hi16, m.src_hash, d.dst_lo16, s.dst_port, s.packets
      FROM syn s JOIN srcmap m USING (src) JOIN dstmap d USING (dst)`);
    await c.run('DROP TABLE syn');
    await c.run('DROP TABLE srcmap');
    await c.run('DROP TABLE dstmap');

    const [totals] = (
      await c.runAndReadAll('SELECT count(*) AS rows, coalesce(sum(packets), 0) AS packets FROM out')
    ).getRowObjectsJS();
    // Write beside the target and rename, so a reader never sees half a file.
    if (csvPath) {
      await c.run(
        `COPY (SELECT * FROM out ORDER BY ALL) TO ${sqlString(`${csvPath}.partial`)} (FORMAT csv, HEADER true)`,
      );
    }
    if (parquetPath) {
      await c.run(
        `COPY (SELECT * FROM out ORDER BY ALL) TO ${sqlString(`${parquetPath}.partial`)} (FORMAT parquet, COMPRESSION ${compression})`,
      );
    }
    if (csvPath) await rename(`${csvPath}.partial`, csvPath);
    if (parquetPath) await rename(`${parquetPath}.partial`, parquetPath);
    return {
      csvPath,
      parquetPath,
      rows: Number(totals?.rows ?? 0),
      packets: Number(totals?.packets ?? 0),
      sources: sources.length,
    };
  });
}

/**
 * The UTC days holding flow tuples in a data directory (a `day=YYYY-MM-DD` folder with at least one
 * Parquet file), in order. Empty when the directory has none (or does not exist).
 *
 * @example
 * await flowTupleDays('/var/lib/cynex') // ['2024-05-01', '2024-05-02']
 */
export async function flowTupleDays(dataDir: string): Promise<string[]> {
  const root = flowTupleRoot(dataDir);
  const days: string[] = [];
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const day = /^day=(\d{4}-\d{2}-\d{2})$/.exec(entry)?.[1];
    if (!day) continue;
    const files = await readdir(join(root, entry)).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.parquet'))) days.push(day);
  }
  return days.sort();
}

async function distinct(c: DuckDBConnection, column: 'src' | 'dst'): Promise<string[]> {
  const values =
    (await c.runAndReadAll(`SELECT DISTINCT ${column} FROM syn WHERE ${column} IS NOT NULL`)).getColumnsJS()[0] ?? [];
  return values.filter((v): v is string => typeof v === 'string');
}
