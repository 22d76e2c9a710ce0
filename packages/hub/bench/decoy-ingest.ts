/**
 * Decoy event ingest into the hub: `tsx packages/hub/bench/decoy-ingest.ts N [databaseUrl]`.
 *
 * Posts N events in batches of 1,000 (the wire's maximum) to `POST /api/v1/decoy/events` through the app (routing,
 * the sensor credential, zod validation of every event, the insert and the session upsert in one transaction), one
 * upload at a time and then 4 in parallel, and prints events/s. PGlite in memory by default; with a postgres://
 * URL, a fresh database is made on that server and dropped afterwards. The analysis worker is stopped during the
 * runs so that the figures are the ingest's own (it runs off the request path in the hub).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../src/config.js';
import { createHub } from '../src/hub.js';
import { fastKeyMaker } from '../src/modules/decoy/decoy.fixtures.js';
import { freshPostgres } from '../test/harness.js';

const total = Number(process.argv[2] ?? 50_000);
const baseUrl = process.argv[3];
const BATCH = 1_000;
const SESSION_EVENTS = 50;

const operator = {
  kind: 'user' as const,
  userId: '',
  email: 'bench',
  displayName: 'bench',
  isPlatformAdmin: true,
  memberships: [],
  ip: 'bench',
};

const kinds = ['auth', 'command', 'command', 'command', 'file'] as const;
/** A batch of realistic events: sessions of 50 events (connect, guesses, commands, file reads, disconnect). */
function batchOf(sensorId: string, run: string, index: number) {
  const events = [];
  for (let i = 0; i < BATCH; i++) {
    const n = index * BATCH + i;
    const session = `${run}-s${Math.floor(n / SESSION_EVENTS)}`;
    const step = n % SESSION_EVENTS;
    const kind = step === 0 ? 'connect' : step === SESSION_EVENTS - 1 ? 'disconnect' : kinds[step % kinds.length]!;
    const base = {
      schemaVersion: 1,
      id: `${run}-${n}`,
      time: new Date(Date.UTC(2026, 0, 1) + n * 100).toISOString(),
      sensorId,
      world: 'bench',
      host: 'web01',
      session,
      protocol: 'ssh',
      src: { ip: `198.51.100.${n % 250}`, port: 40_000 + (n % 20_000) },
      dst: { port: 22 },
      kind,
    };
    const extra =
      kind === 'auth'
        ? { username: 'root', password: `guess${n}`, success: step > 10 }
        : kind === 'command'
          ? { input: `cat /etc/passwd | grep ${n}`, outputSize: 512 }
          : kind === 'file'
            ? { action: 'read', path: `/home/tanaka/doc${n}.txt` }
            : {};
    events.push({ ...base, ...extra });
  }
  return { sensorId, events };
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-bench-'));
  const pg = baseUrl ? await freshPostgres(baseUrl) : undefined;
  const config = configFromEnv({}, { dataDir, logLevel: 'silent', databaseUrl: pg?.url ?? 'memory://', port: 0 });
  const hub = await createHub(
    { ...config, ...(pg?.ownerUrl ? { databaseOwnerUrl: pg.ownerUrl } : {}) },
    { decoyKeyMaker: fastKeyMaker },
  );
  await hub.services.decoyAnalysis.stop();
  try {
    const org = await hub.services.orgs.ensure({
      slug: 'bench',
      nameEn: 'Bench',
      nameJa: 'ベンチ',
      sector: 'industry',
      programmes: ['A'],
    });
    const sensorId = 'bench-sensor';
    const { secret } = await hub.services.sensorCredentials.register(operator, {
      sensorId,
      name: 'bench',
      purposes: ['decoy'],
    });
    await hub.services.decoy.worlds.create(operator, {
      id: 'bench',
      sensorId,
      generate: { sector: 'manufacturing', lang: 'ja', employees: 5, hosts: 6, seed: 1 },
      bindings: {},
      allowPublic: false,
      fetchEnabled: false,
      tlp: 'AMBER',
      scope: 'organisation',
      ownerOrgId: org.id,
    });
    const batches = Math.max(1, Math.round(total / BATCH));
    const upload = async (run: string, index: number) => {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/decoy/events',
        headers: { authorization: `Bearer ${secret}` },
        payload: batchOf(sensorId, run, index),
      });
      if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body.slice(0, 300)}`);
    };
    const measure = async (label: string, parallel: number) => {
      const run = `${label.replace(/\W/g, '')}-${randomBytes(3).toString('hex')}`;
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          while (next < batches) await upload(run, next++);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const events = batches * BATCH;
      console.log(
        `${pg ? 'PostgreSQL' : 'PGlite'}  ${label.padEnd(10)}  ${events} events in ${seconds.toFixed(2)} s  ` +
          `${Math.round(events / seconds).toLocaleString('en')} events/s`,
      );
    };
    await upload('warm-up', 0);
    await measure('1 upload', 1);
    await measure('4 parallel', 4);
    await measure('8 parallel', 8);
  } finally {
    await hub.close();
    await pg?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
