import { stat } from 'node:fs/promises';
import { relative, resolve, isAbsolute } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { flowTupleRoot } from '../parquet/flowtuple-sink.js';
import { EXPORT_USAGE } from '../usage.js';
import { loadOrCreateDatasetKey } from './anonymise.js';
import { DATASET_FORMATS, exportDataset, flowTupleDays, type DatasetFormat } from './export.js';

export { EXPORT_USAGE };

/** Options of `cynex telescope export`, as parsed from the command line (or built by a caller). */
export interface TelescopeExportOptions {
  /** `--data-dir DIR`: the directory `cynex telescope ingest --data-dir` wrote (flow tuples and the dataset key). */
  dataDir: string;
  /** `--out DIR`: where the daily files go. */
  outDir: string;
  /** `--from` / `--to` (UTC days, inclusive); default: the first and last day with flow tuples. */
  from?: string | undefined;
  to?: string | undefined;
  /** `--format csv|parquet|both` (default both). */
  formats: readonly DatasetFormat[];
}

/** A command-line mistake or an unusable data directory; the message says what to fix. */
export class ExportUsageError extends Error {
  override readonly name = 'ExportUsageError';
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const FORMAT_CHOICES: Record<string, readonly DatasetFormat[]> = {
  csv: ['csv'],
  parquet: ['parquet'],
  both: DATASET_FORMATS,
};

/**
 * Parses `cynex telescope export` arguments (everything after `export`). Throws {@link ExportUsageError}
 * naming the option that is wrong.
 *
 * @example
 * parseExportOptions(['--data-dir', '/var/lib/cynex', '--out', '/srv/dataset', '--from', '2024-05-01']);
 */
export function parseExportOptions(argv: string[]): TelescopeExportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
      },
    });
  } catch (err) {
    throw new ExportUsageError((err as Error).message);
  }
  const v = parsed.values;
  if (!v['data-dir'])
    throw new ExportUsageError('--data-dir DIR is required (the directory `ingest --data-dir` wrote)');
  if (!v.out) throw new ExportUsageError('--out DIR is required (where the daily files go)');
  const format = v.format ?? 'both';
  const formats = FORMAT_CHOICES[format];
  if (!formats) throw new ExportUsageError(`--format must be csv, parquet or both, got ${JSON.stringify(format)}`);
  const opts: TelescopeExportOptions = { dataDir: v['data-dir'], outDir: v.out, from: v.from, to: v.to, formats };
  validate(opts);
  return opts;
}

function validate(o: TelescopeExportOptions): void {
  if (o.from !== undefined) day('--from', o.from);
  if (o.to !== undefined) day('--to', o.to);
  if (o.from && o.to && o.from > o.to) throw new ExportUsageError(`--from ${o.from} comes after --to ${o.to}`);
  if (o.formats.length === 0) throw new ExportUsageError('--format: nothing to write');
}

/** A real calendar day: `2024-02-30` is refused, not rolled over into March. */
function day(flag: string, text: string): void {
  const date = new Date(`${text}T00:00:00Z`);
  if (!DAY_RE.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new ExportUsageError(`${flag} must be a UTC day YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
}

/** Checks the directories and picks the days to export; every failure is a usage error (exit 2). */
async function plan(o: TelescopeExportOptions): Promise<string[]> {
  const info = await stat(o.dataDir).catch(() => null);
  if (!info?.isDirectory()) throw new ExportUsageError(`--data-dir ${o.dataDir}: no such directory`);
  const root = flowTupleRoot(o.dataDir);
  const inside = relative(resolve(root), resolve(o.outDir));
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new ExportUsageError(`--out ${o.outDir} is inside the flow tuples (${root}): choose another directory`);
  }
  const present = await flowTupleDays(o.dataDir);
  if (present.length === 0) {
    throw new ExportUsageError(
      `--data-dir ${o.dataDir}: no flow tuples in ${root} (write them with \`cynex telescope ingest --data-dir\`)`,
    );
  }
  const days = present.filter((d) => (!o.from || d >= o.from) && (!o.to || d <= o.to));
  if (days.length === 0) {
    const range = `${o.from ?? 'the start'} to ${o.to ?? 'the end'}`;
    throw new ExportUsageError(
      `no flow tuples from ${range} in ${root} (days present: ${present[0]} to ${present.at(-1)})`,
    );
  }
  return days;
}

/** Streams of a command run (tests pass their own). */
export interface ExportIo {
  stdout?: Writable;
  stderr?: Writable;
}

const n = (value: number) => value.toLocaleString('en-US');

/**
 * `cynex telescope export`: writes one anonymised file per format and day with flow tuples in the range,
 * prints the paths written on stdout and a summary on stderr, and returns the exit code: 0 done,
 * 1 an export failed (the days before it are written), 2 usage error or unusable data directory.
 *
 * @example
 * process.exitCode = await telescopeExportCommand(['--data-dir', '/var/lib/cynex', '--out', '/srv/dataset']);
 */
export async function telescopeExportCommand(
  args: string[] | TelescopeExportOptions,
  io: ExportIo = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let o: TelescopeExportOptions;
  let days: string[];
  try {
    if (Array.isArray(args)) o = parseExportOptions(args);
    else {
      validate(args);
      o = args;
    }
    days = await plan(o);
  } catch (err) {
    if (!(err instanceof ExportUsageError)) throw err;
    stderr.write(`cynex telescope export: ${err.message}\n`);
    return 2;
  }
  const totals = { rows: 0, packets: 0, files: 0 };
  try {
    // One key for the whole run, read (or created) once: every day's pseudonyms come from it.
    const key = await loadOrCreateDatasetKey(o.dataDir);
    for (const d of days) {
      const r = await exportDataset({ dataDir: o.dataDir, day: d, outDir: o.outDir, formats: o.formats, key });
      const files = [r.csvPath, r.parquetPath].filter((p): p is string => p !== null);
      for (const file of files) stdout.write(`${file}\n`);
      stderr.write(`${d}: ${n(r.rows)} rows, ${n(r.packets)} SYN packets, ${n(r.sources)} sources\n`);
      totals.rows += r.rows;
      totals.packets += r.packets;
      totals.files += files.length;
    }
  } catch (err) {
    stderr.write(`cynex telescope export: ${(err as Error).message}\n`);
    return 1;
  }
  const span = days.length === 1 ? days[0] : `${days[0]} to ${days.at(-1)}`;
  stderr.write(
    `telescope export: ${days.length} day(s) (${span}), ${n(totals.rows)} rows, ${n(totals.packets)} SYN packets, ` +
      `${totals.files} file(s) written to ${o.outDir}\n`,
  );
  return 0;
}
