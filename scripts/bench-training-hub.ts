/**
 * The training benchmark's hub: a fresh database (PGlite files, or a new PostgreSQL database), the accounts written
 * through the hub's services, a `cynex serve` process on loopback, sign-in through the API, and what the process
 * uses (CPU time, resident memory) read from /proc. Used by scripts/bench-training.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { configFromEnv, createHub } from '@cynex/hub';
import { hashPassword } from '../packages/hub/src/modules/auth/auth.crypto.js';

export const PASSWORD = 'benchmark password';

export interface Target {
  label: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  ownerUrl?: string | undefined;
  drop: () => Promise<void>;
}

export interface Session {
  cookie: string;
  csrf: string;
}

async function onServer(serverUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

export function pgliteTarget(): Target {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-bench-training-'));
  return { label: 'PGlite', dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** A fresh database; with BENCH_DATABASE_ROLES=owner,app it is owned by the first and the hub runs as the second. */
export async function postgresTarget(serverUrl: string): Promise<Target> {
  const name = `cynex_bench_training_${Date.now()}`;
  const [owner, app] = (process.env.BENCH_DATABASE_ROLES ?? '').split(',').map((r) => r.trim());
  const roles = owner && app ? { owner, app } : undefined;
  await onServer(serverUrl, `create database ${name}${roles ? ` owner "${roles.owner}"` : ''}`);
  const as = (role?: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    if (role) url.username = role;
    return url.toString();
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-bench-training-'));
  return {
    label: 'PostgreSQL',
    dataDir,
    databaseUrl: as(roles?.app),
    ownerUrl: roles ? as(roles.owner) : undefined,
    drop: async () => {
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The organisation, its instructor and its learners, written through the hub's services before the hub process
 * starts (accounts are otherwise made one invitation link at a time). All share one argon2id hash of PASSWORD, so
 * signing in costs what it costs for real accounts.
 */
export async function seedAccounts(target: Target, learnerCount: number) {
  const hub = await createHub(
    configFromEnv(
      {},
      {
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        databaseOwnerUrl: target.ownerUrl,
        logLevel: 'silent',
        housekeepingIntervalSeconds: 0,
        watchlistIntervalSeconds: 0,
        jobsPollMs: 0,
      },
    ),
  );
  const { authRepo, orgs } = hub.services;
  const org = await orgs.ensure({
    slug: 'bench-academy',
    nameEn: 'Bench Academy',
    nameJa: 'ベンチ学園',
    sector: 'academia',
    programmes: ['A'],
  });
  const passwordHash = await hashPassword(PASSWORD);
  const account = async (email: string, role: 'instructor' | 'learner') => {
    const row = await authRepo.insertUser({ email, displayName: email.split('@')[0]!, passwordHash });
    await authRepo.upsertMembership(row.id, org.id, role);
    return { id: row.id, email };
  };
  const instructor = await account('instructor@bench.example', 'instructor');
  const learners = [];
  for (let i = 0; i < learnerCount; i++) learners.push(await account(`learner${i}@bench.example`, 'learner'));
  await hub.close();
  return { orgId: org.id, instructor, learners };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface HubProcess {
  base: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * `cynex serve` as `npm start` runs it, but from the sources (through tsx), so that the checkout is what is
 * measured. With cpuProfileDir the process writes a V8 CPU profile there when it stops.
 */
export async function startHub(target: Target, cpuProfileDir?: string): Promise<HubProcess> {
  const port = await freePort();
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfileDir)}`] : [];
  const cli = path.resolve(import.meta.dirname, '../packages/cli/src/main.ts');
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', cli, 'serve', '--no-decoy-demo', '--port', String(port)],
    {
      env: {
        ...process.env,
        CYNEX_DATA_DIR: target.dataDir,
        DATABASE_URL: target.databaseUrl ?? '',
        DATABASE_OWNER_URL: target.ownerUrl ?? '',
        // A log line per request at info would measure the log pipe; warnings and errors still show.
        CYNEX_LOG_LEVEL: 'warn',
        CYNEX_LABS_LISTEN: '127.0.0.1:0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}: ${stderr}`);
    try {
      await fetch(`${base}/api/v1/auth/me`);
      break;
    } catch {
      if (tries > 1200) throw new Error(`the hub did not answer within two minutes: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const stop = async () => {
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) console.log(`  hub exited with ${code}: ${stderr.slice(-2000)}`);
  };
  return { base, child, stop };
}

/** Resident memory of a process, now and at its peak, in MB (Linux). */
export function rssOf(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time a process has used so far (user + system, all its threads), in ms (Linux, 100 ticks a second). */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `work` over `items`, `width` at a time. */
export async function inParallel<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

export async function signIn(base: string, email: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email}: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

/** A JSON POST as the console makes it (session cookie and CSRF header); the answer's body, or an error. */
export async function post(base: string, session: Session, url: string, body: object): Promise<unknown> {
  const response = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}
