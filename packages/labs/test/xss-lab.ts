import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SendToLab } from '../src/graders/grader-types.js';

/*
 * The message-board lab run as the runner runs it (bare node under the permission model, listening on LAB_PORT),
 * but started here directly so that the tests depend on the lab alone. Shared by xss.test.ts and
 * xss.browser.test.ts.
 */

export const XSS_APP_DIR = path.resolve(import.meta.dirname, '../apps/xss');
export type XssLevel = 'vulnerable' | 'naive' | 'correct';

export interface RunningXssLab {
  port: number;
  dir: string;
  flag: string;
  origin: string;
  send: SendToLab;
  stop(): Promise<void>;
}

export interface LabEventLine {
  type: string;
  objective: string;
  detail: string;
}

export function freePort(): Promise<number> {
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

/** Sends as the runner does: no redirects followed, the body as text. */
function fetchSend(port: number): SendToLab {
  return async (req) => {
    const res = await fetch(`http://127.0.0.1:${port}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
}

/** A fresh instance of the lab at `level`, with the level's render.mjs (or the learner's edit) as the runner does. */
export async function startXssLab(level: XssLevel, editedRender?: string): Promise<RunningXssLab> {
  const dir = await mkdtemp(path.join(tmpdir(), `cynex-xss-${level}-`));
  const renderFile = path.join(dir, 'render.mjs');
  if (editedRender === undefined) await copyFile(path.join(XSS_APP_DIR, 'levels', level, 'render.mjs'), renderFile);
  else await writeFile(renderFile, editedRender);
  const port = await freePort();
  const flag = `cynex{xss-test-${randomUUID()}}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--experimental-permission',
      `--allow-fs-read=${XSS_APP_DIR}/`,
      `--allow-fs-read=${dir}/`,
      `--allow-fs-write=${dir}/`,
      '--max-old-space-size=64',
      path.join(XSS_APP_DIR, 'server.mjs'),
    ],
    {
      cwd: dir,
      env: { LAB_PORT: String(port), LAB_LEVEL: level, LAB_FLAG: flag, LAB_DIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the lab exited with ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { port, dir, flag, origin: `http://127.0.0.1:${port}`, send: fetchSend(port), stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the lab did not become healthy: ${stderr}`);
}

export async function readXssEvents(lab: RunningXssLab): Promise<LabEventLine[]> {
  const text = await readFile(path.join(lab.dir, 'events.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LabEventLine);
}
