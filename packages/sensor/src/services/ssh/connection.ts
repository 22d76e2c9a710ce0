import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { DecoyProtocol } from '@cynex/core';
import { findHost } from '../../world/accounts.js';
import type { Host, World } from '../../world/schema.js';
import type { EventDraft, SessionOrigin, WorldRuntime } from '../contracts.js';

/**
 * One TCP connection of a terminal transport (SSH or Telnet): its session id, origin and event stamping, and the
 * exactly-once `disconnect` at the end. Shared by both transports so their events look alike.
 */

type DraftBody = EventDraft extends infer E ? (E extends unknown ? Omit<E, keyof BaseFields> : never) : never;
type BaseFields = Pick<SessionOrigin, 'session' | 'protocol' | 'src' | 'dst'> & { host: string };

/** `::ffff:127.0.0.1` → `127.0.0.1`, so IPv4 sources look the same whatever the listening socket's family. */
export function plainIp(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** Short random session id (12 hex digits, like Cowrie's): unguessable, unique per TCP connection. */
export function newSessionId(): string {
  return randomBytes(6).toString('hex');
}

/** The world host that answers on a transport: the named one, else the first Linux host running that service. */
export function entryHostOf(world: World, service: string, hostname?: string): Host {
  if (hostname) {
    const host = findHost(world, hostname);
    if (!host) throw new Error(`entry host ${hostname} is not in the world`);
    return host;
  }
  const host =
    world.hosts.find((h) => h.os.family === 'linux' && h.services.some((s) => s.name === service)) ??
    world.hosts.find((h) => h.os.family === 'linux');
  if (!host) throw new Error(`the world has no Linux host for ${service}`);
  return host;
}

export class ConnectionRecord {
  readonly origin: SessionOrigin;
  private readonly started: number;
  private ended = false;

  constructor(
    readonly runtime: WorldRuntime,
    host: Host,
    protocol: DecoyProtocol,
    socket: Socket,
  ) {
    this.started = runtime.now().getTime();
    this.origin = {
      session: newSessionId(),
      host,
      protocol,
      src: { ip: plainIp(socket.remoteAddress), port: socket.remotePort ?? 0 },
      dst: { ip: plainIp(socket.localAddress), port: socket.localPort ?? 0 },
    };
  }

  get session(): string {
    return this.origin.session;
  }

  /** Stamps an event with this connection's origin and sends it to the runtime. */
  emit(body: DraftBody): void {
    const { origin } = this;
    this.runtime.events.emit({
      session: origin.session,
      host: origin.host.hostname,
      protocol: origin.protocol,
      src: origin.src,
      dst: origin.dst,
      ...body,
    });
  }

  /** The disconnect event with the session's length; only the first call counts. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const duration = Math.max(0, (this.runtime.now().getTime() - this.started) / 1000);
    this.emit({ kind: 'disconnect', duration });
  }

  get isEnded(): boolean {
    return this.ended;
  }
}

/** Keeps attacker-chosen strings within the event schema's bounds. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max);
}

/** A delay drawn uniformly from [min, max] ms, so failures never take a constant time. */
export function jitter(range: { min: number; max: number }): number {
  return range.min + Math.random() * Math.max(0, range.max - range.min);
}
