import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubDouble } from '../../test/hub-double.js';
import { runSensor, type RunningSensor, type RunSensorOptions } from './sensor.js';
import { assignment, CREDENTIAL, freePort, lineClient, SENSOR_ID, tempDir, until } from './test-support.js';
import { lineServiceStarter } from './testing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<RunSensorOptions> = {}) {
  const hub = new HubDouble(SENSOR_ID, CREDENTIAL);
  await hub.up();
  cleanups.push(() => hub.down());
  const data = await tempDir('cynex-sensor-');
  cleanups.push(data.remove);
  const log: string[] = [];
  const start = async () => {
    const sensor = await runSensor({
      hubUrl: hub.url,
      sensorId: SENSOR_ID,
      credential: CREDENTIAL,
      dataDir: data.dir,
      pollSeconds: 3_600,
      backoffMs: 20,
      starters: { telnet: lineServiceStarter },
      log: (line) => log.push(line),
      ...options,
    });
    cleanups.push(() => sensor.stop());
    return sensor;
  };
  return { hub, dataDir: data.dir, log, start };
}

const worldOf = (sensor: RunningSensor, worldId: string) => sensor.status().worlds.find((w) => w.worldId === worldId);

describe(runSensor.name, () => {
  it('runs an assigned world, reports it listening and ships its events, recording and captures', async () => {
    const { hub, dataDir, start } = await setup();
    const port = await freePort();
    hub.assign(assignment('acme', port));
    const sensor = await start();

    expect(worldOf(sensor, 'acme')).toMatchObject({ state: 'running', listening: [{ service: 'telnet', port }] });
    expect(hub.lastStatus?.worlds[0]).toMatchObject({ worldId: 'acme', state: 'running', sessions: 0 });

    const client = await lineClient(port);
    expect(await client.send('uname -a')).toBe('ok');
    const stored = await client.send('upload malware-bytes');
    await sensor.poll();
    expect(hub.lastStatus?.worlds[0]?.sessions).toBe(1);
    await client.close();
    await until(() => [...hub.events.values()].some((e) => e.kind === 'disconnect'), 'the disconnect at the hub');
    await sensor.flush();

    const kinds = [...hub.events.values()].map((e) => e.kind);
    expect(kinds).toEqual(['connect', 'command', 'file', 'disconnect']);
    const command = [...hub.events.values()].find((e) => e.kind === 'command');
    expect(command).toMatchObject({ sensorId: SENSOR_ID, world: 'acme', input: 'uname -a', schemaVersion: 1 });

    const sha256 = stored.replace('stored ', '');
    expect(hub.captures.get(sha256)?.toString()).toBe('malware-bytes');
    const file = join(dataDir, 'captures', sha256.slice(0, 2), sha256);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const chunks = [...hub.chunks.values()];
    expect(chunks[0]?.header).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(chunks.at(-1)?.final).toBe(true);
    expect(chunks.map((c) => c.lines).join('\n')).toContain('"i","uname -a\\r\\n"');
    expect(sensor.status().spooled).toBe(0);
    expect(hub.duplicates).toBe(0);
  });

  it('spools while the hub is down and catches up when it is back, with no loss and nothing stored twice', async () => {
    const { hub, start } = await setup();
    const port = await freePort();
    hub.assign(assignment('acme', port));
    const sensor = await start();
    await hub.down();

    const client = await lineClient(port);
    expect(await client.send('burst 2500')).toBe('burst 2500 done');
    await client.close();
    await until(() => sensor.status().spooled >= 2502, 'the burst in the spool');
    await expect(sensor.flush()).rejects.toThrow(/unreachable/);
    expect(hub.events.size).toBe(0);

    await hub.up();
    await until(() => sensor.status().spooled === 0, 'the spool drained by the shipper', 15_000);
    const commands = [...hub.events.values()].filter((e) => e.kind === 'command');
    expect(commands.map((e) => (e.kind === 'command' ? e.input : ''))).toEqual(
      Array.from({ length: 2500 }, (_, i) => `echo ${i}`),
    );
    expect(hub.events.size).toBe(2502);
    expect(new Set([...hub.events.values()].map((e) => e.id)).size).toBe(hub.events.size);
  });

  it('uploads a file captured while the hub was down after the sensor restarts', async () => {
    const { hub, start } = await setup();
    const port = await freePort();
    hub.assign(assignment('acme', port));
    const first = await start();
    await hub.down();
    const client = await lineClient(port);
    const sha256 = (await client.send('upload second-stage.sh')).replace('stored ', '');
    await client.close();
    await first.stop();
    expect(hub.captures.size).toBe(0);

    await hub.up();
    const second = await start();
    await second.flush();
    expect(hub.captures.get(sha256)?.toString()).toBe('second-stage.sh');
    const file = [...hub.events.values()].find((e) => e.kind === 'file');
    expect(file).toMatchObject({ action: 'uploaded', sha256, storedAs: `captures/${sha256.slice(0, 2)}/${sha256}` });
  });

  it('runs two worlds side by side on their own ports, and one that cannot bind its port fails alone', async () => {
    const { hub, start } = await setup();
    const [a, b] = [await freePort(), await freePort()];
    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const taken = (blocker.address() as { port: number }).port;
    hub.assign(assignment('north', a));
    hub.assign(assignment('south', b));
    hub.assign(assignment('west', taken));
    const sensor = await start();

    expect(worldOf(sensor, 'north')?.state).toBe('running');
    expect(worldOf(sensor, 'south')?.state).toBe('running');
    expect(worldOf(sensor, 'west')).toMatchObject({ state: 'failed', error: expect.stringMatching(/EADDRINUSE/) });
    expect(hub.lastStatus?.worlds.find((w) => w.worldId === 'west')?.error).toMatch(/telnet.*EADDRINUSE/);

    for (const port of [a, b]) {
      const client = await lineClient(port);
      await client.send(`whoami ${port}`);
      await client.close();
    }
    await until(() => [...hub.events.values()].filter((e) => e.kind === 'disconnect').length === 2, 'both sessions');
    const worlds = [...hub.events.values()].filter((e) => e.kind === 'command').map((e) => e.world);
    expect(worlds.sort()).toEqual(['north', 'south']);
  });

  it('starts a failed world once whatever held its port has gone', async () => {
    const { hub, start } = await setup({ retryFailedSeconds: 0 });
    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    hub.assign(assignment('acme', port));
    const sensor = await start();
    expect(worldOf(sensor, 'acme')?.state).toBe('failed');
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await sensor.poll();
    expect(worldOf(sensor, 'acme')).toMatchObject({ state: 'running', listening: [{ port }] });
    expect(worldOf(sensor, 'acme')?.error).toBeUndefined();
  });

  it('runs the services it has a transport for and names the ones it has not', async () => {
    const { hub, start } = await setup();
    const [telnet, imap] = [await freePort(), await freePort()];
    hub.assign({
      ...assignment('acme', telnet),
      bindings: { telnet: { host: '127.0.0.1', port: telnet }, imap: { host: '127.0.0.1', port: imap } },
    });
    const sensor = await start();
    expect(worldOf(sensor, 'acme')).toMatchObject({
      state: 'running',
      listening: [{ service: 'telnet', port: telnet }],
      error: 'this sensor cannot run imap; the other services run',
    });
  });

  it('stops, restarts on a new revision and resets on a new reset generation', async () => {
    const { hub, start, log } = await setup();
    const port = await freePort();
    hub.assign(assignment('acme', port));
    const sensor = await start();
    const client = await lineClient(port);
    await client.send('touch /tmp/x');

    hub.assign(assignment('acme', port, { resetGeneration: 1 }));
    await sensor.poll();
    expect(worldOf(sensor, 'acme')).toMatchObject({ state: 'running', resetGeneration: 1, sessions: 0 });
    expect(worldOf(sensor, 'acme')?.lastRestartMs).toBeGreaterThanOrEqual(0);
    expect(log.join('\n')).toMatch(/reset \(generation 1\): restarted in \d+ ms/);
    await until(() => [...hub.events.values()].some((e) => e.kind === 'disconnect'), 'the reset closing the session');

    const moved = await freePort();
    hub.assign(assignment('acme', moved, { revision: 2, resetGeneration: 1 }));
    await sensor.poll();
    expect(worldOf(sensor, 'acme')).toMatchObject({ state: 'running', revision: 2, listening: [{ port: moved }] });
    expect(await (await lineClient(moved)).send('id')).toBe('ok');

    hub.assign(assignment('acme', moved, { revision: 2, resetGeneration: 1, desired: 'stopped' }));
    await sensor.poll();
    expect(worldOf(sensor, 'acme')).toMatchObject({ state: 'stopped', listening: [] });
    await expect(lineClient(moved)).rejects.toThrow(/ECONNREFUSED/);
    expect(hub.lastStatus?.worlds[0]?.state).toBe('stopped');
  });

  it('refuses to start with a clear error when the hub refuses the credential, without printing it', async () => {
    const { start } = await setup({ credential: 'cnxs_revoked_secret' });
    const error = await start().then(
      () => new Error('started'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/401.*revoked/);
    expect(error.message).not.toContain('cnxs_revoked_secret');

    const other = await setup({ sensorId: 'sensor-b' });
    await expect(other.start()).rejects.toThrow(/"sensor-b" \(403\): it belongs to another sensor/);
  });

  it('skips the one event the hub refuses as invalid and delivers the rest of its batch', async () => {
    const { hub, start, log } = await setup();
    const port = await freePort();
    hub.assign(assignment('acme', port));
    hub.refuse = (e) => e.kind === 'command' && e.input === 'poison';
    const sensor = await start();
    const client = await lineClient(port);
    for (const line of ['ls', 'poison', 'pwd', 'id']) await client.send(line);
    await client.close();
    await until(() => sensor.status().spooled === 0 && hub.events.size > 0, 'the spool drained');
    const inputs = [...hub.events.values()].flatMap((e) => (e.kind === 'command' ? [e.input] : []));
    expect(inputs).toEqual(['ls', 'pwd', 'id']);
    expect(sensor.status().rejected).toBe(1);
    expect(log.join('\n')).toMatch(/the hub rejected event .*; skipped/);
  });

  it('writes accepted events as Cowrie JSON lines when asked', async () => {
    const { dir, remove } = await tempDir('cynex-cowrie-');
    cleanups.push(remove);
    const cowrieLog = join(dir, 'cowrie.json');
    const { hub, start } = await setup({ cowrieLog });
    const port = await freePort();
    hub.assign(assignment('acme', port));
    await start();
    const client = await lineClient(port);
    await client.send('cat /etc/passwd');
    await client.close();
    await until(async () => (await readFile(cowrieLog, 'utf8').catch(() => '')).includes('session.closed'), 'log');
    const records = (await readFile(cowrieLog, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => r.eventid)).toEqual([
      'cowrie.session.connect',
      'cowrie.command.input',
      'cowrie.session.closed',
    ]);
    expect(records[1]).toMatchObject({ input: 'cat /etc/passwd', src_ip: '127.0.0.1', sensor: SENSOR_ID });
  });
});
