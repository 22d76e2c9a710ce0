import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

const run = promisify(execFile);
const cynex = fileURLToPath(new URL('../../../../cli/bin/cynex.js', import.meta.url));
const capture = fileURLToPath(new URL('../../../demo/pcap/synscan.pcapng', import.meta.url));
/** The CLI as a user runs it, without the caller's hub or database settings. */
const env = (extra: Record<string, string> = {}) => {
  const {
    DATABASE_URL: _db,
    DATABASE_OWNER_URL: _owner,
    CYNEX_HUB_TOKEN: _t,
    CYNEX_SENSOR_CREDENTIAL: _c,
    ...rest
  } = process.env;
  return { ...rest, ...extra };
};

describe('cynex sensors and telescope ingest --credential', () => {
  let hub: TestHub;
  let base: string;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    await hub.user('root@cli-sensor.example', { platformAdmin: true });
  });
  afterAll(async () => hub?.dispose());

  const ingest = (sensor: string, extra: string[], environment = env()) =>
    run(
      process.execPath,
      [
        cynex,
        'telescope',
        'ingest',
        '--prefix',
        '0.0.0.0/0',
        '--sensor',
        sensor,
        '--no-geo',
        '--hub',
        base,
        ...extra,
        capture,
      ],
      { timeout: 60_000, env: environment },
    );

  it('uploads a capture with the sensor credential, from the flag or the environment, for its own sensor only', async () => {
    const headers = await hub.signIn('root@cli-sensor.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sensors/credentials',
      headers,
      payload: { sensorId: 'cli-1', name: 'CLI test', purposes: ['telescope'] },
    });
    const { secret } = created.json<{ secret: string }>();

    const byFlag = await ingest('cli-1', ['--credential', secret]);
    expect(byFlag.stderr).not.toContain('deprecated');
    const byEnv = await ingest('cli-1', [], env({ CYNEX_SENSOR_CREDENTIAL: secret }));
    expect(byEnv.stderr).not.toContain('deprecated');
    const summary = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/telescope/summary?from=2000-01-01T00:00:00Z',
      headers,
    });
    expect(summary.json().sensors.map((s: { sensorId: string }) => s.sensorId)).toContain('cli-1');

    const refused = await ingest('cli-2', ['--credential', secret]).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('uploads for sensor cli-1 only, not for cli-2');
  });

  it('registers, lists and revokes credentials on the database', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-sensors-cli-'));
    try {
      const cli = (...args: string[]) =>
        run(process.execPath, [cynex, 'sensors', ...args, '--data-dir', dataDir], { env: env(), timeout: 60_000 });
      const registered = await cli('register', '--sensor', 'osaka-2', '--name', 'Osaka rack', '--purpose', 'both');
      const secret = /cnxs_[A-Za-z0-9_-]{43}/.exec(registered.stdout)?.[0];
      expect(secret, registered.stdout).toBeDefined();
      expect((await cli('list')).stdout).toMatch(/osaka-2 {2}decoy\+telescope {2}active {2}never used {2}Osaka rack/);
      expect((await cli('revoke', 'osaka-2')).stdout).toContain('of sensor osaka-2 revoked');
      expect((await cli('list')).stdout).toMatch(/osaka-2 {2}decoy\+telescope {2}revoked /);
      const wrong = await cli('register', '--sensor', 'x', '--name', 'x', '--purpose', 'all').catch((e: unknown) => e);
      expect((wrong as { stderr: string }).stderr).toContain('--purpose must be telescope, decoy or both');
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
