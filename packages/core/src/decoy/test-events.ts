import { DECOY_EVENT_SCHEMA_VERSION, decoyEventSchema, type DecoyEvent, type DecoyEventInput } from './events.js';

type Envelope =
  'schemaVersion' | 'id' | 'time' | 'sensorId' | 'world' | 'host' | 'session' | 'protocol' | 'src' | 'dst';
type KindInput = DecoyEventInput extends infer E ? (E extends unknown ? Omit<E, Envelope> : never) : never;

/** Builds a valid event for tests: `n` makes the id and time distinct within a session. */
export function decoyEvent(fields: KindInput, n = 0, session = 's1'): DecoyEvent {
  return decoyEventSchema.parse({
    schemaVersion: DECOY_EVENT_SCHEMA_VERSION,
    id: `${session}:${n}`,
    time: new Date(Date.UTC(2026, 0, 5, 10, 0, n)).toISOString(),
    sensorId: 'sensor-1',
    world: 'acme',
    host: 'web01',
    session,
    protocol: 'ssh',
    src: { ip: '198.51.100.7', port: 40000 },
    dst: { ip: '10.0.0.5', port: 22 },
    ...fields,
  });
}

/** One command event per line, numbered in order. */
export const commands = (...lines: string[]): DecoyEvent[] =>
  lines.map((input, n) => decoyEvent({ kind: 'command', input }, n));
