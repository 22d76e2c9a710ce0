import { performance } from 'node:perf_hooks';
import { HubDouble } from '../../test/hub-double.js';
import { runSensor } from './sensor.js';
import { assignment, CREDENTIAL, freePort, lineClient, SENSOR_ID, tempDir, until } from './test-support.js';
import { lineServiceStarter } from './testing.js';

/**
 * Events per second from a world's emit through the spool (fsync'd groups) to the hub double:
 * `node --import tsx packages/sensor/src/runtime/bench-throughput.ts [EVENTS]`.
 */
const total = Number(process.argv[2] ?? 100_000);
const hub = new HubDouble(SENSOR_ID, CREDENTIAL);
await hub.up();
const data = await tempDir('cynex-bench-');
const port = await freePort();
hub.assign(assignment('bench', port));
const sensor = await runSensor({
  hubUrl: hub.url,
  sensorId: SENSOR_ID,
  credential: CREDENTIAL,
  dataDir: data.dir,
  pollSeconds: 3_600,
  starters: { telnet: lineServiceStarter },
  log: () => {},
});
const client = await lineClient(port);
const rssBefore = process.memoryUsage().rss;
const began = performance.now();
for (let sent = 0; sent < total; sent += 1_000) await client.send('burst 1000');
const emitted = performance.now();
await until(() => sensor.status().spooled === 0 && hub.events.size >= total + 1, 'all at the hub', 600_000);
const shipped = performance.now();
const s = (ms: number) => (ms / 1000).toFixed(2);
console.log(
  `${total} events: emitted and spooled in ${s(emitted - began)} s; all at the hub after ${s(shipped - began)} s ` +
    `(${Math.round(total / ((shipped - began) / 1000))} events/s end to end); duplicates ${hub.duplicates}; ` +
    `RSS +${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)} MiB`,
);

// Reset: the world restarted from its definition (sessions dropped), measured by the supervisor.
for (let generation = 1; generation <= 3; generation++) {
  hub.assign(assignment('bench', port, { resetGeneration: generation }));
  await sensor.poll();
  console.log(`reset ${generation}: ${sensor.status().worlds[0]!.lastRestartMs} ms`);
}
await client.close().catch(() => undefined);
await sensor.stop();
await hub.down();
await data.remove();
