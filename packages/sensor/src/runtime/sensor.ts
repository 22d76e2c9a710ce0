import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decoyAssignmentsSchema, toCowrie, type DecoyAssignment, type DecoySensorStatus } from '@cynex/core';
import { FileCaptureStore } from './captures.js';
import { HubClient, HubError } from './hub-client.js';
import { Shipper } from './shipper.js';
import { Spool, type SpoolOptions, type SpoolRecord } from './spool.js';
import { DEFAULT_STARTERS, type Starters } from './starters.js';
import { Supervisor } from './supervisor.js';

export const SENSOR_VERSION = '0.1.0';

export interface RunSensorOptions {
  hubUrl: string;
  sensorId: string;
  credential: string;
  dataDir: string;
  /** How often assignments are polled and the status is reported (default 10 s). */
  pollSeconds?: number;
  fetchImpl?: typeof fetch;
  starters?: Starters;
  log?: (line: string) => void;
  /** Also write every accepted event to this file as a Cowrie JSON log line. */
  cowrieLog?: string;
  spool?: Partial<SpoolOptions>;
  /** First retry wait while the hub is unreachable (default 500 ms, doubling up to 30 s). */
  backoffMs?: number;
  now?: () => Date;
  /** A world that failed to start (its port taken) is tried again after this long (default 60 s). */
  retryFailedSeconds?: number;
}

export interface SensorStatus extends DecoySensorStatus {
  worlds: (DecoySensorStatus['worlds'][number] & { lastRestartMs?: number })[];
  /** Records refused while the spool was at its disk cap. */
  dropped: number;
  /** Torn or unreadable spool lines skipped (after a crash). */
  corrupt: number;
  /** Events the hub rejected as invalid, skipped. */
  rejected: number;
  /** The last error talking to the hub, while it lasts. */
  hubError?: string;
}

export interface RunningSensor {
  status(): SensorStatus;
  /** Polls assignments, reconciles and reports status now. */
  poll(): Promise<void>;
  /** Ships everything spooled now; rejects with the hub's error if the hub is unreachable. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a decoy sensor: polls the hub for its worlds and runs them, spools every event and recording chunk to disk
 * before it counts as accepted, and ships them. If the hub refuses the credential at start (401/403) it rejects with
 * a {@link HubError} saying so; if the hub is unreachable it runs the worlds it was last given (kept in
 * dataDir/assignments.json) and catches up later.
 */
export async function runSensor(options: RunSensorOptions): Promise<RunningSensor> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const hub = new HubClient(options);
  const spool = await Spool.open(join(options.dataDir, 'spool'), options.spool, log);
  const captures = new FileCaptureStore(join(options.dataDir, 'captures'));
  const shipper = new Shipper(hub, spool, captures, { log, backoffMs: options.backoffMs });
  if (options.cowrieLog) spool.onDurable(cowrieWriter(options.cowrieLog, log));
  spool.onDurable(() => shipper.wake());

  const runId = randomBytes(6).toString('base64url');
  let counter = 0;
  const supervisor = new Supervisor(
    options.starters ?? DEFAULT_STARTERS,
    {
      sensorId: options.sensorId,
      writeEvent: (e) => void spool.append({ k: 'e', e } satisfies SpoolRecord),
      writeChunk: (c) => void spool.append({ k: 'r', c } satisfies SpoolRecord),
      durable: () => spool.durable(),
      captures,
      nextId: () => `${runId}.${(counter++).toString(36)}`,
      now,
      log,
    },
    log,
    (options.retryFailedSeconds ?? 60) * 1000,
  );

  const saved = join(options.dataDir, 'assignments.json');
  let assignments = await loadSaved(saved, options.sensorId, log);
  let hubError: string | undefined;

  const status = (): SensorStatus => {
    const counters = spool.stats();
    const shipping = shipper.stats();
    const lastError = hubError ?? shipping.lastError;
    return {
      sensorId: options.sensorId,
      version: SENSOR_VERSION,
      worlds: supervisor.worldStatus(),
      spooled: counters.spooled,
      dropped: counters.dropped,
      corrupt: counters.corrupt,
      rejected: shipping.rejected,
      ...(lastError === undefined ? {} : { hubError: lastError }),
    };
  };

  const poll = async (first = false) => {
    try {
      const fresh = await hub.assignments();
      hubError = undefined;
      if (JSON.stringify(fresh.worlds) !== JSON.stringify(assignments)) {
        assignments = fresh.worlds;
        await saveAtomically(saved, JSON.stringify(fresh));
      }
    } catch (error) {
      if (first && error instanceof HubError && error.refused) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (message !== hubError) log(`assignments: ${message}${assignments.length ? '; running the last ones' : ''}`);
      hubError = message;
    }
    await supervisor.reconcile(assignments);
    if (hubError !== undefined) return;
    const { worlds, spooled } = status();
    const report: DecoySensorStatus = {
      sensorId: options.sensorId,
      version: SENSOR_VERSION,
      worlds: worlds.map(({ lastRestartMs: _measured, ...world }) => world),
      spooled,
    };
    await hub.status(report).catch((error: unknown) => log(`status: ${(error as Error).message}`));
  };

  try {
    await poll(true);
  } catch (error) {
    await spool.close();
    throw error;
  }
  shipper.start();

  let stopped = false;
  let polling: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      polling = polling
        .then(() => (stopped ? undefined : poll()))
        .catch((error: unknown) => log(`poll: ${(error as Error).message}`));
    },
    (options.pollSeconds ?? 10) * 1000,
  );

  return {
    status,
    poll() {
      const next = polling.then(() => poll());
      polling = next.catch(() => undefined);
      return next;
    },
    flush: () => shipper.flush(),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await polling;
      await supervisor.stopAll();
      await spool.durable();
      await shipper.stop();
      await spool.close();
    },
  };
}

/** Cowrie-compatible JSON lines, appended after each durable group (the Cowrie log is a copy, not the spool). */
function cowrieWriter(file: string, log: (line: string) => void) {
  let chain: Promise<void> = Promise.resolve();
  return (records: SpoolRecord[]) => {
    const lines = records.flatMap((r) => (r.k === 'e' ? [`${JSON.stringify(toCowrie(r.e))}\n`] : []));
    if (lines.length === 0) return;
    chain = chain.then(() =>
      appendFile(file, lines.join(''), { mode: 0o600 }).catch((error: unknown) =>
        log(`cowrie log ${file}: ${(error as Error).message}`),
      ),
    );
  };
}

async function loadSaved(path: string, sensorId: string, log: (line: string) => void): Promise<DecoyAssignment[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return [];
  }
  const parsed = decoyAssignmentsSchema.safeParse(json);
  if (parsed.success && parsed.data.sensorId === sensorId) return parsed.data.worlds;
  log(`${path}: not this sensor's assignments, ignored`);
  return [];
}

async function saveAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}
