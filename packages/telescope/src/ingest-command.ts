import { readFile } from 'node:fs/promises';
import { promises as dns } from 'node:dns';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseTelescopeConfig, type TelescopeConfigInput } from './config.js';
import type { FlowTupleSink } from './flowtuple.js';
import { IpLocationGeo } from './geo/geo.js';
import { runIngest, type IngestResult } from './ingest.js';
import { parseResearchList } from './research.js';
import { HubBatchSink, JsonLinesSink, type BatchSink } from './sinks.js';
import { INGEST_USAGE } from './usage.js';

export { INGEST_USAGE };

/** Options of `cynex telescope ingest`, as parsed from the command line (or built by a caller). */
export interface TelescopeIngestOptions {
  /** Capture files in time order, or `['-']` for standard input. */
  files: string[];
  /** Darknet prefixes (`--prefix`, repeatable, required). */
  prefixes: string[];
  /** `--sensor` (default `sensor`). */
  sensorId?: string;
  /**
   * `--hub` / CYNEX_HUB_URL, and `--credential` / CYNEX_SENSOR_CREDENTIAL (the sensor's own credential, `cnxs_…`)
   * or, during the transition, `--token` / CYNEX_HUB_TOKEN (a platform admin's API token); required unless `dryRun`.
   */
  hubUrl?: string;
  credential?: string;
  token?: string;
  /** `--dry-run`: write batches as JSON lines to stdout instead of uploading. */
  dryRun?: boolean;
  /** `--research-list FILE`: addresses, prefixes and PTR suffixes of research scanners. */
  researchList?: string;
  /** `--dos-method` (default moore). */
  dosMethod?: 'moore' | 'corsaro';
  /** `--interval SECONDS` (default 300). */
  intervalSeconds?: number;
  /** `--lateness SECONDS`: how long an interval waits for reordered packets after its end (default 10). */
  latenessSeconds?: number;
  /** `--scan-idle SECONDS`: a scan ends after this long without a probe (default 480, Durumeric et al.). */
  scanIdleSeconds?: number;
  /** `--batch-intervals N`: intervals per upload (default 1). */
  intervalsPerBatch?: number;
  /** `--no-geo`: skip country/AS lookups (faster start, every source 'ZZ'). */
  geo?: boolean;
  /** `--reverse-dns`: resolve PTR names of new sources for research suffixes (off by default). */
  reverseDns?: boolean;
  /** `--data-dir DIR`: also write per-interval flow tuples as Parquet under DIR/telescope/flowtuples. */
  dataDir?: string;
}

/** A command-line mistake; the message says what to fix. */
export class IngestUsageError extends Error {
  override readonly name = 'IngestUsageError';
}

/**
 * Parses `cynex telescope ingest` arguments (everything after `ingest`). Throws {@link IngestUsageError}
 * with a specific message for unknown options, missing values and invalid prefixes.
 *
 * @example
 * parseIngestOptions(['--prefix', '198.51.100.0/24', '--dry-run', 'a.pcap']);
 */
export function parseIngestOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): TelescopeIngestOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        prefix: { type: 'string', multiple: true },
        sensor: { type: 'string' },
        hub: { type: 'string' },
        credential: { type: 'string' },
        token: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'research-list': { type: 'string' },
        'dos-method': { type: 'string' },
        interval: { type: 'string' },
        lateness: { type: 'string' },
        'scan-idle': { type: 'string' },
        'batch-intervals': { type: 'string' },
        'data-dir': { type: 'string' },
        'no-geo': { type: 'boolean' },
        'reverse-dns': { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new IngestUsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.credential !== undefined && v.token !== undefined) {
    throw new IngestUsageError('give --credential (the sensor’s own) or --token (deprecated), not both');
  }
  const opts: TelescopeIngestOptions = {
    files: parsed.positionals,
    prefixes: v.prefix ?? [],
    sensorId: v.sensor,
    hubUrl: v.hub ?? env.CYNEX_HUB_URL,
    credential: v.credential ?? (v.token === undefined ? env.CYNEX_SENSOR_CREDENTIAL : undefined),
    token: v.token ?? env.CYNEX_HUB_TOKEN,
    dryRun: v['dry-run'] ?? false,
    researchList: v['research-list'],
    dosMethod: v['dos-method'] as TelescopeIngestOptions['dosMethod'],
    intervalSeconds: v.interval === undefined ? undefined : integer('--interval', v.interval),
    latenessSeconds: v.lateness === undefined ? undefined : integer('--lateness', v.lateness),
    scanIdleSeconds: v['scan-idle'] === undefined ? undefined : integer('--scan-idle', v['scan-idle']),
    intervalsPerBatch:
      v['batch-intervals'] === undefined ? undefined : integer('--batch-intervals', v['batch-intervals']),
    geo: !v['no-geo'],
    reverseDns: v['reverse-dns'] ?? false,
    dataDir: v['data-dir'],
  };
  validate(opts);
  return opts;
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new IngestUsageError(`${flag} needs a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function validate(o: TelescopeIngestOptions): void {
  if (o.files.length === 0) throw new IngestUsageError('no input: give capture files (in time order) or - for stdin');
  if (o.files.includes('-') && o.files.length > 1) throw new IngestUsageError('- (stdin) cannot be mixed with files');
  if (o.prefixes.length === 0) throw new IngestUsageError('--prefix CIDR is required (the darknet address space)');
  if (o.dosMethod !== undefined && o.dosMethod !== 'moore' && o.dosMethod !== 'corsaro') {
    throw new IngestUsageError(`--dos-method must be moore or corsaro, got ${JSON.stringify(o.dosMethod)}`);
  }
  if (!o.dryRun) {
    if (!o.hubUrl || (!o.credential && !o.token)) {
      throw new IngestUsageError(
        '--hub URL and --credential cnxs_… (or CYNEX_HUB_URL / CYNEX_SENSOR_CREDENTIAL) are needed, or --dry-run',
      );
    }
    if (o.credential !== undefined && !o.credential.startsWith('cnxs_')) {
      throw new IngestUsageError('--credential takes a sensor credential (cnxs_…); a cnx_ API token goes to --token');
    }
    let url: URL;
    try {
      url = new URL(o.hubUrl);
    } catch {
      throw new IngestUsageError(`--hub: ${JSON.stringify(o.hubUrl)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new IngestUsageError('--hub must be an http(s) URL');
  }
  try {
    parseTelescopeConfig(configInput(o, { prefixes: [], ptrSuffixes: [] }));
  } catch (err) {
    throw new IngestUsageError((err as Error).message);
  }
}

function configInput(o: TelescopeIngestOptions, research: TelescopeConfigInput['research']): TelescopeConfigInput {
  return {
    prefixes: o.prefixes,
    ...(o.sensorId !== undefined && { sensorId: o.sensorId }),
    ...(o.intervalSeconds !== undefined && { intervalSeconds: o.intervalSeconds }),
    ...(o.intervalsPerBatch !== undefined && { intervalsPerBatch: o.intervalsPerBatch }),
    ...(o.latenessSeconds !== undefined && { latenessSeconds: o.latenessSeconds }),
    ...(o.scanIdleSeconds !== undefined && { scan: { idleTimeoutSeconds: o.scanIdleSeconds } }),
    ...(o.dosMethod !== undefined && { dos: { method: o.dosMethod } }),
    research,
  };
}

/** Streams and environment of a command run (tests pass their own). */
export interface IngestIo {
  stdout?: Writable;
  stderr?: Writable & { isTTY?: boolean; columns?: number };
  stdin?: Readable;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * `cynex telescope ingest`: parses the arguments (or takes parsed options), runs the ingest and returns
 * the exit code: 0 done, 1 an input or upload failed (what was complete was still sent), 2 usage error.
 *
 * @example
 * process.exitCode = await telescopeIngestCommand(process.argv.slice(4));
 */
export async function telescopeIngestCommand(
  args: string[] | TelescopeIngestOptions,
  io: IngestIo = {},
): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  let o: TelescopeIngestOptions;
  try {
    if (Array.isArray(args)) o = parseIngestOptions(args, io.env);
    else {
      validate(args);
      o = args;
    }
  } catch (err) {
    if (!(err instanceof IngestUsageError)) throw err;
    stderr.write(`error: ${err.message}\n${INGEST_USAGE}\n`);
    return 2;
  }
  let research: TelescopeConfigInput['research'] = { prefixes: [], ptrSuffixes: [] };
  try {
    if (o.researchList) research = parseResearchList(await readFile(o.researchList, 'utf8'));
  } catch (err) {
    stderr.write(`error: --research-list ${o.researchList}: ${(err as Error).message}\n`);
    return 2;
  }
  const config = parseTelescopeConfig(configInput(o, research));
  if (!o.dryRun && o.credential === undefined) {
    stderr.write(
      'warning: uploading with a platform-admin API token is deprecated; register a sensor credential ' +
        '(cynex sensors register) and pass it with --credential\n',
    );
  }
  const sink: BatchSink = o.dryRun
    ? new JsonLinesSink(io.stdout ?? process.stdout)
    : new HubBatchSink({
        hubUrl: o.hubUrl!,
        // The sensor's own credential when given; a platform admin's token only during the transition.
        token: o.credential ?? o.token!,
        onRetry: ({ attempt, delayMs, reason }) =>
          stderr.write(
            `\nhub upload attempt ${attempt} failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s\n`,
          ),
      });
  let flowTupleSink: FlowTupleSink | null = null;
  if (o.dataDir) {
    const { ParquetFlowTupleSink } = await import('./parquet/index.js');
    flowTupleSink = new ParquetFlowTupleSink({ dataDir: o.dataDir, sensor: config.sensorId });
  }
  const geo =
    o.geo === false
      ? undefined
      : await IpLocationGeo.load({
          onBuild: () => stderr.write('building the country/AS tables from @ip-location-db (once per data version)…\n'),
        });
  // Ctrl-C / SIGTERM: stop reading, then flush and send what was read; a second signal exits at once.
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stderr.write('\nstopping: flushing what was read (again to quit at once)\n');
    stop.abort();
  };
  if (!io.signal) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const result: IngestResult = await runIngest({
    files: o.files,
    pipeline: {
      config,
      ...(geo && { geo }),
      ...(o.reverseDns && { resolvePtr: (addr: string) => dns.reverse(addr) }),
      flowTuples: flowTupleSink !== null,
    },
    sink,
    flowTupleSink,
    ...(io.stdin && { stdin: io.stdin }),
    progress: stderr,
    signal: io.signal ?? stop.signal,
  }).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  for (const v of result.verticalScans.slice(0, 10)) {
    stderr.write(
      `vertical scan: ${v.source} ${v.protocol} ${v.ports} ports on ${v.destinations} host(s), ${v.packets} packets, ${v.start} – ${v.end}\n`,
    );
  }
  for (const v of result.backscatterVictims.slice(0, 5)) {
    const ports = v.ports.length ? ` port ${v.ports.join(', ')}` : '';
    const how = v.kind === 'reflection' ? `reflection from ${v.reflectors} sources` : 'flood';
    stderr.write(`backscatter victim: ${v.victim} (${how}) ${v.protocol}${ports}, ${v.packets} packets\n`);
  }
  return result.exitCode;
}
