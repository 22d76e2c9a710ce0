/**
 * Fusion benchmark: lookups of addresses, prefixes, domains and hashes in an index of 1,000,000 observed values
 * (mixed kinds, record types, owners, scopes and markings), as an analyst of one organisation, through the service
 * and over HTTP; with the query plans. On PGlite, or on the PostgreSQL server named by BENCH_DATABASE_URL (a fresh
 * database is created and dropped). Prints figures; asserts nothing.
 *   npm run bench:fusion
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:fusion
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { configFromEnv, createHub } from '@cynex/hub';
import { rowsOf } from '../packages/hub/src/db/rows.js';
import { hashPassword } from '../packages/hub/src/modules/auth/auth.crypto.js';
import { observedValues } from '../packages/hub/src/modules/fusion/fusion.table.js';
import { visibleTo } from '../packages/hub/src/platform/policy.js';

const ROWS = Number(process.env.BENCH_FUSION_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_FUSION_ROUNDS ?? 200);
const ORGS = 10;
/** Distinct values per kind: each value is mentioned by a few records, as in real data. */
const POOL = { ip: 200_000, domain: 100_000, hash: 100_000 };

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-bench-fusion-'));
const serverUrl = process.env.BENCH_DATABASE_URL;
const benchDb = `cynex_bench_fusion_${Date.now()}`;
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
const { db } = hub.database;
const { authRepo, orgs } = hub.services;

const stamp = Date.now();
const orgIds: string[] = [];
for (let i = 0; i < ORGS; i++) {
  const org = await orgs.ensure({
    slug: `bench-fusion-${i}-${stamp}`,
    nameEn: `Org ${i}`,
    nameJa: `組織${i}`,
    sector: 'industry',
    programmes: ['A'],
  });
  orgIds.push(org.id);
}
const password = 'benchmark password';
const email = `fusion-${stamp}@bench.example`;
const analyst = await authRepo.insertUser({ email, displayName: 'a', passwordHash: await hashPassword(password) });
await authRepo.upsertMembership(analyst.id, orgIds[0]!, 'analyst');
const actor = (await hub.services.actorOf(analyst.id))!;

// ---------------------------------------------------------------------------------------------------------------
// Fill: one statement per 100,000 rows, generated in SQL. h is a scrambled row number; kinds by h % 10.
// ---------------------------------------------------------------------------------------------------------------
const orgArray = `(array[${orgIds.map((id) => `'${id}'::uuid`).join(', ')}])`;
const ipOf = (n: string) => `host('11.0.0.0'::inet + ((${n}) % ${POOL.ip}) * 97)`;
const fill = (from: number, to: number) =>
  sql.raw(`
  insert into observed_values (kind, value, addr, record_type, record_id, record_label, source, first_seen, last_seen,
    owner_org_id, scope, marking, sharing_group_id, recipient_user_ids, created_by)
  select kind, value, case when kind = 'ip' then value::inet end, record_type, record_id, record_type || ' ' || record_id,
    record_type || ':' || record_id, seen - interval '1 day', seen,
    case when record_type = 'telescope_source' then null else ${orgArray}[1 + (r % ${ORGS})] end,
    case when record_type = 'telescope_source' then 'community'
         else (array['organisation','organisation','organisation','organisation','organisation','community','community',
                     'community','sharing_group','public'])[1 + (r / 7) % 10] end,
    case when record_type = 'telescope_source' then 'GREEN'
         when (r / 7) % 10 = 9 then 'CLEAR'
         else (array['AMBER','GREEN','AMBER+STRICT','AMBER','GREEN','AMBER','GREEN','AMBER','RED','GREEN'])[1 + (r / 13) % 10] end,
    case when (r / 7) % 10 = 8 then md5('group' || (r % 5))::uuid end,
    '{}'::uuid[], null
  from (
    select g, h, r, now() - ((h % 365) || ' days')::interval as seen,
      (array['case','behaviour','stix','stix','telescope_source','decoy_session','stix','case','behaviour','stix'])[1 + (r % 10)] as record_type,
      md5('record' || r)::uuid::text as record_id,
      case when h % 10 < 4 then 'ip' when h % 10 < 6 then 'domain' when h % 10 = 6 then 'hash' when h % 10 = 7 then 'url'
           when h % 10 = 8 then 'email' else (array['attack','family','cve'])[1 + (h / 10) % 3] end as kind,
      case when h % 10 < 4 then (case when h % 100 = 1 then network(set_masklen((${ipOf('h / 10')})::inet, 24))::text else ${ipOf('h / 10')} end)
           when h % 10 < 6 then 'host' || (h / 10) % 7 || '.d' || (h / 10) % ${POOL.domain} || '.example'
           when h % 10 = 6 then md5(((h / 10) % ${POOL.hash})::text) || md5(('x' || (h / 10) % ${POOL.hash})::text)
           when h % 10 = 7 then 'http://d' || (h / 10) % ${POOL.domain} || '.example/p' || h % 7
           when h % 10 = 8 then 'u' || (h / 10) % 50000 || '@d' || (h / 10) % 1000 || '.example'
           when (h / 10) % 3 = 0 then 'T1' || lpad(((h / 10) % 600)::text, 3, '0')
           when (h / 10) % 3 = 1 then 'family' || (h / 10) % 500
           else 'CVE-2024-' || (10000 + (h / 10) % 20000) end as value
    from (select g, (g * 2654435761::bigint) % 4294967291 as h, g / 3 as r from generate_series(${from}, ${to - 1}) g) s
  ) x`);

const started = performance.now();
const CHUNK = 100_000;
for (let from = 0; from < ROWS; from += CHUNK) {
  await db.execute(fill(from, Math.min(ROWS, from + CHUNK)));
  process.stdout.write(`\rfilling: ${Math.min(ROWS, from + CHUNK).toLocaleString()} rows`);
}
await db.execute(sql`analyze observed_values`);
const fillSeconds = (performance.now() - started) / 1000;
process.stdout.write('\n');

// ---------------------------------------------------------------------------------------------------------------
// Queries: values that are in the index (picked at random from the pools the fill used).
// ---------------------------------------------------------------------------------------------------------------
const pick = <T>(values: T[]) => values[Math.floor(Math.random() * values.length)]!;
const sample = async (kind: string, n: number) =>
  (
    await rowsOf<{ value: string }>(
      db,
      sql`select value from observed_values where kind = ${kind} and id % 97 = 3 and value not like '%/%' limit ${n}`,
    )
  ).map((r) => r.value);
const addresses = await sample('ip', 1000);
const domains = await sample('domain', 1000);
const hashes = await sample('hash', 1000);
const queries: Record<string, () => string> = {
  address: () => pick(addresses),
  'prefix /24': () => `${pick(addresses).split('.').slice(0, 3).join('.')}.0/24`,
  domain: () => pick(domains),
  hash: () => pick(hashes),
};

function figures(samples: number[]): string {
  samples.sort((a, b) => a - b);
  const p = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1).padStart(7);
  return `p50 ${p(0.5)} ms   p95 ${p(0.95)} ms   p99 ${p(0.99)} ms`;
}

const login = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

console.log(
  `cynex fusion benchmark: ${ROWS.toLocaleString()} observed values on ${hub.database.driver}, ${os.cpus()[0]?.model ?? 'cpu'}`,
);
console.log(`fill (SQL generate_series, with the four indexes): ${(ROWS / fillSeconds).toFixed(0)} rows/s`);
// Warm up (caches, prepared plans) before measuring.
for (let i = 0; i < 20; i++) {
  for (const next of Object.values(queries))
    await hub.services.fusion.lookup(actor, { q: next(), limit: 50, offset: 0, types: undefined });
}
for (const [label, next] of Object.entries(queries)) {
  const service: number[] = [];
  const http: number[] = [];
  let total = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const q = next();
    let t = performance.now();
    const result = await hub.services.fusion.lookup(actor, { q, limit: 50, offset: 0, types: undefined });
    service.push(performance.now() - t);
    total += result.total;
    t = performance.now();
    const response = await hub.app.inject({
      url: `/api/v1/fusion?q=${encodeURIComponent(next())}`,
      headers: { cookie },
    });
    http.push(performance.now() - t);
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
  }
  console.log(
    `lookup ${label.padEnd(10)} service  ${figures(service)}   (${(total / ROUNDS).toFixed(1)} visible records avg)`,
  );
  console.log(`lookup ${label.padEnd(10)} HTTP     ${figures(http)}`);
}
const graphSamples: number[] = [];
for (let i = 0; i < Math.min(ROUNDS, 100); i++) {
  const t = performance.now();
  await hub.services.fusion.graph(actor, { q: pick(addresses), limit: 100, types: undefined });
  graphSamples.push(performance.now() - t);
}
console.log(`graph  address    service  ${figures(graphSamples)}`);

// The plans: the (kind, value) index for equality, the GiST index for containment; the visibility rule as a filter.
const visible = visibleTo(actor, observedValues);
const prefix = queries['prefix /24']!();
const plans = {
  address: sql`${observedValues.addr} >>= ${pick(addresses)}::inet`,
  prefix: sql`(${observedValues.addr} <<= ${prefix}::inet or ${observedValues.addr} >> ${prefix}::inet)`,
  domain: sql`${observedValues.kind} = 'domain' and ${observedValues.value} = ${pick(domains)}`,
};
for (const [label, condition] of Object.entries(plans)) {
  const plan = await rowsOf<Record<string, string>>(
    db,
    sql`explain (analyze, costs off) select record_type, record_id, count(*) from observed_values
        where ${condition} and ${visible} group by record_type, record_id`,
  );
  console.log(`\nplan (${label}):`);
  for (const line of plan) console.log(`  ${Object.values(line)[0]}`);
}

await hub.close();
if (serverUrl) await onServer(`drop database ${benchDb} with (force)`);
fs.rmSync(dataDir, { recursive: true, force: true });
