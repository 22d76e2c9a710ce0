import { join } from 'node:path';
import type { DecoyBindings, DecoyServiceName } from '@cynex/core';
import { accountPassword, employeeOf, type World } from '@cynex/sensor';
import type { Services } from '../../services.js';
import { SYSTEM_ACTOR } from '../cases/cases-automatic.service.js';
import { parseDefinition } from '../decoy/world-definition.js';

/**
 * The built-in demo world of `npm start` (issue 7, item 7): a generated organisation bound to loopback only, run by
 * an in-process sensor that talks to this hub over HTTP with its own decoy credential, exactly as a remote
 * `cynex sensor` would. A newcomer can attack it at once (the README names its planted credentials) and watch it
 * in the console. Its seed is fixed so that the README can name them: it is a demo, fingerprintable by design,
 * and must never be bound to a public address (the worlds service refuses that without `allowPublic`).
 */

export const DEMO_WORLD_ID = 'demo';
export const DEMO_SENSOR_ID = 'local';
const DEMO_SENSOR_NAME = 'built-in demo sensor (npm start)';
export const DEMO_SEED = 20_261_205;

export const DEFAULT_DEMO_PORTS: Record<DecoyServiceName, number> = {
  ssh: 2222,
  telnet: 2323,
  http: 8081,
  imap: 1143,
  smtp: 2525,
};

export interface DecoyDemoOptions {
  /** Where the hub answers, for the sensor (loopback: `http://127.0.0.1:8080`). */
  hubUrl: string;
  dataDir: string;
  host?: string;
  ports?: Partial<Record<DecoyServiceName, number>>;
  log?: (line: string) => void;
}

export interface DecoyDemo {
  world: World;
  bindings: DecoyBindings;
  /** The demo's way in, for the startup message: the accounts whose passwords the chain starts from. */
  entry: { service: 'ssh'; host: string; port: number; username: string; password: string } | undefined;
  stop(): Promise<void>;
}

/** Parses `ssh=2222,telnet=2323` (the `--decoy-ports` option); throws naming what is wrong. */
export function parseDemoPorts(text: string): Partial<Record<DecoyServiceName, number>> {
  const ports: Partial<Record<DecoyServiceName, number>> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    if (!name || !(name in DEFAULT_DEMO_PORTS)) {
      throw new Error(`unknown decoy service "${name}": expected ${Object.keys(DEFAULT_DEMO_PORTS).join(', ')}`);
    }
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name}: not a port number: ${value}`);
    ports[name as DecoyServiceName] = port;
  }
  return ports;
}

function demoBindings(options: DecoyDemoOptions): DecoyBindings {
  const host = options.host ?? '127.0.0.1';
  const ports = { ...DEFAULT_DEMO_PORTS, ...options.ports };
  return Object.fromEntries(Object.entries(ports).map(([service, port]) => [service, { host, port }]));
}

/** The way in: an employee account on the SSH entry host, one with a weak password when there is one. */
function entryOf(world: World, bindings: DecoyBindings): DecoyDemo['entry'] {
  const ssh = bindings.ssh;
  const entry = world.hosts.find((h) => h.os.family === 'linux' && h.services.some((s) => s.name === 'ssh'));
  if (!ssh || !entry) return undefined;
  const candidates = entry.accounts.filter((a) => a.username !== 'root');
  const weak = candidates.find((a) => employeeOf(world, a)?.passwordKind === 'weak') ?? candidates[0];
  const password = weak && accountPassword(world, weak);
  return weak && password
    ? { service: 'ssh', host: ssh.host, port: ssh.port, username: weak.username, password }
    : undefined;
}

/**
 * Makes sure the demo world exists (created once, then kept with its sessions), bound as asked and running, gives
 * the in-process sensor a fresh decoy credential (revoking the one of the previous start) and starts it.
 */
export async function startDecoyDemo(services: Services, options: DecoyDemoOptions): Promise<DecoyDemo> {
  const { worlds } = services.decoy;
  const bindings = demoBindings(options);
  const org = await services.orgs.ensure({
    slug: 'decoy-operations',
    nameEn: 'Decoy operations',
    nameJa: 'デコイ運用',
    sector: 'government',
    programmes: [],
  });
  const existing = await worlds.get(SYSTEM_ACTOR, DEMO_WORLD_ID).catch(() => undefined);
  if (!existing) {
    await worlds.create(SYSTEM_ACTOR, {
      id: DEMO_WORLD_ID,
      sensorId: DEMO_SENSOR_ID,
      generate: { sector: 'manufacturing', lang: 'ja', employees: 24, hosts: 8, seed: DEMO_SEED },
      bindings,
      allowPublic: false,
      fetchEnabled: false,
      tlp: 'AMBER',
      scope: 'organisation',
      ownerOrgId: org.id,
    });
  } else if (JSON.stringify(existing.bindings) !== JSON.stringify(bindings)) {
    await worlds.update(SYSTEM_ACTOR, DEMO_WORLD_ID, { bindings, allowPublic: false });
  }
  await worlds.setDesired(SYSTEM_ACTOR, DEMO_WORLD_ID, 'running');
  const detail = await worlds.get(SYSTEM_ACTOR, DEMO_WORLD_ID);
  const world = parseDefinition((detail as { definition: string }).definition);

  for (const old of await services.sensorCredentials.list(SYSTEM_ACTOR)) {
    if (old.sensorId === DEMO_SENSOR_ID && old.name === DEMO_SENSOR_NAME && !old.revokedAt) {
      await services.sensorCredentials.revoke(SYSTEM_ACTOR, old.id);
    }
  }
  const { secret } = await services.sensorCredentials.register(SYSTEM_ACTOR, {
    sensorId: DEMO_SENSOR_ID,
    name: DEMO_SENSOR_NAME,
    purposes: ['decoy'],
  });
  const { runSensor } = await import('@cynex/sensor');
  const sensor = await runSensor({
    hubUrl: options.hubUrl,
    sensorId: DEMO_SENSOR_ID,
    credential: secret,
    dataDir: join(options.dataDir, 'decoy-sensor'),
    pollSeconds: 2,
    ...(options.log ? { log: options.log } : {}),
  });
  return { world, bindings, entry: entryOf(world, bindings), stop: () => sensor.stop() };
}
