import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Real processes for the decoy end-to-end tests: the `cynex` command (hub, sensor) as a user runs it, and the real
 * OpenSSH client (through sshpass, which types the password) as the attacker. Everything on loopback.
 */

const run = promisify(execFile);
export const repo = path.resolve(import.meta.dirname, '../../..');
const CYNEX = path.join(repo, 'packages/cli/bin/cynex.js');

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface CynexProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output so far or to come. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (`kill -9`), then waits for the exit. */
  kill9(): Promise<void>;
}

/** Runs `cynex ARGS…` with PGlite (DATABASE_URL removed unless `env` names one). */
export function cynex(args: string[], env: NodeJS.ProcessEnv = {}): CynexProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CYNEX_LOG_LEVEL: 'warn' };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [CYNEX, ...args], {
    cwd: repo,
    env: { ...childEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            done();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`cynex ${args[0]} exited before printing ${pattern}:\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`cynex ${args[0]} did not print ${pattern} in ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', check);
        };
        listeners.add(check);
        child.on('exit', check);
        check();
      });
    },
    stop: () => end('SIGTERM'),
    kill9: () => end('SIGKILL'),
  };
}

/** Waits until something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const SSH_OPTIONS = [
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'PreferredAuthentications=password,keyboard-interactive',
  '-o',
  'PubkeyAuthentication=no',
  '-o',
  'ConnectTimeout=20',
];

export interface SshTarget {
  port: number;
  username: string;
  password: string;
}

/** `ssh -p PORT user@127.0.0.1 'COMMAND'` with the real OpenSSH client. */
export async function sshExec(target: SshTarget, command: string): Promise<{ stdout: string; stderr: string }> {
  return run(
    'sshpass',
    ['-p', target.password, 'ssh', ...SSH_OPTIONS, '-p', String(target.port), `${target.username}@127.0.0.1`, command],
    { timeout: 60_000 },
  );
}

/** `scp -P PORT FILE user@127.0.0.1:DEST` (OpenSSH's default: the SFTP protocol; `legacy` uses `-O`). */
export async function scpUpload(target: SshTarget, file: string, dest: string, legacy = false): Promise<void> {
  await run(
    'sshpass',
    [
      '-p',
      target.password,
      'scp',
      ...(legacy ? ['-O'] : []),
      ...SSH_OPTIONS,
      '-P',
      String(target.port),
      file,
      `${target.username}@127.0.0.1:${dest}`,
    ],
    { timeout: 60_000 },
  );
}

export interface InteractiveSsh {
  output(): string;
  /** Types a line (with the Enter key). */
  type(line: string): void;
  /** Waits until the output (since the start) matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  closed: Promise<number | null>;
}

/** An interactive login (`ssh -tt`: a terminal on the far side), typed into line by line as a person would. */
export function sshInteractive(target: SshTarget): InteractiveSsh {
  const child = spawn(
    'sshpass',
    ['-p', target.password, 'ssh', '-tt', ...SSH_OPTIONS, '-p', String(target.port), `${target.username}@127.0.0.1`],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    type: (line) => void child.stdin.write(`${line}\r`),
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > deadline) throw new Error(`the session did not show ${pattern}:\n${output}`);
        if (child.exitCode !== null) throw new Error(`the session ended before showing ${pattern}:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    closed,
  };
}

/** A signed-in API client for a hub started by `cynex serve`: accepts the first admin's one-time link. */
export async function adminClient(base: string, link: string): Promise<ApiClient> {
  const token = link.split('/').pop()!;
  const response = await fetch(`${base}/api/v1/auth/links/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'correct horse battery staple', displayName: 'Admin' }),
  });
  if (!response.ok) throw new Error(`accepting the admin link failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return new ApiClient(base, cookies.join('; '), csrfToken);
}

export class ApiClient {
  constructor(
    public base: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(url: string): Promise<T> {
    return this.call<T>('GET', url);
  }
}

/** Polls until `check` returns a value (not undefined), or fails with the last value seen. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
