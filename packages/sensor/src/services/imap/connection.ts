import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Host } from '../../world/schema.js';
import type { DecoyLimits, EventDraft, SessionOrigin, WorldRuntime } from '../contracts.js';

/**
 * Pieces the mail and web transports share: who is connected (the session origin stamped on every event) and a
 * small per-source guard. The guard stands in for the shared `limits.ts` SourceGuard until that is committed.
 */

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

/** Concurrent connections per source and in total, and new connections per source per minute. */
export class SourceGuard {
  private readonly open = new Map<string, number>();
  private readonly recent = new Map<string, { minute: number; count: number }>();
  private total = 0;

  constructor(
    private readonly limits: DecoyLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits a connection (then call the returned release once) or refuses it. */
  admit(ip: string): (() => void) | undefined {
    const minute = Math.floor(this.now() / 60_000);
    const rate = this.recent.get(ip);
    const count = rate && rate.minute === minute ? rate.count + 1 : 1;
    if (this.recent.size > 50_000) this.recent.clear();
    this.recent.set(ip, { minute, count });
    const open = this.open.get(ip) ?? 0;
    if (
      count > this.limits.maxConnectionsPerSourcePerMinute ||
      open >= this.limits.maxSessionsPerSource ||
      this.total >= this.limits.maxConnections
    )
      return undefined;
    this.open.set(ip, open + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.open.get(ip) ?? 1) - 1;
      if (left <= 0) this.open.delete(ip);
      else this.open.set(ip, left);
    };
  }
}
