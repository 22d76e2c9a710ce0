import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionFileSystem, execCommand } from '../../shell/index.js';
import { eventually, run, ssh, sshRepeating, sshRuntime, sshWorld, type SshWorld } from '../../../test/ssh-harness.js';
import { testOrigin } from '../../../test/runtime.js';
import type { ServiceHandle } from '../contracts.js';
import { startSshService } from './index.js';

let fixture: SshWorld;
beforeAll(async () => {
  fixture = await sshWorld();
});

async function serve(options: { acceptAfterAttempts?: number; maxAuthTries?: number } = {}) {
  const runtime = sshRuntime(fixture);
  const service = await startSshService({
    runtime,
    binding: { host: '127.0.0.1', port: 0 },
    failureDelayMs: { min: 5, max: 20 },
    ...options,
  });
  return { runtime, service, port: service.address.port };
}

const open: ServiceHandle[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

describe(startSshService.name, () => {
  it('runs an exec request from the real OpenSSH client and shows the shell output', async () => {
    const { runtime, service, port } = await serve();
    open.push(service);
    const result = await ssh(port, fixture.username, fixture.password, ['uname -a']);
    // What the emulated shell prints for the same command on the same host, as the user sees it.
    const expected = await execCommand(
      {
        runtime: sshRuntime(fixture),
        origin: testOrigin(fixture.host),
        username: fixture.username,
        fs: createSessionFileSystem(runtime, fixture.host, fixture.username),
      },
      'uname -a',
    );
    expect(result.stdout).toBe(expected.stdout);
    expect(result.stderr).toContain(expected.stderr.trim());
    expect(result.code).toBe(expected.exitCode === 0 ? 0 : expected.exitCode);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    const kinds = runtime.emitted.map((e) => e.kind);
    expect(kinds[0]).toBe('connect');
    expect(kinds).toContain('client_version');
    expect(kinds).toContain('client_kex');
    expect(kinds.at(-1)).toBe('disconnect');
    const version = runtime.emitted.find((e) => e.kind === 'client_version');
    expect(version && 'version' in version && version.version).toMatch(/^SSH-2\.0-OpenSSH_/);
    const kex = runtime.emitted.find((e) => e.kind === 'client_kex');
    expect(kex && 'hassh' in kex && kex.hassh).toMatch(/^[0-9a-f]{32}$/);
    expect(kex && 'kexAlgs' in kex && kex.kexAlgs).toContain('curve25519-sha256');
    const auth = runtime.emitted.find((e) => e.kind === 'auth');
    expect(auth).toMatchObject({ username: fixture.username, password: fixture.password, success: true });
    expect(runtime.emitted.find((e) => e.kind === 'command')).toMatchObject({ input: 'uname -a' });
    // One session id for the whole connection, with the socket's addresses.
    const sessions = new Set(runtime.emitted.map((e) => e.session));
    expect(sessions.size).toBe(1);
    expect(runtime.emitted[0]).toMatchObject({ src: { ip: '127.0.0.1' }, dst: { ip: '127.0.0.1', port } });
  });

  it('tells the client a command is done only once its events are on disk', async () => {
    const { runtime, service, port } = await serve();
    open.push(service);
    let release!: () => void;
    const onDisk = new Promise<void>((resolve) => (release = resolve));
    runtime.events.durable = () => onDisk;
    let finished = false;
    const client = ssh(port, fixture.username, fixture.password, ['echo durable']).finally(() => (finished = true));
    await eventually(() => runtime.emitted.some((e) => e.kind === 'command'));
    // The output may be on its way, but the exit status waits for the spool: a kill -9 now loses nothing seen.
    await new Promise((r) => setTimeout(r, 500));
    expect(finished).toBe(false);
    release();
    const result = await client;
    expect(result.stdout).toBe('durable\n');
    expect(result.code).toBe(0);
  });

  it('gives an interactive shell through a pty, recording every byte in and out', async () => {
    const { runtime, service, port } = await serve();
    open.push(service);
    const input = 'echo hi\rexit\r';
    const result = await run(
      'sshpass',
      [
        '-p',
        fixture.password,
        'ssh',
        '-tt',
        '-F',
        '/dev/null',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        '-p',
        String(port),
        `${fixture.username}@127.0.0.1`,
      ],
      { input },
    );
    expect(result.stdout).toContain(`${fixture.username}@${fixture.host.hostname}`);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    const session = runtime.emitted[0]!.session;
    const recording = runtime.recordings.get(session);
    expect(recording?.host).toBe(fixture.host.hostname);
    expect(recording?.closed).toBe(true);
    const typed = recording!.lines
      .filter(([s]) => s === 'i')
      .map(([, d]) => d)
      .join('');
    expect(typed).toBe(input);
    const shown = recording!.lines
      .filter(([s]) => s === 'o')
      .map(([, d]) => d)
      .join('');
    expect(result.stdout.replace(/\r/g, '')).toContain(shown.replace(/\r/g, '').trim().split('\n')[0]);
    expect(runtime.emitted.filter((e) => e.kind === 'command').map((e) => ('input' in e ? e.input : ''))).toContain(
      'echo hi',
    );
  });

  it('refuses a wrong password like sshd and records every attempt', async () => {
    const { runtime, service, port } = await serve();
    open.push(service);
    const result = await sshRepeating(port, fixture.username, 'not-the-password', [
      '-o',
      'NumberOfPasswordPrompts=3',
      'id',
    ]);
    expect(result.code).toBe(255);
    expect(result.stderr).toContain('Permission denied');
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    const attempts = runtime.emitted.filter((e) => e.kind === 'auth');
    expect(attempts).toHaveLength(3);
    for (const a of attempts)
      expect(a).toMatchObject({ username: fixture.username, password: 'not-the-password', success: false });
  });

  it('drops the connection after MaxAuthTries failures', async () => {
    const { runtime, service, port } = await serve({ maxAuthTries: 2 });
    open.push(service);
    const result = await sshRepeating(port, fixture.username, 'wrong', ['-o', 'NumberOfPasswordPrompts=5', 'id']);
    expect(result.code).toBe(255);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    expect(runtime.emitted.filter((e) => e.kind === 'auth')).toHaveLength(2);
  });

  it('lets a source in after N failed attempts when configured', async () => {
    const { runtime, service, port } = await serve({ acceptAfterAttempts: 2 });
    open.push(service);
    const result = await sshRepeating(port, 'admin', 'admin123', ['-o', 'NumberOfPasswordPrompts=3', 'echo']);
    expect(result.code).not.toBe(255);
    await eventually(() => runtime.emitted.some((e) => e.kind === 'disconnect'));
    expect(runtime.emitted.filter((e) => e.kind === 'auth').map((e) => 'success' in e && e.success)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('shows the OpenSSH version the host claims to nmap -sV, and nothing else', async () => {
    const { service, port } = await serve();
    open.push(service);
    const result = await run('nmap', ['-sV', '-Pn', '-p', String(port), '127.0.0.1'], { timeoutMs: 60_000 });
    const os = fixture.host.os;
    if (os.family !== 'linux') throw new Error('entry host is not Linux');
    const release = /OpenSSH_(\S+)/.exec(os.openssh.version)![1]!;
    expect(result.stdout).toMatch(new RegExp(`${port}/tcp\\s+open\\s+ssh\\s+OpenSSH ${release.replace(/\./g, '\\.')}`));
    expect(result.stdout.toLowerCase()).not.toMatch(/honeypot|cowrie|ssh2js|kippo/);
  });

  it('ends every open session with its disconnect event when closed', async () => {
    const { runtime, service, port } = await serve();
    const pending = run(
      'sshpass',
      [
        '-p',
        fixture.password,
        'ssh',
        '-tt',
        '-F',
        '/dev/null',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        '-p',
        String(port),
        `${fixture.username}@127.0.0.1`,
      ],
      { input: undefined, timeoutMs: 15_000 },
    );
    await eventually(() => runtime.emitted.some((e) => e.kind === 'auth'));
    await service.close();
    expect(runtime.emitted.filter((e) => e.kind === 'disconnect')).toHaveLength(1);
    await pending;
  });
});
