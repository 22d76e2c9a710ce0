import { HubDouble } from '../../test/hub-double.js';
import { testWorld } from '../../test/worlds.js';
import { attachHostKeys } from '../world/host-keys.js';
import { writeWorld } from '../world/writer.js';
import { runSensor } from './sensor.js';
import { assignment, CREDENTIAL, freePort, SENSOR_ID, tempDir } from './test-support.js';

/**
 * How long a reset takes for a world on the real SSH, HTTP, IMAP and SMTP transports (stop every listener, load
 * the definition again, start them): `node --import tsx packages/sensor/src/runtime/bench-reset.ts [EMPLOYEES]`.
 */
const employees = Number(process.argv[2] ?? 40);
const hub = new HubDouble(SENSOR_ID, CREDENTIAL);
await hub.up();
const data = await tempDir('cynex-bench-');
const world = testWorld({ employees, hosts: 12 });
const pairs = await attachHostKeys(world);
const keys: Record<string, string[]> = {};
for (const pair of pairs) (keys[pair.hostname] ??= []).push(pair.privateKey);
const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
const at = (port: number) => ({ host: '127.0.0.1', port });
const definition = writeWorld(world);
const base = {
  ...assignment('bench', 1),
  definition,
  hostKeys: keys,
  bindings: { ssh: at(ports[0]), http: at(ports[1]), imap: at(ports[2]), smtp: at(ports[3]) },
};
hub.assign(base);
const sensor = await runSensor({
  hubUrl: hub.url,
  sensorId: SENSOR_ID,
  credential: CREDENTIAL,
  dataDir: data.dir,
  pollSeconds: 3_600,
  log: () => {},
});
console.log(`world of ${employees} employees, 12 hosts, ${Math.round(definition.length / 1024)} KiB of YAML`);
for (let generation = 1; generation <= 5; generation++) {
  hub.assign({ ...base, resetGeneration: generation });
  await sensor.poll();
  const w = sensor.status().worlds[0]!;
  console.log(`reset ${generation}: ${w.lastRestartMs} ms, ${w.state}, ${w.listening.length} listeners`);
}
await sensor.stop();
await hub.down();
await data.remove();
