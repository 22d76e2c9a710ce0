import { runSensor } from './sensor.js';
import { lineServiceStarter } from './testing.js';

/**
 * A sensor in a child process for the kill -9 test: `node --import tsx testing-child.ts HUB_URL SENSOR_ID DATA_DIR`,
 * credential in CYNEX_SENSOR_CREDENTIAL; prints "ready" once its worlds run.
 */
const [hubUrl, sensorId, dataDir] = process.argv.slice(2);
const sensor = await runSensor({
  hubUrl: hubUrl!,
  sensorId: sensorId!,
  credential: process.env.CYNEX_SENSOR_CREDENTIAL ?? '',
  dataDir: dataDir!,
  backoffMs: 20,
  starters: { telnet: lineServiceStarter },
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`ready ${sensor.status().worlds.length}\n`);
