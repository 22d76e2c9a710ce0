import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HubDouble } from '../../test/hub-double.js';
import { testWorld } from '../../test/worlds.js';
import { attachHostKeys, nodeKeyMaker, type KeyMaker } from '../world/host-keys.js';
import { writeWorld } from '../world/writer.js';
import { runSensor } from './sensor.js';
import { assignment, CREDENTIAL, freePort, SENSOR_ID, tempDir, until } from './test-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Real keys, but one of each type shared by every host: RSA 3072 for eight hosts takes seconds. */
function oneKeyPerType(): KeyMaker {
  const made = new Map<string, ReturnType<KeyMaker>>();
  return (type) => {
    if (!made.has(type)) made.set(type, nodeKeyMaker(type));
    return made.get(type)!;
  };
}

/** The first line a TCP service greets with. */
async function greeting(port: number): Promise<string> {
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (d: string) => {
      text += d;
      if (text.includes('\n')) resolve(text.split(/\r?\n/)[0]!);
    });
    socket.once('error', reject);
  });
  socket.destroy();
  return line;
}

/** Waits for the Telnet login prompt (after the option negotiation), which the transport records as a connect. */
async function telnetLogin(port: number): Promise<void> {
  const socket = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (/login: $/.test(text)) resolve();
    });
    socket.once('error', reject);
  });
  socket.destroy();
}

describe('runSensor with the real transports', () => {
  it('runs a world over SSH, Telnet, HTTP, IMAP and SMTP and ships what clients do there', async () => {
    const hub = new HubDouble(SENSOR_ID, CREDENTIAL);
    await hub.up();
    cleanups.push(() => hub.down());
    const data = await tempDir('cynex-services-');
    cleanups.push(data.remove);
    const world = testWorld();
    const hostKeys = await attachHostKeys(world, oneKeyPerType());
    const keys: Record<string, string[]> = {};
    for (const pair of hostKeys) (keys[pair.hostname] ??= []).push(pair.privateKey);
    const ports: number[] = [];
    while (ports.length < 5) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const [ssh, telnet, http, imap, smtp] = ports;
    const at = (port: number) => ({ host: '127.0.0.1', port });
    hub.assign({
      ...assignment('acme', 1),
      definition: writeWorld(world),
      hostKeys: keys,
      bindings: { ssh: at(ssh!), telnet: at(telnet!), http: at(http!), imap: at(imap!), smtp: at(smtp!) },
    });

    const sensor = await runSensor({
      hubUrl: hub.url,
      sensorId: SENSOR_ID,
      credential: CREDENTIAL,
      dataDir: data.dir,
      pollSeconds: 3_600,
      log: () => {},
    });
    cleanups.push(() => sensor.stop());
    const status = sensor.status().worlds[0]!;
    expect(status.error).toBeUndefined();
    expect(status.state).toBe('running');
    expect(status.listening.map((l) => [l.service, l.port]).sort()).toEqual(
      [
        ['http', http],
        ['imap', imap],
        ['smtp', smtp],
        ['ssh', ssh],
        ['telnet', telnet],
      ].sort(),
    );

    expect(await greeting(ssh!)).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(await greeting(imap!)).toMatch(/^\* OK/);
    await telnetLogin(telnet!);
    expect(await greeting(smtp!)).toMatch(/^220 /);
    const page = await fetch(`http://127.0.0.1:${http!}/`);
    expect(page.status).toBeLessThan(500);
    await page.arrayBuffer();

    await until(
      () => [...hub.events.values()].some((e) => e.kind === 'http') && hub.events.size >= 4,
      'events from every transport at the hub',
    );
    const protocols = new Set([...hub.events.values()].map((e) => e.protocol));
    expect([...protocols].sort()).toEqual(['http', 'imap', 'smtp', 'ssh', 'telnet']);
    expect([...hub.events.values()].every((e) => e.world === 'acme' && e.sensorId === SENSOR_ID)).toBe(true);
  });
});
