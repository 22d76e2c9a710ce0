/**
 * TAXII benchmark: 1,000-object pages of `GET …/objects/` from a store of 1,000,000 STIX object versions
 * (indicators, sightings, SCOs, malware, relationships; ten organisations, every scope and marking, objects with
 * several versions), over HTTP against a listening hub, as an analyst of one organisation: the first page, deep
 * pages through `next`, a `match[type]` page and an `added_after` page; with the query plan. On PGlite (files in a
 * temporary directory), or on the PostgreSQL server named by BENCH_DATABASE_URL (a fresh database is created and
 * dropped). Prints figures; asserts nothing.
 *   npm run bench:taxii
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:taxii
 * BENCH_TAXII_ROWS (default 1,000,000), BENCH_TAXII_ROUNDS (default 20). BENCH_TAXII_NO_INDEX=1 drops the
 * (date_added, id) index the pages are read in first, to show what it is worth.
 *
 * medallion (the OASIS reference TAXII server) is not compared: it is a Python package, and this environment has
 * no access to PyPI and Debian does not package it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { configFromEnv, createHub } from '@cynex/hub';
import type { Db } from '../packages/hub/src/db/client.js';
import { rowsOf } from '../packages/hub/src/db/rows.js';
import { hashPassword } from '../packages/hub/src/modules/auth/auth.crypto.js';
import { TaxiiRepository } from '../packages/hub/src/modules/taxii/taxii.repository.js';
import { COLLECTIONS } from '../packages/hub/src/modules/taxii/taxii.schema.js';

const ROWS = Number(process.env.BENCH_TAXII_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_TAXII_ROUNDS ?? 20);
const WITHOUT_INDEX = process.env.BENCH_TAXII_NO_INDEX === '1';
const ORGS = 10;
const PAGE = 1000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-bench-taxii-'));
const serverUrl = process.env.BENCH_DATABASE_URL;
const benchDb = `cynex_bench_taxii_${Date.now()}`;
async function onServer(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}
let databaseUrl: string | undefined;
if (serverUrl) {
  await onServer(`create database ${benchDb}`);
  const url = new URL(serverUrl);
  url.pathname = `/${benchDb}`;
  databaseUrl = url.toString();
}
const hub = await createHub(
  configFromEnv(
    {},
    { dataDir, databaseUrl, logLevel: 'silent', host: '127.0.0.1', port: 0, housekeepingIntervalSeconds: 0 },
  ),
);
const { db } = hub.database;
const { authRepo, orgs } = hub.services;

const stamp = Date.now();
const orgIds: string[] = [];
for (let i = 0; i < ORGS; i++) {
  const org = await orgs.ensure({
    slug: `bench-taxii-${i}-${stamp}`,
    nameEn: `Org ${i}`,
    nameJa: `組織${i}`,
    sector: 'industry',
    programmes: ['A'],
  });
  orgIds.push(org.id);
}
// Two sharing groups: the analyst's organisation is in the first only.
const groups = [`${stamp}-g0`, `${stamp}-g1`];
const groupIds: string[] = [];
for (const [i, name] of groups.entries()) {
  const [row] = await rowsOf<{ id: string }>(
    db,
    sql`insert into sharing_groups (name, owner_org_id) values (${name}, ${orgIds[i + 1]}::uuid) returning id`,
  );
  groupIds.push(row!.id);
  const members = i === 0 ? [orgIds[0]!, orgIds[1]!, orgIds[2]!] : [orgIds[2]!, orgIds[3]!];
  for (const orgId of members) {
    await db.execute(sql`insert into sharing_group_orgs (group_id, org_id) values (${row!.id}::uuid, ${orgId}::uuid)`);
  }
}
const password = 'benchmark password';
const email = `taxii-${stamp}@bench.example`;
const analyst = await authRepo.insertUser({ email, displayName: 'a', passwordHash: await hashPassword(password) });
await authRepo.upsertMembership(analyst.id, orgIds[0]!, 'analyst');
const actor = (await hub.services.actorOf(analyst.id))!;

// ---------------------------------------------------------------------------------------------------------------
// Fill: one statement per 50,000 rows, generated in SQL. Rows come in blocks of ten of one owner and sharing;
// in each block the second row is a newer version of the first's object. Dates added rise with the row number.
// ---------------------------------------------------------------------------------------------------------------
const orgArray = `(array[${orgIds.map((id) => `'${id}'::uuid`).join(', ')}])`;
const groupArray = `(array[${groupIds.map((id) => `'${id}'::uuid`).join(', ')}])`;
const fill = (from: number, to: number) =>
  sql.raw(`
  insert into stix_objects (stix_id, type, version, spec_version, revoked, label, object, date_added,
    owner_org_id, scope, marking, sharing_group_id, recipient_user_ids, created_by)
  select stix_id, type, version, '2.1', false, label,
    jsonb_strip_nulls(jsonb_build_object('type', type, 'spec_version', '2.1', 'id', stix_id,
      'created', case when version <> '' then to_char(created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
      'modified', nullif(version, ''),
      'name', case when type in ('indicator', 'malware') then label end,
      'pattern', case when type = 'indicator' then '[ipv4-addr:value = ''' || ip || ''']' end,
      'pattern_type', case when type = 'indicator' then 'stix' end,
      'valid_from', case when type = 'indicator' then to_char(created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
      'indicator_types', case when type = 'indicator' then jsonb_build_array('malicious-activity') end,
      'labels', case when type = 'indicator' then jsonb_build_array('scanner', 'mirai') end,
      'description', case when type in ('indicator', 'malware') then 'Observed by a cynex member decoy: ' || label || '. Repeated telnet logins with default credentials, then a download of a Mirai-like loader.' end,
      'is_family', case when type = 'malware' then true end,
      'value', case when type = 'ipv4-addr' then ip when type = 'domain-name' then 'host' || g % 99991 || '.example' end,
      'hashes', case when type = 'file' then jsonb_build_object('SHA-256', md5(g::text) || md5('f' || g)) end,
      'count', case when type = 'sighting' then 1 + g % 50 end,
      'first_seen', case when type = 'sighting' then to_char(created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
      'last_seen', case when type = 'sighting' then nullif(version, '') end,
      'sighting_of_ref', case when type = 'sighting' then 'indicator--' || md5('object' || (g - 2)) ::uuid end,
      'where_sighted_refs', case when type = 'sighting' then jsonb_build_array('identity--' || md5('org' || g % ${ORGS})::uuid) end,
      'relationship_type', case when type = 'relationship' then 'indicates' end,
      'source_ref', case when type = 'relationship' then 'indicator--' || md5('object' || (g - 3))::uuid end,
      'target_ref', case when type = 'relationship' then 'malware--' || md5('object' || (g - 1))::uuid end,
      'object_marking_refs', jsonb_build_array(case marking
        when 'CLEAR' then 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'
        when 'GREEN' then 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'
        when 'AMBER' then 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'
        else 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003' end)
    )),
    date_added, owner_org_id, scope, marking,
    case when scope = 'sharing_group' then ${groupArray}[1 + (g / 10) % 2] end, '{}'::uuid[], null
  from (
    select g, type, created, date_added, scope, marking, owner_org_id,
      case when g % 10 = 1 then type || '--' || md5('object' || (g - 1))::uuid else type || '--' || md5('object' || g)::uuid end as stix_id,
      case when type in ('ipv4-addr', 'domain-name', 'file') then ''
           else to_char((created + (g % 10) * interval '1 hour') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end as version,
      type || ' ' || g as label,
      host('11.0.0.0'::inet + (g * 2654435761::bigint) % 16000000) as ip
    from (
      select g,
        (array['indicator','indicator','indicator','sighting','ipv4-addr','indicator','domain-name','file','malware','relationship'])[1 + case when g % 10 = 1 then 0 else g % 10 end] as type,
        timestamptz '2025-12-01T00:00:00Z' + (g / 10) * interval '5 minutes' as created,
        timestamptz '2025-12-01T00:00:00Z' + g * interval '30 seconds' as date_added,
        (array['organisation','community','community','sharing_group','public','community','organisation','community','community','organisation'])[1 + (g / 10) % 10] as scope,
        (array['AMBER','GREEN','AMBER','AMBER','CLEAR','GREEN','AMBER+STRICT','GREEN','AMBER','AMBER'])[1 + (g / 10) % 10] as marking,
        ${orgArray}[1 + (g / 100) % ${ORGS}] as owner_org_id
      from generate_series(${from}, ${to - 1}) g
    ) s
  ) x`);

const started = performance.now();
const CHUNK = 50_000;
for (let from = 0; from < ROWS; from += CHUNK) {
  await db.execute(fill(from, Math.min(ROWS, from + CHUNK)));
  process.stdout.write(`\rfilling: ${Math.min(ROWS, from + CHUNK).toLocaleString()} rows`);
}
await db.execute(sql`analyze stix_objects`);
const fillSeconds = (performance.now() - started) / 1000;
process.stdout.write('\n');

// ---------------------------------------------------------------------------------------------------------------
// HTTP: a listening hub, the analyst signed in with an API token (HTTP Basic, as TAXII clients do).
// ---------------------------------------------------------------------------------------------------------------
const { url: base } = await hub.listen();
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password }),
});
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
const made = await fetch(`${base}/api/v1/tokens`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
  body: JSON.stringify({ name: 'bench', scopes: ['read'] }),
});
const token = ((await made.json()) as { token: string }).token;
const headers = {
  accept: 'application/taxii+json;version=2.1',
  authorization: `Basic ${Buffer.from(`bench:${token}`).toString('base64')}`,
};
const community = `${base}/taxii2/api/collections/${COLLECTIONS.community}/objects/`;

interface Page {
  more?: boolean;
  next?: string;
  objects?: unknown[];
}
async function get(url: string): Promise<{ ms: number; page: Page; bytes: number }> {
  const t = performance.now();
  const response = await fetch(url, { headers });
  const text = await response.text();
  const ms = performance.now() - t;
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  return { ms, page: JSON.parse(text) as Page, bytes: text.length };
}

function figures(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1).padStart(7);
  return `p50 ${p(0.5)} ms   p95 ${p(0.95)} ms   max ${p(1)} ms`;
}

/** The middle of the dates added: deep into the collection. */
const middle = new Date(Date.parse('2025-12-01T00:00:00Z') + (ROWS / 2) * 30_000).toISOString();

async function measure(label: string) {
  console.log(`\n${label}`);
  const report = (what: string, samples: number[], objects: number, bytes: number) =>
    console.log(`${what.padEnd(44)} ${figures(samples)}   (${objects} objects, ${(bytes / 1e6).toFixed(2)} MB)`);
  const cases: Record<string, string> = {
    'first page': `${community}?limit=${PAGE}`,
    'match[type]=indicator, first page': `${community}?limit=${PAGE}&match[type]=indicator`,
    [`added_after (middle of the store)`]: `${community}?limit=${PAGE}&added_after=${middle}`,
    'match[version]=all, first page': `${community}?limit=${PAGE}&match[version]=all`,
  };
  for (const [what, url] of Object.entries(cases)) {
    const samples: number[] = [];
    let last = { page: {} as Page, bytes: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const result = await get(url);
      samples.push(result.ms);
      last = result;
    }
    report(what, samples, last.page.objects?.length ?? 0, last.bytes);
  }
  // Deep pages: follow next from the first page, timing every page (ROUNDS × 5 pages deep).
  const deep: number[] = [];
  let page = (await get(`${community}?limit=${PAGE}`)).page;
  let bytes = 0;
  let objects = 0;
  for (let i = 0; i < ROUNDS * 5 && page.more; i++) {
    const result = await get(`${community}?limit=${PAGE}&next=${encodeURIComponent(page.next!)}`);
    deep.push(result.ms);
    page = result.page;
    bytes = result.bytes;
    objects = page.objects?.length ?? 0;
  }
  report(`next, pages 2..${deep.length + 1}`, deep, objects, bytes);
  // Deep with added_after, then next: a client resuming in the middle of the store and paging on.
  const resumed: number[] = [];
  page = (await get(`${community}?limit=${PAGE}&added_after=${middle}`)).page;
  for (let i = 0; i < ROUNDS && page.more; i++) {
    const result = await get(`${community}?limit=${PAGE}&added_after=${middle}&next=${encodeURIComponent(page.next!)}`);
    resumed.push(result.ms);
    page = result.page;
  }
  report('added_after (middle) + next', resumed, PAGE, bytes);
}

/** The repository alone (no HTTP, no JSON): time per 1,000-object page and how many queries it took. */
async function direct(label: string, filter: Parameters<TaxiiRepository['page']>[1]) {
  let queries = 0;
  const counting = { execute: (query: SQL) => ((queries += 1), db.execute(query)) } as unknown as Db;
  const repo = new TaxiiRepository(counting);
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await repo.page(actor, filter, undefined, PAGE + 1);
    samples.push(performance.now() - t);
  }
  console.log(
    `${`repository: ${label}`.padEnd(44)} ${figures(samples)}   (${(queries / ROUNDS).toFixed(1)} queries/page)`,
  );
}

/** The page query's plan, from the repository itself (its SQL captured, then run under EXPLAIN ANALYZE). */
async function plan(
  label: string,
  filter: Parameters<TaxiiRepository['page']>[1],
  after?: { dateAdded: string; rowId: string },
) {
  let captured: SQL | undefined;
  const capture = { execute: async (query: SQL) => ((captured = query), { rows: [] }) } as unknown as Db;
  await new TaxiiRepository(capture).page(actor, filter, after, PAGE + 1);
  const lines = await rowsOf<Record<string, string>>(db, sql`explain (analyze, costs off) ${captured!}`);
  console.log(`\nplan (${label}):`);
  for (const line of lines) console.log(`  ${Object.values(line)[0]}`);
}

const count = await rowsOf<{ n: string }>(
  db,
  sql`select count(*) as n from stix_objects where scope in ('community', 'public')`,
);
console.log(
  `cynex TAXII benchmark: ${ROWS.toLocaleString()} object versions on ${hub.database.driver}, ` +
    `${Number(count[0]!.n).toLocaleString()} in the community collection; ${os.cpus()[0]?.model ?? 'cpu'}`,
);
console.log(`fill (SQL generate_series, with the table's indexes): ${(ROWS / fillSeconds).toFixed(0)} rows/s`);
if (WITHOUT_INDEX) {
  await db.execute(sql`drop index stix_objects_added_id_idx`);
  await db.execute(sql`analyze stix_objects`);
  console.log('without the (date_added, id) index (BENCH_TAXII_NO_INDEX=1)');
}
console.log('medallion: not measured (a Python package; no PyPI access here and not packaged by Debian)');
await measure(`${PAGE}-object pages over HTTP, analyst of one organisation, ${ROUNDS} rounds:`);
const community2 = { scopes: ['community' as const, 'public' as const], versions: ['last'] };
await direct('first page, last versions', community2);
await direct('first page, all versions', { ...community2, versions: ['all'] });
await direct('added_after, middle', { ...community2, addedAfter: middle });
await plan('first page', community2);
await plan('added_after, middle', { ...community2, addedAfter: middle });

await hub.close();
if (serverUrl) await onServer(`drop database ${benchDb} with (force)`);
fs.rmSync(dataDir, { recursive: true, force: true });
