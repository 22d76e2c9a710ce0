import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeKeyMaker, type HostKeyPair } from '../src/world/host-keys.js';
import { accountPassword } from '../src/world/accounts.js';
import type { Host, World } from '../src/world/schema.js';
import { entryHostOf } from '../src/services/ssh/connection.js';
import { testRuntime, type TestRuntime, type TestRuntimeOptions } from './runtime.js';
import { testWorld } from './worlds.js';

/** A world whose SSH entry host has real host keys (only that host: RSA 3072 is slow), plus a login on it. */
export interface SshWorld {
  world: World;
  host: Host;
  hostKeys: HostKeyPair[];
  username: string;
  password: string;
}

export async function sshWorld(world: World = testWorld()): Promise<SshWorld> {
  const host = entryHostOf(world, 'ssh');
  const hostKeys: HostKeyPair[] = [];
  for (const type of ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa'] as const) {
    const { privateKey, publicKey } = await nodeKeyMaker(type);
    hostKeys.push({ hostname: host.hostname, type, privateKey, publicKey, file: `keys/${type}` });
  }
  const account = host.accounts.find((a) => a.username !== 'root' && accountPassword(world, a) !== undefined);
  if (!account) throw new Error('the test world has no login on its SSH host');
  return { world, host, hostKeys, username: account.username, password: accountPassword(world, account)! };
}

export function sshRuntime(
  fixture: SshWorld,
  options: Omit<TestRuntimeOptions, 'world' | 'hostKeys'> = {},
): TestRuntime {
  return testRuntime({ ...options, world: fixture.world, hostKeys: fixture.hostKeys });
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real client (ssh, scp, sftp, nmap…) with a time limit; stdin is written and closed. */
export function run(
  command: string,
  args: string[],
  options: { input?: string | Buffer; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.write(options.input);
    child.stdin.end();
  });
}

/** OpenSSH client options for a throw-away server: no host-key checks, no keys of our own, no config. */
export const CLIENT_OPTIONS = [
  '-F',
  '/dev/null',
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'PubkeyAuthentication=no',
  '-o',
  'BatchMode=no',
];

/** `sshpass -p PASSWORD ssh … -p PORT user@127.0.0.1 ARGS…` */
export function ssh(port: number, user: string, password: string, args: string[], input?: string): Promise<Run> {
  return run('sshpass', ['-p', password, 'ssh', ...CLIENT_OPTIONS, '-p', String(port), `${user}@127.0.0.1`, ...args], {
    input,
  });
}

/**
 * The OpenSSH client answering every password prompt with `password` through SSH_ASKPASS (sshpass gives up after
 * the first refusal), for tests that need several attempts on one connection.
 */
export function sshRepeating(port: number, user: string, password: string, args: string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'cynex-askpass-'));
  const script = join(dir, 'askpass.sh');
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' '${password.replace(/'/g, `'\\''`)}'\n`, { mode: 0o700 });
  return run('ssh', [...CLIENT_OPTIONS, '-p', String(port), `${user}@127.0.0.1`, ...args], {
    env: { SSH_ASKPASS: script, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' },
  });
}

/** `sshpass -p PASSWORD scp [-O] … -P PORT FROM TO` */
export function scp(port: number, password: string, from: string, to: string, legacy: boolean): Promise<Run> {
  return run('sshpass', [
    '-p',
    password,
    'scp',
    ...(legacy ? ['-O'] : []),
    ...CLIENT_OPTIONS,
    '-P',
    String(port),
    from,
    to,
  ]);
}

/** `sshpass -p PASSWORD sftp -b - …` with the batch on stdin. */
export function sftpBatch(port: number, user: string, password: string, batch: string): Promise<Run> {
  return run(
    'sshpass',
    ['-p', password, 'sftp', ...CLIENT_OPTIONS, '-P', String(port), '-b', '-', `${user}@127.0.0.1`],
    {
      input: batch,
    },
  );
}

/** Waits until `check` holds (events arrive asynchronously after a client exits). */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
