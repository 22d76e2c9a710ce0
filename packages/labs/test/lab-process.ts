import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { SendToLab } from '../src/graders/grader-types.js';
import { SHARED_APP_DIR } from '../src/runner/lab-catalog.js';
import { permissionFlags, sqlJsPackageDir } from '../src/runner/sandbox.js';

/*
 * A lab app run as the runner runs it (bare node under the permission model, listening on LAB_PORT), but started
 * here directly so that a lab's tests depend on the lab alone, not on the runner's wrappers (unshare, prlimit,
 * setpriv, cgroups).
 */

export const APPS_DIR = path.resolve(import.meta.dirname, '../apps');
export type LabId = 'sqli' | 'cmdi' | 'xss' | 'csrf' | 'traversal';
export type LabLevel = 'vulnerable' | 'naive' | 'correct';
/** Learner edits by editable file name (`handler.mjs`, `render.mjs`); the rest come from the level. */
export type EditedFiles = Record<string, string>;

export interface LabEventLine {
  type: string;
  objective: string;
  detail: string;
}

export interface RunningLab {
  port: number;
  /** The instance directory (LAB_DIR), resolved. */
  dir: string;
  flag: string;
  origin: string;
  /** Sends as the runner does: no redirects followed, the body as text. */
  send: SendToLab;
  /** The parsed lines of the instance's events.jsonl (none yet: an empty list). */
  events(): Promise<LabEventLine[]>;
  /** Kills the lab and deletes its directory. */
  stop(): Promise<void>;
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

function fetchSend(origin: string): SendToLab {
  return async (req) => {
    const res = await fetch(`${origin}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
}

async function readEvents(dir: string): Promise<LabEventLine[]> {
  const text = await readFile(path.join(dir, 'events.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LabEventLine);
}

/** Copies the level's editable files (as lab.json names them) into `dir`, or the learner's edit where given. */
async function prepareInstance(appDir: string, level: LabLevel, dir: string, edited: EditedFiles): Promise<void> {
  const { editable } = JSON.parse(await readFile(path.join(appDir, 'lab.json'), 'utf8')) as { editable: string[] };
  for (const file of Object.keys(edited)) {
    if (!editable.includes(file)) throw new Error(`${file} is not editable (lab.json: ${editable.join(', ')})`);
  }
  for (const file of editable) {
    const text = edited[file] ?? (await readFile(path.join(appDir, 'levels', level, file), 'utf8'));
    await writeFile(path.join(dir, file), text);
  }
}

/** A fresh instance of lab `labId` at `level`, with the level's editable files or the learner's `edited` ones. */
export async function startLabProcess(labId: LabId, level: LabLevel, edited: EditedFiles = {}): Promise<RunningLab> {
  const appDir = path.join(APPS_DIR, labId);
  // The permission model compares resolved paths: grant the real directory, as the runner does.
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), `cynex-${labId}-${level}-`)));
  const port = await freePort();
  const flag = `cynex{${labId}-test-${randomUUID()}}`;
  const origin = `http://127.0.0.1:${port}`;
  let child: ReturnType<typeof spawn> | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await prepareInstance(appDir, level, dir, edited);
    child = spawn(
      process.execPath,
      [
        // The runner's own flags: read the app, the apps' _shared modules, sql.js and the instance; write the instance.
        ...permissionFlags({
          appDir,
          sharedDir: path.join(APPS_DIR, SHARED_APP_DIR),
          instanceDir: dir,
          sqlJsDir: sqlJsPackageDir(),
        }),
        '--max-old-space-size=64',
        path.join(appDir, 'server.mjs'),
      ],
      {
        cwd: dir,
        env: { LAB_PORT: String(port), LAB_LEVEL: level, LAB_FLAG: flag, LAB_DIR: dir },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let waited = 0; waited < 20_000; waited += 100) {
      if (child.exitCode !== null) throw new Error(`the ${labId} lab exited with ${child.exitCode}: ${stderr}`);
      const healthy = await fetch(`${origin}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (healthy) return { port, dir, flag, origin, send: fetchSend(origin), events: () => readEvents(dir), stop };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the ${labId} lab did not become healthy: ${stderr}`);
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The start function of one test file: every lab it starts is stopped, and its directory deleted, after the file's
 * tests (an `afterAll` hook, so call it at the top level of the file).
 * @example const startLab = labProcesses('sqli'); const lab = await startLab('correct', { 'handler.mjs': edit });
 */
export function labProcesses(labId: LabId): (level: LabLevel, edited?: EditedFiles) => Promise<RunningLab> {
  const running: RunningLab[] = [];
  afterAll(async () => {
    await Promise.all(running.map((lab) => lab.stop()));
  });
  return async (level, edited) => {
    const lab = await startLabProcess(labId, level, edited);
    running.push(lab);
    return lab;
  };
}
