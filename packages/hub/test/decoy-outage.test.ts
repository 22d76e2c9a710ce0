import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountPassword, employeeOf, loadWorld, type World } from '@cynex/sensor';
import {
  adminClient,
  cynex,
  eventually,
  freePort,
  sshExec,
  waitForPort,
  type ApiClient,
  type CynexProcess,
  type SshTarget,
} from './decoy-attack.js';
import { freshPostgres } from './harness.js';

const run = promisify(execFile);

interface SessionItem {
  session: string;
  commands: number;
  authAttempts: number;
  authSuccess: boolean;
  username: string | null;
}

/**
 * A hub (`cynex serve`) and a decoy sensor on "another machine" (`cynex sensor`, its own process and data
 * directory), a world generated in the hub and run by the sensor, attacked with the real OpenSSH client and hydra.
 * Each side is killed with SIGKILL during the attack and restarted: every event the sensor accepted reaches the hub,
 * once.
 */
describe('a decoy sensor and its hub under kill -9 during an attack', () => {
  let hubDir: string;
  let sensorDir: string;
  let hubPort: number;
  let sshPort: number;
  let hub: CynexProcess;
  let sensor: CynexProcess;
  let api: ApiClient;
  let base: string;
  let secret: string;
  let world: World;
  let entry: SshTarget;

  // On the PostgreSQL pass of CI the hub runs on a fresh database of the server; else on PGlite in hubDir.
  let database: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  const startHub = async () => {
    const env: NodeJS.ProcessEnv = database
      ? { DATABASE_URL: database.url, ...(database.ownerUrl ? { DATABASE_OWNER_URL: database.ownerUrl } : {}) }
      : {};
    hub = cynex(['serve', '--no-decoy-demo', '--port', String(hubPort), '--data-dir', hubDir], env);
    await hub.waitFor(/cynex hub is running at/);
  };
  const startSensor = async () => {
    sensor = cynex(['sensor', '--hub', base, '--sensor-id', 'e2e-1', '--data-dir', sensorDir], {
      CYNEX_SENSOR_CREDENTIAL: secret,
    });
  };
  const sessions = async () =>
    (await api.get<{ items: SessionItem[] }>('/api/v1/decoy/sessions?world=e2e&limit=200')).items;

  beforeAll(async () => {
    hubDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-e2e-hub-'));
    sensorDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-e2e-sensor-'));
    [hubPort, sshPort] = [await freePort(), await freePort()];
    if (process.env.TEST_DATABASE_URL) database = await freshPostgres(process.env.TEST_DATABASE_URL);
    await startHub();
    const link = /http\S+\/accept\/\S+/.exec(hub.output())![0];
    base = `http://127.0.0.1:${hubPort}`;
    api = await adminClient(base, link);
    const org = await api.call<{ id: string }>('POST', '/api/v1/orgs', {
      slug: 'decoy-ops',
      nameEn: 'Decoy operations',
      nameJa: 'デコイ運用',
      sector: 'government',
      programmes: [],
    });
    const created = await api.call<{ secret: string }>('POST', '/api/v1/sensors/credentials', {
      sensorId: 'e2e-1',
      name: 'e2e sensor',
      purposes: ['decoy'],
    });
    secret = created.secret;
    await api.call('POST', '/api/v1/decoy/worlds', {
      id: 'e2e',
      sensorId: 'e2e-1',
      generate: { sector: 'finance', lang: 'en', employees: 10, hosts: 6, seed: 4242 },
      bindings: { ssh: { host: '127.0.0.1', port: sshPort } },
      ownerOrgId: org.id,
    });
    await api.call('POST', '/api/v1/decoy/worlds/e2e/start');
    const detail = await api.get<{ definition: string }>('/api/v1/decoy/worlds/e2e');
    const loaded = loadWorld(detail.definition);
    if (!loaded.ok) throw new Error('the hub sent an invalid world');
    world = loaded.world;
    const host = world.hosts.find((h) => h.os.family === 'linux' && h.services.some((s) => s.name === 'ssh'))!;
    const account = host.accounts.find((a) => employeeOf(world, a)?.passwordKind === 'weak') ?? host.accounts[1]!;
    entry = { port: sshPort, username: account.username, password: accountPassword(world, account)! };
    await startSensor();
    await waitForPort(sshPort);
  }, 240_000);

  afterAll(async () => {
    await sensor?.stop();
    await hub?.stop();
    await rm(hubDir, { recursive: true, force: true });
    await rm(sensorDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('loses no command when the hub is killed and restarted mid-attack, nor when the sensor is', async () => {
    const markers: string[] = [];
    const attack = async (i: number) => {
      const marker = `marker-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const { stdout } = await sshExec(entry, `echo ${marker}`);
      expect(stdout.trim()).toBe(marker);
      markers.push(marker);
    };
    for (let i = 0; i < 3; i++) await attack(i);
    await hub.kill9();
    // The attacker goes on while the hub is down: the sensor answers and spools.
    for (let i = 3; i < 7; i++) await attack(i);
    await startHub();
    for (let i = 7; i < 10; i++) await attack(i);
    await sensor.kill9();
    await startSensor();
    await waitForPort(sshPort);
    for (let i = 10; i < 12; i++) await attack(i);

    const seen = await eventually(
      'every command at the hub',
      async () => {
        const items = await sessions();
        const commands = items.reduce((sum, s) => sum + s.commands, 0);
        return commands >= markers.length ? items : undefined;
      },
      120_000,
    );
    // Once each: the restarted sensor re-sent what the hub had not acknowledged, and the hub stored it once.
    expect(seen.reduce((sum, s) => sum + s.commands, 0)).toBe(markers.length);
    expect(seen.filter((s) => s.commands === 1)).toHaveLength(markers.length);
    // (The port probes made sessions too: connections that never signed in, with no user and no command.)
    expect(seen.filter((s) => s.commands > 0).every((s) => s.username === entry.username)).toBe(true);
  }, 300_000);

  it('hydra finds the weak password and the hub shows every attempt', async () => {
    const before = await api.get<{ authAttempts: number }>('/api/v1/decoy/worlds/e2e/stats');
    const wordlist = path.join(sensorDir, 'words.txt');
    const wrong = Array.from({ length: 40 }, (_, i) => `guess${i}-${Math.random().toString(36).slice(2, 6)}`);
    await writeFile(wordlist, [...wrong.slice(0, 25), entry.password, ...wrong.slice(25)].join('\n') + '\n');
    const { stdout } = await run(
      'hydra',
      ['-l', entry.username, '-P', wordlist, '-t', '4', '-V', '-I', `ssh://127.0.0.1:${sshPort}`],
      { timeout: 180_000 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    expect(stdout).toContain(`login: ${entry.username}   password: ${entry.password}`);
    const attempts = stdout.split('\n').filter((line) => line.startsWith('[ATTEMPT]')).length;
    expect(attempts).toBeGreaterThan(1);
    const after = await eventually(
      'the attempts at the hub',
      async () => {
        const stats = await api.get<{ authAttempts: number }>('/api/v1/decoy/worlds/e2e/stats');
        return stats.authAttempts - before.authAttempts >= attempts ? stats : undefined;
      },
      120_000,
    );
    expect(after.authAttempts - before.authAttempts).toBeGreaterThanOrEqual(attempts);
    const found = (await sessions()).filter((s) => s.authSuccess && s.username === entry.username);
    expect(found.length).toBeGreaterThan(0);
  }, 300_000);
});
