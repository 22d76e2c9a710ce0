import type { DecoyEventInput, DecoyProtocol } from '@cynex/core';
import type { Host, World } from '../world/schema.js';

/**
 * The seams between the parts of a running world: the transports (SSH, Telnet, HTTP, IMAP, SMTP), the emulated
 * shells, the recorder and the shipper. A transport knows its protocol; a shell knows a host's commands and files;
 * the runtime stamps each event with its id, time, sensor and world, writes it to the spool and ships it.
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a service writes it: the runtime adds schemaVersion, id, time, sensorId and world. */
export type EventDraft = DistributiveOmit<DecoyEventInput, 'schemaVersion' | 'id' | 'time' | 'sensorId' | 'world'>;

/** Where events go. `emit` never throws and never blocks: the runtime queues and spools. */
export interface EventSink {
  emit(event: EventDraft): void;
  /**
   * Resolves once everything emitted so far is on disk. A service awaits it before it tells the client a command
   * is done (the exit status), so what an attacker saw happen survives the sensor being killed the next moment.
   */
  durable(): Promise<void>;
}

/** Captured files (uploads, mail sent, fetched downloads), stored content-addressed and never executed. */
export interface CaptureStore {
  /** Stores the bytes (deduplicated by SHA-256) and says where. */
  put(bytes: Buffer): Promise<{ sha256: string; size: number; storedAs: string }>;
}

/** A terminal session's recording: asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/). */
export interface SessionRecorder {
  /** Output to the attacker ('o') or input from them ('i'). */
  record(stream: 'o' | 'i', data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

/** Per-session and per-source limits; every transport and shell enforces the ones that apply to it. */
export interface DecoyLimits {
  /** Largest single file written, uploaded or captured, in bytes. */
  maxFileBytes: number;
  /** Total bytes uploaded in one session. */
  maxUploadBytesPerSession: number;
  /** Session length in seconds, then it is closed. */
  maxSessionSeconds: number;
  /** Output to the attacker, bytes per second (beyond it output is delayed, then cut). */
  maxOutputBytesPerSecond: number;
  /** Concurrent sessions from one source address. */
  maxSessionsPerSource: number;
  /** New connections per source address per minute. */
  maxConnectionsPerSourcePerMinute: number;
  /** Concurrent connections to one service. */
  maxConnections: number;
  /** Idle time before an unauthenticated connection is dropped, in seconds. */
  authTimeoutSeconds: number;
}

export const DEFAULT_DECOY_LIMITS: DecoyLimits = {
  maxFileBytes: 8 * 1024 * 1024,
  maxUploadBytesPerSession: 32 * 1024 * 1024,
  maxSessionSeconds: 3_600,
  maxOutputBytesPerSecond: 256 * 1024,
  maxSessionsPerSource: 20,
  maxConnectionsPerSourcePerMinute: 600,
  maxConnections: 10_000,
  authTimeoutSeconds: 60,
};

/** The world as the services of one running world see it. */
export interface WorldRuntime {
  /** Registry id of the world (a slug, e.g. `demo` or `shirasagi-7`): the `world` field of every event. */
  worldId: string;
  world: World;
  /** Private host keys by hostname (OpenSSH format), for the SSH transport. */
  hostKeys: ReadonlyMap<string, readonly string[]>;
  events: EventSink;
  captures: CaptureStore;
  limits: DecoyLimits;
  /** The operator allowed fetching URLs for this world (default false: wget/curl record the URL and fail). */
  fetchEnabled: boolean;
  /** Opens a recorder for a terminal session (the runtime stores and ships it). */
  recorder(session: string, host: string, cols: number, rows: number): SessionRecorder;
  /** Wall clock; tests inject one. */
  now(): Date;
}

/** Who is on the other end and where they came in: copied into every event of a session. */
export interface SessionOrigin {
  session: string;
  host: Host;
  protocol: DecoyProtocol;
  src: { ip: string; port: number };
  dst: { ip?: string; port: number };
}

/** A running listener. */
export interface ServiceHandle {
  /** What it listens on (port 0 resolved to the real port). */
  address: { host: string; port: number };
  /** Stops accepting, closes open sessions (each gets its disconnect event) and resolves when all are gone. */
  close(): Promise<void>;
}
