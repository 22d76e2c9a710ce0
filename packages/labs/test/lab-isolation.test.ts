import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner, flagFor } from '../src/index.js';
import { FIXTURE_APPS_DIR, attempt, probeRunner } from './probe-lab.js';

/**
 * Learner code inside a running lab tries each escape the issue names; every attempt must fail. The probe lab's
 * handler.mjs performs the attempt and reports `{ ok, code }`.
 */
describe('lab isolation', () => {
  const key = randomBytes(32);
  let runner: LabRunner;
  let rootDir: string;
  let cleanup: () => Promise<void>;
  let secretDir: string;
  let secretFile: string;
  let listener: net.Server;
  let listenerPort: number;
  let listenerConnections = 0;
  const savedKeyEnv = process.env.CYNEX_LAB_FLAG_KEY;

  beforeAll(async () => {
    // The hub's environment holds secrets; the lab must not inherit any of it.
    process.env.CYNEX_LAB_FLAG_KEY = key.toString('hex');
    ({ runner, rootDir, cleanup } = await probeRunner());
    secretDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-secret-'));
    secretFile = path.join(secretDir, 'hub-database.txt');
    await writeFile(secretFile, 'postgres://hub:secret@db/cynex', { mode: 0o644 });
    listener = net.createServer((socket) => {
      listenerConnections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerPort = (listener.address() as net.AddressInfo).port;
    for (const [instanceId, learnerId] of [
      ['mallory', 'learner-m'],
      ['alice', 'learner-a'],
    ] as const) {
      const flag = flagFor(key, learnerId, 'probe', instanceId);
      await runner.start({ instanceId, labId: 'probe', level: 'vulnerable', flag });
    }
  });

  afterAll(async () => {
    await cleanup();
    await rm(secretDir, { recursive: true, force: true });
    await new Promise((resolve) => listener.close(resolve));
    if (savedKeyEnv === undefined) delete process.env.CYNEX_LAB_FLAG_KEY;
    else process.env.CYNEX_LAB_FLAG_KEY = savedKeyEnv;
  });

  const q = encodeURIComponent;

  it('cannot read a file outside its folder, nor /etc/passwd', async () => {
    for (const target of [secretFile, '/etc/passwd']) {
      const outcome = await attempt(runner, 'mallory', `read?path=${q(target)}`);
      expect(outcome).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    }
  });

  it('cannot read or list another instance folder, nor list the instances root', async () => {
    const aliceDir = path.join(rootDir, 'alice');
    expect(await attempt(runner, 'mallory', `read?path=${q(path.join(aliceDir, 'handler.mjs'))}`)).toMatchObject({
      ok: false,
    });
    expect(await attempt(runner, 'mallory', `readdir?path=${q(aliceDir)}`)).toMatchObject({ ok: false });
    expect(await attempt(runner, 'mallory', `readdir?path=${q(rootDir)}`)).toMatchObject({ ok: false });
  });

  it('cannot escape through a symlink', async () => {
    const outcome = await attempt(runner, 'mallory', `symlink?target=${q(secretFile)}`);
    expect(outcome.ok).toBe(false);
  });

  it('cannot write outside its folder: not elsewhere, not into its own app, not into another instance', async () => {
    const targets = [
      path.join(secretDir, 'pwned.txt'),
      path.join(FIXTURE_APPS_DIR, 'probe', 'pwned.txt'),
      path.join(rootDir, 'alice', 'handler.mjs'),
    ];
    for (const target of targets) {
      expect(await attempt(runner, 'mallory', `write?path=${q(target)}`)).toMatchObject({ ok: false });
    }
    expect(existsSync(targets[0]!)).toBe(false);
    expect(existsSync(targets[1]!)).toBe(false);
    expect(await readFile(targets[2]!, 'utf8')).not.toBe('pwned');
    // …while its own folder is writable, so the denials above are the sandbox, not a broken probe.
    expect(await attempt(runner, 'mallory', 'state')).toMatchObject({ ok: true });
  });

  it("can read the apps' _shared modules, but cannot write there", async () => {
    const sharedDir = path.join(FIXTURE_APPS_DIR, '_shared');
    const read = await attempt(runner, 'mallory', `read?path=${q(path.join(sharedDir, 'shared-note.mjs'))}`);
    expect(read).toMatchObject({ ok: true });
    expect(read.value).toContain('shared with every lab');
    const target = path.join(sharedDir, 'pwned.txt');
    expect(await attempt(runner, 'mallory', `write?path=${q(target)}`)).toMatchObject({ ok: false });
    expect(existsSync(target)).toBe(false);
  });

  it('cannot start a child process or a worker, nor reach internal bindings', async () => {
    for (const action of ['spawn', 'exec', 'worker', 'binding']) {
      expect(await attempt(runner, 'mallory', action)).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    }
  });

  it('cannot connect to a TCP port on 127.0.0.1, nor to 127.0.0.1:5432', async () => {
    // Without a network namespace labs share the host's loopback: this guarantee needs `unshare -n`, and a machine
    // without it fails here rather than pretending.
    expect(runner.capabilities().networkNamespace).toBe(true);
    for (const port of [listenerPort, 5432]) {
      const outcome = await attempt(runner, 'mallory', `connect?host=127.0.0.1&port=${port}`);
      expect(outcome.ok).toBe(false);
    }
    expect(listenerConnections).toBe(0);
  });

  it('cannot read the flag key: its environment holds only LAB_* and PATH, and the hub environ is unreadable', async () => {
    const env = JSON.parse((await attempt(runner, 'mallory', 'env')).value!) as Record<string, string>;
    expect(Object.keys(env).every((k) => k.startsWith('LAB_') || k === 'PATH')).toBe(true);
    expect(Object.keys(env).sort()).toEqual(['LAB_DIR', 'LAB_FLAG', 'LAB_LEVEL', 'LAB_SOCKET', 'PATH'].sort());
    expect(JSON.stringify(env)).not.toContain(key.toString('hex'));
    expect(env.LAB_FLAG).toBe(flagFor(key, 'learner-m', 'probe', 'mallory'));
    const environ = await attempt(runner, 'mallory', 'ppidEnviron');
    expect(environ).toMatchObject({ ok: false });
  });

  it('cannot signal the hub process', async () => {
    // The permission model does not cover signals; a separate uid per lab does.
    expect(runner.capabilities().uidDrop).toBe(true);
    expect(await attempt(runner, 'mallory', 'killParent')).toMatchObject({ ok: false, code: 'EPERM' });
  });

  it('left the other instance running and untouched', async () => {
    expect(runner.info('alice').state).toBe('running');
    expect((await runner.request('alice', { path: '/healthz' })).status).toBe(200);
  });
});
