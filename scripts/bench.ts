/**
 * Hub benchmarks: how fast the policy-filtered read paths answer with many cases, on PGlite or on the
 * PostgreSQL server named by BENCH_DATABASE_URL. Prints figures; asserts nothing.
 *   npm run bench                                   # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { configFromEnv, createHub } from '@cynex/hub';
import { hashPassword } from '../packages/hub/src/modules/auth/auth.crypto.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const ROUNDS = 50;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-bench-'));
const serverUrl = process.env.BENCH_DATABASE_URL;
const benchDb = `cynex_bench_${Date.now()}`;
async function onServer(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}
let databaseUrl = 'memory://';
if (serverUrl) {
  await onServer(`create database ${benchDb}`);
  const url = new URL(serverUrl);
  url.pathname = `/${benchDb}`;
  databaseUrl = url.toString();
}
const hub = await createHub(configFromEnv({}, { dataDir, databaseUrl, logLevel: 'silent' }));
const { authRepo, orgs, cases } = hub.services;

const orgA = await orgs.ensure({
  slug: `bench-a-${Date.now()}`,
  nameEn: 'A',
  nameJa: 'A',
  sector: 'industry',
  programmes: ['A'],
});
const orgC = await orgs.ensure({
  slug: `bench-c-${Date.now()}`,
  nameEn: 'C',
  nameJa: 'C',
  sector: 'academia',
  programmes: ['A'],
});
const password = 'benchmark password';
const passwordHash = await hashPassword(password);
const users = {
  ownAnalyst: await authRepo.insertUser({ email: `a-${Date.now()}@bench.example`, displayName: 'a', passwordHash }),
  otherAnalyst: await authRepo.insertUser({ email: `c-${Date.now()}@bench.example`, displayName: 'c', passwordHash }),
};
await authRepo.upsertMembership(users.ownAnalyst.id, orgA.id, 'analyst');
await authRepo.upsertMembership(users.otherAnalyst.id, orgC.id, 'analyst');
const actor = (await hub.services.actorOf(users.ownAnalyst.id))!;

const combos = [
  ['organisation', 'AMBER'],
  ['organisation', 'AMBER+STRICT'],
  ['community', 'GREEN'],
  ['community', 'AMBER'],
  ['public', 'CLEAR'],
] as const;
const families = ['Emotet', 'Kimsuky', 'NanoCore', 'Lazarus', 'AgentTesla', 'Formbook', 'LokiBot', 'Remcos'];
let started = performance.now();
const BATCH = 500;
for (let i = 0; i < CASES; i += BATCH) {
  const rows = [];
  for (let j = i; j < Math.min(CASES, i + BATCH); j++) {
    const [scope, marking] = combos[j % combos.length]!;
    const day = new Date(Date.UTC(2022, 0, 1) + (j % 700) * 86400_000).toISOString().slice(0, 10);
    rows.push({
      caseId: `${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}_BN${j % 7}_${String(j).padStart(6, '0')}`,
      ownerOrgId: orgA.id,
      scope,
      marking,
      environmentKind: 'decoy' as const,
      environmentCode: `BN${j % 7}`,
      startDate: day,
      malwareFamily: families[j % families.length]!,
      progressLevel: (j % 8) + 1,
      suggestedLevel: (j % 8) + 1,
      summaryEn: `benchmark case ${j}`,
      status: 'closed' as const,
      createdBy: users.ownAnalyst.id,
    });
  }
  await cases.insertPrepared(actor, rows, [], 'bench.insert');
}
const insertSeconds = (performance.now() - started) / 1000;

async function timed(label: string, headers: Record<string, string>, url: string) {
  const samples: number[] = [];
  let body = '';
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const response = await hub.app.inject({ method: 'GET', url, headers });
    samples.push(performance.now() - t);
    body = response.body;
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(
    `${label.padEnd(46)} p50 ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms   (${body.length} bytes)`,
  );
}

async function signIn(email: string) {
  const response = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  return { cookie: response.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}

console.log(`cynex hub benchmark: ${CASES} cases on ${hub.database.driver}, ${os.cpus()[0]?.model ?? 'cpu'}`);
console.log(`insert (500-row batches, with level history and audit): ${(CASES / insertSeconds).toFixed(0)} cases/s`);
const own = await signIn(users.ownAnalyst.email);
const other = await signIn(users.otherAnalyst.email);
await timed('list 50, owner analyst', own, '/api/v1/cases?limit=50');
await timed('list 50, other-organisation analyst', other, '/api/v1/cases?limit=50');
await timed('list 50, anonymous', {}, '/api/v1/cases?limit=50');
await timed('search q=Kimsuky, other-organisation analyst', other, '/api/v1/cases?q=Kimsuky&limit=50');
await timed('dashboard stats, owner analyst', own, '/api/v1/cases/stats');
started = performance.now();
const exported = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv', headers: own });
console.log(
  `CSV export of ${exported.body.split('\n').length - 2} rows: ${(performance.now() - started).toFixed(0)} ms`,
);
await hub.close();
if (serverUrl) await onServer(`drop database ${benchDb} with (force)`);
fs.rmSync(dataDir, { recursive: true, force: true });
