import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Host } from '../../world/schema.js';
import type { EventDraft, SessionOrigin, WorldRuntime } from '../contracts.js';

/** Pieces the mail and web transports share: who is connected, the session origin stamped on every event. */

type Kindless<T> = T extends unknown ? Omit<T, 'host' | 'session' | 'protocol' | 'src' | 'dst'> : never;
/** An event without the origin fields, which {@link emitFor} fills in. */
export type OriginlessEvent = Kindless<EventDraft>;

export function newSessionId(): string {
  return randomBytes(6).toString('hex');
}

export function originOf(socket: Socket, host: Host, protocol: SessionOrigin['protocol']): SessionOrigin {
  const ip = (socket.remoteAddress ?? '0.0.0.0').replace(/^::ffff:/, '');
  const local = (socket.localAddress ?? '').replace(/^::ffff:/, '');
  return {
    session: newSessionId(),
    host,
    protocol,
    src: { ip: ip === '' ? '0.0.0.0' : ip, port: socket.remotePort ?? 0 },
    dst: { ...(local !== '' ? { ip: local } : {}), port: socket.localPort ?? 0 },
  };
}

/** Emits an event of one session; attacker-supplied strings are cut to the schema's bounds first. */
export function emitFor(runtime: WorldRuntime, origin: SessionOrigin) {
  return (event: OriginlessEvent): void => {
    runtime.events.emit({
      ...event,
      host: origin.host.hostname,
      session: origin.session,
      protocol: origin.protocol,
      src: origin.src,
      dst: origin.dst,
    });
  };
}

/** Cuts a string to at most `max` characters (event fields are bounded). */
export const cut = (value: string, max = 1_000): string => (value.length > max ? value.slice(0, max) : value);
