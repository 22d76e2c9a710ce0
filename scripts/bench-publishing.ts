/**
 * Publishing benchmark: the public site under anonymous load, the same bytes served by nginx as static files, and
 * CSAF validation in-process. Prints figures and asserts nothing.
 *   npm run bench:publishing
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_DATABASE_ROLES=cynex_owner,cynex_app \
 *     npm run bench:publishing
 * BENCH_PUBLISHING_SECONDS (default 15 per load), BENCH_PUBLISHING_ONLY=pglite|postgres,
 * BENCH_PUBLISHING_CSAF_ITERATIONS (default 300 per document and validator).
 *
 * 1. A fresh hub process (`cynex serve` from the sources on loopback, as bench:training starts it) on PGlite, then on
 *    the PostgreSQL server named by BENCH_DATABASE_URL if set (a fresh database, dropped after). An organisation's
 *    analyst writes and its viewer reviews 50 public TLP:CLEAR reports in Japanese and English through the API
 *    (create → submit → approve → publish); one has a `{{chart:case-levels}}` chart (over a dozen public cases) and
 *    a Markdown table. Then autocannon, anonymous, after a short warm-up that is not counted: the article page
 *    /p/ja/<slug>, the index /p/en/, the Atom feed /p/en/feed.atom with 100 connections, the article's PDF with 10.
 *    Per load: requests/s, p50/p95/p99 latency (a timed-out request counts as the timeout), non-2xx, bytes per
 *    response (body, and on the wire with headers), the hub's CPU time per request and its RSS.
 * 2. nginx (1 worker process, like the hub's one process) serving the bytes the hub answered, fetched once, as
 *    static files with the same content types, under the same loads. Skipped when nginx is not installed.
 * 3. CSAF validation: our validateCsaf against BSI's csaf-validator-lib (strict schema + every mandatory test of its
 *    `basic` set), over the three shipped examples and one document of buildCsafAdvisory: documents/s, ms/document.
 * Ends with markdown tables of every figure and the machine.
 */
// The reference validator is plain JavaScript: its types are packages/core's.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../packages/core/src/csaf/csaf-validator-lib.d.ts" />
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import * as basic from '@secvisogram/csaf-validator-lib/basic.js';
import validate, { type DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
import { buildCsafAdvisory, cweName, validateCsaf, type CsafAdvisoryInput } from '@cynex/core';
import { FEATURED_SLUG, seedAuthors, seedReports } from './bench-publishing-seed.js';
import { cpuMsOf, pgliteTarget, postgresTarget, rssOf, startHub, type Target } from './bench-training-hub.js';

const SECONDS = Number(process.env.BENCH_PUBLISHING_SECONDS ?? 15);
const ONLY = process.env.BENCH_PUBLISHING_ONLY;
const CSAF_ITERATIONS = Number(process.env.BENCH_PUBLISHING_CSAF_ITERATIONS ?? 300);
const REPORTS = 50;
const WARM_UP_SECONDS = 3;
const TIMEOUT_SECONDS = 10;

interface Page {
  name: string;
  path: string;
  connections: number;
}
const PAGES: Page[] = [
  { name: 'article (ja)', path: `/p/ja/${FEATURED_SLUG}`, connections: 100 },
  { name: 'index (en)', path: '/p/en/', connections: 100 },
  { name: 'Atom feed (en)', path: '/p/en/feed.atom', connections: 100 },
  { name: 'PDF (ja)', path: `/p/ja/${FEATURED_SLUG}.pdf`, connections: 10 },
];

interface Figures {
  server: string;
  page: string;
  connections: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bodyBytes: number;
  wireBytes: number;
  cpuMsPerRequest: number;
  rssMb: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Load.
// ---------------------------------------------------------------------------------------------------------------
interface Cannonade {
  latencies: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
  bytes: number;
  seconds: number;
}

function cannon(url: string, connections: number, seconds: number): Promise<Cannonade> {
  const latencies: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, timeout: TIMEOUT_SECONDS }, (error, result) => {
      if (error) return reject(error as Error);
      resolve({
        latencies,
        non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        bytes: result.throughput.total,
        seconds: (performance.now() - started) / 1000,
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode > 299) non2xx += 1;
    });
  });
}

function percentiles(latencies: number[], timeouts: number) {
  // A request that timed out took at least the timeout: left out, the percentiles would flatter an overloaded server.
  const sorted = Float64Array.from([...latencies, ...new Array<number>(timeouts).fill(TIMEOUT_SECONDS * 1000)]).sort();
  const p = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return { p50: p(0.5), p95: p(0.95), p99: p(0.99) };
}

/** CPU time of a process and of its children (nginx's worker), in ms. */
function cpuMsWithChildren(pid: number): number {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return cpuMsOf(pid) + children.reduce((sum, child) => sum + cpuMsOf(child), 0);
}

function rssWithChildren(pid: number): number {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return rssOf(pid).now + children.reduce((sum, child) => sum + rssOf(child).now, 0);
}

async function measure(server: string, base: string, pid: number, bodies: Map<string, Buffer>): Promise<Figures[]> {
  const out: Figures[] = [];
  for (const page of PAGES) {
    const url = `${base}${page.path}`;
    await cannon(url, page.connections, WARM_UP_SECONDS);
    const cpuBefore = cpuMsWithChildren(pid);
    const m = await cannon(url, page.connections, SECONDS);
    const cpuMs = cpuMsWithChildren(pid) - cpuBefore;
    const answered = m.latencies.length;
    const figures: Figures = {
      server,
      page: page.name,
      connections: page.connections,
      perSecond: answered / m.seconds,
      ...percentiles(m.latencies, m.timeouts),
      non2xx: m.non2xx,
      errors: m.errors,
      timeouts: m.timeouts,
      bodyBytes: bodies.get(page.path)!.length,
      wireBytes: answered ? m.bytes / answered : 0,
      cpuMsPerRequest: answered ? cpuMs / answered : 0,
      rssMb: rssWithChildren(pid),
    };
    out.push(figures);
    console.log(
      `  ${page.name.padEnd(15)} ${String(page.connections).padStart(3)} conn ` +
        `${figures.perSecond.toFixed(0).padStart(6)} req/s   p50 ${figures.p50.toFixed(0).padStart(5)} ms` +
        `   p95 ${figures.p95.toFixed(0).padStart(5)} ms   p99 ${figures.p99.toFixed(0).padStart(5)} ms` +
        `   non-2xx ${figures.non2xx}, errors ${figures.errors}, timeouts ${figures.timeouts}` +
        `   ${kb(figures.bodyBytes)} body / ${kb(figures.wireBytes)} wire   CPU ${figures.cpuMsPerRequest.toFixed(2)} ms/req` +
        `   RSS ${figures.rssMb.toFixed(0)} MB`,
    );
  }
  return out;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Each measured page once, as a visitor's browser gets it (the bytes nginx will serve). */
async function fetchPages(base: string): Promise<Map<string, Buffer>> {
  const bodies = new Map<string, Buffer>();
  for (const page of PAGES) {
    const response = await fetch(`${base}${page.path}`);
    if (response.status !== 200) throw new Error(`GET ${page.path}: HTTP ${response.status}`);
    bodies.set(page.path, Buffer.from(await response.arrayBuffer()));
  }
  return bodies;
}

// ---------------------------------------------------------------------------------------------------------------
// The hub.
// ---------------------------------------------------------------------------------------------------------------
async function runHub(target: Target): Promise<{ figures: Figures[]; bodies: Map<string, Buffer> }> {
  console.log(`\n${target.label}: ${REPORTS} public TLP:CLEAR reports, anonymous visitors`);
  let started = performance.now();
  const people = await seedAuthors(target);
  console.log(`  analyst author and viewer reviewer written through the hub's services: ${elapsed(started)}`);
  const hub = await startHub(target);
  try {
    started = performance.now();
    const seeded = await seedReports(hub.base, people, REPORTS);
    console.log(
      `  12 public cases and ${seeded.slugs.length} reports created, submitted, approved and published through the ` +
        `API: ${elapsed(started)} (featured report: ${kb(seeded.featuredBytes.ja)} Markdown ja, ` +
        `${kb(seeded.featuredBytes.en)} en)`,
    );
    const bodies = await fetchPages(hub.base);
    const article = bodies.get(PAGES[0]!.path)!.toString();
    const index = bodies.get(PAGES[1]!.path)!.toString();
    console.log(
      `  article page has a chart: ${article.includes('<svg')}, a table: ${article.includes('<table')}; ` +
        `index lists ${new Set(index.match(/\/p\/en\/bench-report-\d+/g) ?? []).size + (index.includes(FEATURED_SLUG) ? 1 : 0)} reports`,
    );
    const figures = await measure(`hub (${target.label})`, hub.base, hub.child.pid!, bodies);
    return { figures, bodies };
  } finally {
    await hub.stop();
    await target.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// nginx, the static baseline.
// ---------------------------------------------------------------------------------------------------------------
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function nginxBinary(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

async function runNginx(bodies: Map<string, Buffer>): Promise<Figures[]> {
  const binary = nginxBinary();
  if (!binary) {
    console.log('\nnginx: not installed, static baseline skipped (apt-get install nginx-light)');
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-bench-publishing-nginx-'));
  // nginx's worker runs as an unprivileged user when started by root: it must be able to read the files.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  // The files at the pages' addresses; an address ending in / is its directory's index.html.
  const root = path.join(dir, 'www');
  for (const page of PAGES) {
    const file = path.join(root, page.path.endsWith('/') ? `${page.path}index.html` : page.path);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    fs.writeFileSync(file, bodies.get(page.path)!, { mode: 0o644 });
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    [
      'worker_processes 1;',
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  keepalive_requests 1000000;',
      ...temp,
      `  server {`,
      `    listen 127.0.0.1:${port};`,
      // The hub's headers, so that the bytes on the wire compare.
      `    add_header content-security-policy "default-src 'none'" always;`,
      '    add_header cache-control "public, max-age=60" always;',
      `    location / {`,
      `      root ${root};`,
      '      index index.html;',
      // The hub's content types: a page's address has no extension.
      '      types { text/html html; application/atom+xml atom; application/pdf pdf; }',
      '      default_type text/html;',
      '      charset utf-8;',
      '      charset_types application/atom+xml;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    binary,
    ['-p', dir, '-c', conf, '-g', `daemon off; pid ${dir}/nginx.pid; error_log stderr;`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
      try {
        await fetch(`${base}${PAGES[0]!.path}`);
        break;
      } catch {
        if (tries > 100) throw new Error(`nginx did not answer within ten seconds: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const served = await fetchPages(base);
    for (const page of PAGES) {
      if (!served.get(page.path)!.equals(bodies.get(page.path)!))
        throw new Error(`nginx serves other bytes at ${page.path}`);
    }
    console.log(`\nnginx (1 worker process): the same bytes as static files`);
    return await measure('nginx (static)', base, child.pid!, bodies);
  } finally {
    child.kill('SIGQUIT');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CSAF validation.
// ---------------------------------------------------------------------------------------------------------------
interface CsafFigures {
  document: string;
  bytes: number;
  oursMs: number;
  oursValid: boolean;
  referenceMs: number;
  referenceValid: boolean;
}

const ADVISORY: CsafAdvisoryInput = {
  trackingId: 'CYNEX-VU-2026-0007',
  title: 'Example DVR: OS command injection in the web interface',
  lang: 'en',
  publisher: { name: 'CYNEX', namespace: 'https://cynex.example' },
  vendor: 'Example Corp',
  product: 'Example DVR',
  affectedVersions: ['2.3.0', '<= 2.3.9'],
  fixedVersions: ['2.4.1'],
  cve: 'CVE-2022-35733',
  cwe: { id: 'CWE-78', name: cweName('CWE-78')! },
  cvss31Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  cvss40Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  summary: 'An unauthenticated attacker can run commands on the recorder.',
  description: 'The time-zone field of the settings page is passed to a shell.',
  reporterCredit: 'NICT CSRI',
  advisoryUrl: 'https://cynex.example/p/en/advisories/CYNEX-VU-2026-0007',
  revisions: [{ version: 1, date: '2026-12-01T00:00:00.000Z', summary: 'Initial release' }],
};

async function runCsaf(): Promise<CsafFigures[]> {
  const referenceTests = Object.values(basic).filter((t): t is DocumentTest => typeof t === 'function');
  const examples = path.resolve(import.meta.dirname, '../packages/core/data/csaf/examples');
  const documents: [string, unknown][] = fs
    .readdirSync(examples)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(examples, f), 'utf8')) as unknown]);
  documents.push(['buildCsafAdvisory (en, CVSS 3.1 + 4.0)', buildCsafAdvisory(ADVISORY).document]);
  console.log(
    `\nCSAF validation in-process: ${CSAF_ITERATIONS} iterations per document and validator after ` +
      `${Math.ceil(CSAF_ITERATIONS / 10)} of warm-up; reference: csaf-validator-lib basic (${referenceTests.length} tests)`,
  );
  const out: CsafFigures[] = [];
  for (const [name, doc] of documents) {
    const warm = Math.ceil(CSAF_ITERATIONS / 10);
    // Each validator gets its own copy, so that neither can profit from what the other left on the object.
    const ours = structuredClone(doc);
    const theirs = structuredClone(doc);
    let oursValid = false;
    for (let i = 0; i < warm; i++) validateCsaf(ours);
    let started = performance.now();
    for (let i = 0; i < CSAF_ITERATIONS; i++) oursValid = validateCsaf(ours).valid;
    const oursMs = (performance.now() - started) / CSAF_ITERATIONS;
    let referenceValid = false;
    for (let i = 0; i < warm; i++) await validate(referenceTests, theirs);
    started = performance.now();
    for (let i = 0; i < CSAF_ITERATIONS; i++) referenceValid = (await validate(referenceTests, theirs)).isValid;
    const referenceMs = (performance.now() - started) / CSAF_ITERATIONS;
    const figures = {
      document: name,
      bytes: Buffer.byteLength(JSON.stringify(doc)),
      oursMs,
      oursValid,
      referenceMs,
      referenceValid,
    };
    out.push(figures);
    console.log(
      `  ${name.padEnd(40)} ${kb(figures.bytes).padStart(8)}   ours ${oursMs.toFixed(3)} ms (${(1000 / oursMs).toFixed(0)}/s, ` +
        `valid ${oursValid})   reference ${referenceMs.toFixed(3)} ms (${(1000 / referenceMs).toFixed(0)}/s, valid ${referenceValid})`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Run, then the tables.
// ---------------------------------------------------------------------------------------------------------------
const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const loadAverage = () => os.loadavg()[0]!.toFixed(1);
console.log(`cynex publishing benchmark: ${machine}; ${SECONDS} s per load; machine load average ${loadAverage()}`);

const serverUrl = process.env.BENCH_DATABASE_URL;
const web: Figures[] = [];
let bodies: Map<string, Buffer> | undefined;
if (ONLY !== 'postgres') {
  const run = await runHub(pgliteTarget());
  web.push(...run.figures);
  bodies = run.bodies;
}
if (serverUrl && ONLY !== 'pglite') {
  const run = await runHub(await postgresTarget(serverUrl));
  web.push(...run.figures);
  bodies ??= run.bodies;
} else if (ONLY !== 'pglite') console.log('\nPostgreSQL: not run (set BENCH_DATABASE_URL)');
if (bodies) web.push(...(await runNginx(bodies)));
const csaf = await runCsaf();

const ms = (value: number) => value.toFixed(0);
console.log(
  `\nMachine: ${machine}. ${SECONDS} s per load after ${WARM_UP_SECONDS} s of warm-up, autocannon on the same machine; ` +
    `machine load average (1 min) at the end: ${loadAverage()}.\n`,
);
console.log(
  '| server | page | connections | req/s | p50 ms | p95 ms | p99 ms | non-2xx / errors / timeouts | body | on the wire | CPU per request | RSS |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const f of web) {
  console.log(
    `| ${f.server} | ${f.page} | ${f.connections} | ${ms(f.perSecond)} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ` +
      `${f.non2xx} / ${f.errors} / ${f.timeouts} | ${kb(f.bodyBytes)} | ${kb(f.wireBytes)} | ` +
      `${f.cpuMsPerRequest.toFixed(2)} ms | ${ms(f.rssMb)} MB |`,
  );
}
const nginxFigures = web.filter((f) => f.server.startsWith('nginx'));
if (nginxFigures.length > 0) {
  console.log('\n| page | hub req/s ÷ nginx req/s | hub p95 ÷ nginx p95 |');
  console.log('| --- | ---: | ---: |');
  for (const f of web.filter((w) => w.server.startsWith('hub'))) {
    const n = nginxFigures.find((x) => x.page === f.page)!;
    console.log(
      `| ${f.page} (${f.server}) | ${((100 * f.perSecond) / n.perSecond).toFixed(1)} % | ` +
        `${(f.p95 / Math.max(n.p95, 1)).toFixed(0)} × |`,
    );
  }
}
console.log(
  '\n| CSAF document | size | validateCsaf ms/doc | docs/s | reference ms/doc | docs/s | reference ÷ ours | valid (ours / reference) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const c of csaf) {
  console.log(
    `| ${c.document} | ${kb(c.bytes)} | ${c.oursMs.toFixed(3)} | ${(1000 / c.oursMs).toFixed(0)} | ` +
      `${c.referenceMs.toFixed(3)} | ${(1000 / c.referenceMs).toFixed(0)} | ${(c.referenceMs / c.oursMs).toFixed(1)} × | ` +
      `${c.oursValid} / ${c.referenceValid} |`,
  );
}
