import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubDouble } from '../../test/hub-double.js';
import { runSensor } from './sensor.js';
import { assignment, CREDENTIAL, freePort, lineClient, SENSOR_ID, tempDir, until } from './test-support.js';
import { lineServiceStarter } from './testing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Ids of the events in every complete spool line on disk: what the sensor had accepted and not yet had acknowledged. */
async function spooledIds(dataDir: string): Promise<{ ids: string[]; torn: number }> {
  const dir = join(dataDir, 'spool');
  const ids: string[] = [];
  let torn = 0;
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.jsonl'))) {
    const text = await readFile(join(dir, name), 'utf8');
    const lines = text.split('\n');
    if (lines.at(-1) !== '') torn++;
    for (const line of lines.slice(0, -1)) {
      const record = JSON.parse(line) as { k: string; e?: { id: string } };
      if (record.k === 'e') ids.push(record.e!.id);
    }
  }
  return { ids, torn };
}

describe('sensor killed with SIGKILL', () => {
  it('delivers every event it had accepted exactly once after a restart', async () => {
    const hub = new HubDouble(SENSOR_ID, CREDENTIAL);
    await hub.up();
    cleanups.push(() => hub.down());
    const data = await tempDir('cynex-kill-');
    cleanups.push(data.remove);
    const port = await freePort();
    hub.assign(assignment('acme', port));

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('testing-child.ts', import.meta.url)), hub.url, SENSOR_ID, data.dir],
      { env: { ...process.env, CYNEX_SENSOR_CREDENTIAL: CREDENTIAL }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    cleanups.push(async () => void child.kill('SIGKILL'));
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await until(() => stdout.includes('ready'), 'the child sensor', 20_000);

    // A steady stream of bursts; the kill lands while events are being spooled and shipped.
    const client = await lineClient(port);
    let sending = true;
    const bursts = (async () => {
      while (sending) await client.send('burst 400').catch(() => (sending = false));
    })();
    await until(() => hub.events.size > 3_000, 'some events at the hub', 20_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    sending = false;
    await bursts;

    const atHub = new Set(hub.events.keys());
    const onDisk = await spooledIds(data.dir);
    const accepted = new Set([...atHub, ...onDisk.ids]);
    expect(onDisk.ids.length).toBeGreaterThan(0);

    const sensor = await runSensor({
      hubUrl: hub.url,
      sensorId: SENSOR_ID,
      credential: CREDENTIAL,
      dataDir: data.dir,
      pollSeconds: 3_600,
      starters: { telnet: lineServiceStarter },
      log: () => {},
    });
    cleanups.push(() => sensor.stop());
    await sensor.flush();

    const missing = [...accepted].filter((id) => !hub.events.has(id));
    expect(missing).toEqual([]);
    // Nothing but what was accepted, and each once (the double keys by id; re-sends were counted as duplicates).
    expect(hub.events.size).toBe(accepted.size);
    expect(sensor.status()).toMatchObject({ spooled: 0, corrupt: onDisk.torn });
    console.log(
      `kill -9: ${atHub.size} events at the hub before the kill, ${onDisk.ids.length} spooled on disk, ` +
        `${onDisk.torn} torn lines, ${hub.duplicates} re-sent duplicates ignored`,
    );
  });
});
