import type { CowrieRecord } from './cowrie.js';
import type { DecoyEvent } from './events.js';

/**
 * Kinds Cowrie has no eventid for are written as `cynex.<kind>` with our field names, so Cowrie tooling skips
 * them as unknown and `fromCowrie` reads them back.
 */
export const CYNEX_COWRIE_KINDS = ['file', 'mail', 'http'] as const;

const ENVELOPE_KEYS = new Set([
  'schemaVersion',
  'id',
  'time',
  'sensorId',
  'world',
  'host',
  'session',
  'protocol',
  'src',
  'dst',
  'kind',
]);

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function ownFields(event: DecoyEvent): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([key]) => !ENVELOPE_KEYS.has(key)));
}

function kindRecord(event: DecoyEvent): Record<string, unknown> {
  switch (event.kind) {
    case 'connect':
      return {
        eventid: 'cowrie.session.connect',
        src_port: event.src.port,
        dst_ip: event.dst.ip,
        dst_port: event.dst.port,
        protocol: event.protocol,
        message: `New connection: ${event.src.ip}:${event.src.port} (${event.dst.ip ?? ''}:${event.dst.port}) [session: ${event.session}]`,
      };
    case 'client_version':
      return {
        eventid: 'cowrie.client.version',
        version: event.version,
        message: `Remote SSH version: ${event.version}`,
      };
    case 'client_kex': {
      const { hassh, hasshAlgorithms, kexAlgs, keyAlgs, encCS, macCS, compCS, langCS } = event;
      return {
        eventid: 'cowrie.client.kex',
        ...{ hassh, hasshAlgorithms, kexAlgs, keyAlgs, encCS, macCS, compCS, langCS },
        message: `SSH client hassh fingerprint: ${hassh}`,
      };
    }
    case 'auth':
      if (event.method === 'publickey') {
        return {
          eventid: 'cowrie.client.fingerprint',
          username: event.username,
          fingerprint: event.fingerprint,
          planted: event.planted,
        };
      }
      return {
        eventid: event.success ? 'cowrie.login.success' : 'cowrie.login.failed',
        username: event.username,
        password: event.password,
        planted: event.planted,
        message: `login attempt [${event.username}/${event.password ?? ''}] ${event.success ? 'succeeded' : 'failed'}`,
      };
    case 'command':
      return {
        eventid: event.failed ? 'cowrie.command.failed' : 'cowrie.command.input',
        input: event.input,
        output_size: event.outputSize,
        message: event.failed ? `Command not found: ${event.input}` : `CMD: ${event.input}`,
      };
    case 'download':
      return {
        eventid: event.failed ? 'cowrie.session.file_download.failed' : 'cowrie.session.file_download',
        url: event.url,
        destfile: event.path,
        shasum: event.sha256,
        size: event.size,
        outfile: event.storedAs,
        message: `Downloaded URL (${event.url}) with SHA-256 ${event.sha256 ?? ''} to ${event.storedAs ?? ''}`,
      };
    case 'file':
      if (event.action === 'uploaded') {
        return {
          eventid: 'cowrie.session.file_upload',
          filename: event.path,
          shasum: event.sha256,
          size: event.size,
          outfile: event.storedAs,
          message: `Saved uploaded file with SHA-256 ${event.sha256 ?? ''} to ${event.storedAs ?? ''}`,
        };
      }
      return { eventid: 'cynex.file', ...ownFields(event) };
    case 'mail':
    case 'http':
      return { eventid: `cynex.${event.kind}`, ...ownFields(event) };
    case 'pivot':
      return {
        eventid: 'cowrie.direct-tcpip.request',
        src_port: event.src.port,
        dst_ip: event.target.host,
        dst_port: event.target.port,
        outcome: event.outcome,
        message: `direct-tcp connection request to ${event.target.host}:${event.target.port}`,
      };
    case 'disconnect':
      return {
        eventid: 'cowrie.session.closed',
        duration: event.duration,
        message: `Connection lost after ${Math.round(event.duration ?? 0)} seconds`,
      };
    case 'other':
      return { ...event.fields, eventid: event.eventid };
  }
}

/**
 * Writes a decoy event as a Cowrie JSON log record (Cowrie's eventids and field names), for Cowrie tooling.
 * Envelope fields Cowrie lacks (world, host, our id) are left out; the sensor goes into `sensor`.
 * @example toCowrie(event).eventid // 'cowrie.command.input'
 */
export function toCowrie(event: DecoyEvent): CowrieRecord {
  return defined({
    timestamp: event.time,
    session: event.session,
    src_ip: event.src.ip,
    sensor: event.sensorId,
    ...kindRecord(event),
  }) as CowrieRecord;
}
