import { parseArgs } from 'node:util';
import { HubError } from './hub-client.js';
import { runSensor, type RunSensorOptions } from './sensor.js';

export const SENSOR_USAGE = `Usage:
  cynex sensor --hub URL --sensor-id ID [--credential TOKEN] [--data-dir DIR] [--cowrie-log FILE] [--poll-seconds N]
      runs the decoy worlds the hub assigns to this sensor and ships what happens in them
      --credential  the sensor credential (cnxs_…) a platform admin registered for ID; better given in the
                    environment as CYNEX_SENSOR_CREDENTIAL (a command line is visible to every user in ps)
      --data-dir    spool, captured files and the last assignments (default ./sensor-data; keep it private)
      --cowrie-log  also write every event to FILE as Cowrie JSON lines, for Cowrie tooling
      --poll-seconds  how often to ask the hub for assignments and report status (default 10)`;

export interface SensorCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface SensorCommandDeps {
  /** The environment, read once here (CYNEX_SENSOR_CREDENTIAL). */
  env: Readonly<Record<string, string | undefined>>;
  io?: SensorCommandIo;
  /** Resolves when the sensor should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
  /** For tests; the default is the sensor's real transports. */
  starters?: RunSensorOptions['starters'];
}

const SLUG = /^[\w.:@-]{1,128}$/;

/** `cynex sensor …`: runs until stopped; returns the exit code (0 stopped, 1 failed, 2 bad arguments). */
export async function sensorCommand(args: string[], deps: SensorCommandDeps): Promise<number> {
  const io = deps.io ?? { out: (l) => console.log(l), err: (l) => console.error(l) };
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        hub: { type: 'string' },
        'sensor-id': { type: 'string' },
        credential: { type: 'string' },
        'data-dir': { type: 'string', default: 'sensor-data' },
        'cowrie-log': { type: 'string' },
        'poll-seconds': { type: 'string', default: '10' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${SENSOR_USAGE}`);
    return 2;
  }
  const problems: string[] = [];
  const hubUrl = values.hub;
  if (!hubUrl || !/^https?:\/\/[^\s]+$/.test(hubUrl) || !URL.canParse(hubUrl))
    problems.push('--hub: expected the hub URL, e.g. https://hub.example.org');
  const sensorId = values['sensor-id'];
  if (!sensorId || !SLUG.test(sensorId)) problems.push('--sensor-id: expected the sensor id the hub knows');
  const credential = values.credential ?? deps.env.CYNEX_SENSOR_CREDENTIAL;
  if (!credential) problems.push('no credential: give --credential or set CYNEX_SENSOR_CREDENTIAL (a cnxs_… token)');
  const pollSeconds = Number(values['poll-seconds']);
  if (!Number.isFinite(pollSeconds) || pollSeconds < 1 || pollSeconds > 3_600)
    problems.push('--poll-seconds: expected a number from 1 to 3600');
  if (problems.length > 0 || !hubUrl || !sensorId || !credential) {
    for (const problem of problems) io.err(problem);
    io.err(SENSOR_USAGE);
    return 2;
  }

  const stamp = () => new Date().toISOString();
  let sensor;
  try {
    sensor = await runSensor({
      hubUrl,
      sensorId,
      credential,
      dataDir: values['data-dir'],
      pollSeconds,
      cowrieLog: values['cowrie-log'],
      starters: deps.starters,
      log: (line) => io.out(`${stamp()} ${line}`),
    });
  } catch (error) {
    io.err(`cynex sensor: ${error instanceof HubError ? error.message : (error as Error).message}`);
    return 1;
  }
  const { worlds, spooled } = sensor.status();
  const running = worlds.filter((w) => w.state === 'running').length;
  io.out(
    `${stamp()} sensor ${sensorId}: ${running} of ${worlds.length} worlds running, ${spooled} records spooled ` +
      `in ${values['data-dir']}; hub ${hubUrl}`,
  );
  await (deps.stopSignal ?? processSignal());
  io.out(`${stamp()} stopping: closing sessions and writing the spool`);
  await sensor.stop();
  const left = sensor.status().spooled;
  io.out(`${stamp()} stopped${left > 0 ? `; ${left} records stay spooled and are sent on the next start` : ''}`);
  return 0;
}

function processSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
