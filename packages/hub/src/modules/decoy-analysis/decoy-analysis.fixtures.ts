/** Test set-up for the decoy analysis: worlds, sessions of events, uploads through the decoy ingest. */
import { DECOY_EVENT_SCHEMA_VERSION, decoyEventSchema, type DecoyEvent, type DecoyEventInput } from '@cynex/core';
import type { Scope, Tlp } from '@cynex/core';
import type { TestHub } from '../../../test/harness.js';
import { decoyWorlds } from '../decoy/decoy.table.js';

export const SENSOR = 'vm1';

export async function createWorld(
  hub: TestHub,
  options: { id: string; ownerOrgId: string; scope?: Scope; marking?: Tlp; lentToOrgId?: string; sensorId?: string },
): Promise<void> {
  await hub.database.db.insert(decoyWorlds).values({
    id: options.id,
    nameEn: 'Shirasagi Town Office',
    nameJa: '白鷺町役場',
    domain: 'shirasagi.example',
    kind: 'generated',
    environmentCode: options.id
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 12),
    sensorId: options.sensorId ?? SENSOR,
    definition: 'name: test',
    ownerOrgId: options.ownerOrgId,
    lentToOrgId: options.lentToOrgId ?? null,
    scope: options.scope ?? 'organisation',
    marking: options.marking ?? 'AMBER',
  });
}

type Envelope =
  'schemaVersion' | 'id' | 'time' | 'sensorId' | 'world' | 'host' | 'session' | 'protocol' | 'src' | 'dst';
type KindInput = DecoyEventInput extends infer E ? (E extends unknown ? Omit<E, Envelope> : never) : never;

/**
 * One SSH session: connect, a successful login, the commands, disconnect; a second apart from `start`.
 * @example sessionEvents({ world: 'w', session: 'a1', ip: '203.0.113.7', start: new Date(), commands: ['id'] })
 */
export function sessionEvents(options: {
  world: string;
  session: string;
  ip: string;
  start: Date;
  commands?: string[];
  username?: string;
  password?: string;
  planted?: boolean;
  extra?: KindInput[];
}): DecoyEvent[] {
  const bodies: KindInput[] = [
    { kind: 'connect' },
    {
      kind: 'auth',
      username: options.username ?? 'root',
      password: options.password ?? 'admin',
      success: true,
      ...(options.planted && { planted: true }),
    },
    ...(options.commands ?? []).map((input): KindInput => ({ kind: 'command', input })),
    ...(options.extra ?? []),
    { kind: 'disconnect' },
  ];
  return bodies.map((body, n) =>
    decoyEventSchema.parse({
      schemaVersion: DECOY_EVENT_SCHEMA_VERSION,
      id: `${options.session}:${n}`,
      time: new Date(options.start.getTime() + n * 1000).toISOString(),
      sensorId: SENSOR,
      world: options.world,
      host: 'srv01',
      session: options.session,
      protocol: 'ssh',
      src: { ip: options.ip, port: 40_000 + n },
      dst: { ip: '10.0.0.5', port: 22 },
      ...body,
    }),
  );
}

export const hoursLater = (date: Date, hours: number): Date => new Date(date.getTime() + hours * 3_600_000);
