import { afterEach, describe, expect, it } from 'vitest';
import { HubDouble } from '../../test/hub-double.js';
import { sensorCommand } from './sensor-command.js';
import { assignment, CREDENTIAL, freePort, SENSOR_ID, tempDir, until } from './test-support.js';
import { lineServiceStarter } from './testing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
}

async function hubAndDir() {
  const hub = new HubDouble(SENSOR_ID, CREDENTIAL);
  await hub.up();
  cleanups.push(() => hub.down());
  const data = await tempDir('cynex-cmd-');
  cleanups.push(data.remove);
  return { hub, dataDir: data.dir };
}

describe(sensorCommand.name, () => {
  it('refuses to start without a credential', async () => {
    const { out, err, io: streams } = io();
    const code = await sensorCommand(['--hub', 'http://127.0.0.1:1', '--sensor-id', 's1'], { env: {}, io: streams });
    expect(code).toBe(2);
    expect(err[0]).toMatch(/no credential: give --credential or set CYNEX_SENSOR_CREDENTIAL/);
    expect(out).toEqual([]);
  });

  it('says the credential is revoked (401) or belongs to another sensor (403), never printing it', async () => {
    const { hub, dataDir } = await hubAndDir();
    const revoked = io();
    const args = ['--hub', hub.url, '--sensor-id', SENSOR_ID, '--data-dir', dataDir];
    expect(await sensorCommand(args, { env: { CYNEX_SENSOR_CREDENTIAL: 'cnxs_old' }, io: revoked.io })).toBe(1);
    expect(revoked.err.join('\n')).toMatch(/401\): this credential is unknown or has been revoked/);

    const other = io();
    const otherArgs = ['--hub', hub.url, '--sensor-id', 'sensor-b', '--credential', CREDENTIAL, '--data-dir', dataDir];
    expect(await sensorCommand(otherArgs, { env: {}, io: other.io })).toBe(1);
    expect(other.err.join('\n')).toMatch(/"sensor-b" \(403\): it belongs to another sensor/);
    const printed = [...revoked.out, ...revoked.err, ...other.out, ...other.err].join('\n');
    expect(printed).not.toContain('cnxs_old');
    expect(printed).not.toContain(CREDENTIAL);
  });

  it('runs the assigned worlds until it is told to stop', async () => {
    const { hub, dataDir } = await hubAndDir();
    const port = await freePort();
    hub.assign(assignment('acme', port));
    const { out, io: streams } = io();
    let stop: () => void = () => {};
    const running = sensorCommand(['--hub', hub.url, '--sensor-id', SENSOR_ID, '--data-dir', dataDir], {
      env: { CYNEX_SENSOR_CREDENTIAL: CREDENTIAL },
      io: streams,
      starters: { telnet: lineServiceStarter },
      stopSignal: new Promise<void>((resolve) => (stop = resolve)),
    });
    await until(() => out.some((l) => l.includes('1 of 1 worlds running')), 'the start-up line');
    expect(hub.lastStatus?.worlds[0]).toMatchObject({ worldId: 'acme', state: 'running' });
    stop();
    expect(await running).toBe(0);
    expect(out.at(-1)).toMatch(/stopped$/);
    expect(out.join('\n')).not.toContain(CREDENTIAL);
  });
});
