import { z } from 'zod';
import {
  DECOY_EVENT_SCHEMA_VERSION,
  DECOY_LIMITS,
  decoyEventSchema,
  type DecoyEvent,
  type DecoyProtocol,
} from './events.js';
import { CYNEX_COWRIE_KINDS } from './cowrie-write.js';

/** A Cowrie JSON log record: `eventid`, `timestamp`, `session`, `src_ip`, `sensor`, then per-event fields. */
export type CowrieRecord = Record<string, unknown> & { eventid: string; timestamp: string; session: string };

/** Longest Cowrie line we read; Cowrie's own lines stay far below (a kex line is about 2 KB). */
export const COWRIE_MAX_LINE_LENGTH = 1_048_576;

/** A line that is not a Cowrie record we can read, with a stable code and what was wrong. */
export class CowrieParseError extends Error {
  constructor(
    readonly code: 'COWRIE_LINE_TOO_LONG' | 'COWRIE_NOT_JSON' | 'COWRIE_FIELD_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'CowrieParseError';
  }
}

/** What a connect line told us about a session, so later lines (which carry only `src_ip`) get ports too. */
export interface CowrieSessionEndpoints {
  protocol: DecoyProtocol;
  src: { ip: string; port: number };
  dst: { ip?: string; port: number };
}

export interface FromCowrieOptions {
  /** Decoy world name to stamp on the events; Cowrie has no such notion. Default `cowrie`. */
  world?: string;
  /** Host name; default Cowrie's `sensor`. */
  host?: string;
  /** Sessions seen so far; `fromCowrieLog` keeps one for the whole log. */
  sessions?: Map<string, CowrieSessionEndpoints>;
}

const SSH_ONLY = new Set(['cowrie.client.version', 'cowrie.client.kex']);
/** Fields every Cowrie line has, and the fields our common envelope takes over from a connect line. */
const ENVELOPE = new Set(['eventid', 'timestamp', 'session', 'src_ip', 'sensor', 'message']);

function fail(eventid: string, field: string, expected: string): never {
  throw new CowrieParseError('COWRIE_FIELD_INVALID', `${eventid}: "${field}" must be ${expected}`);
}

function str(record: Record<string, unknown>, field: string): string;
function str(record: Record<string, unknown>, field: string, optional: true): string | undefined;
function str(record: Record<string, unknown>, field: string, optional = false): string | undefined {
  const value = record[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') fail(String(record.eventid), field, 'a string');
  return value;
}

function num(record: Record<string, unknown>, field: string, optional = false): number | undefined {
  const value = record[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(String(record.eventid), field, 'a number');
  return value;
}

function strings(record: Record<string, unknown>, field: string): string[] | undefined {
  const value = record[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(String(record.eventid), field, 'a list of strings');
  }
  return value;
}

/** Cowrie writes the payload's path under `var/lib/cowrie/downloads/<sha256>`; we keep it as `storedAs`. */
function kindFields(record: CowrieRecord): Record<string, unknown> {
  const id = record.eventid;
  switch (id) {
    case 'cowrie.session.connect':
      return { kind: 'connect' };
    case 'cowrie.client.version':
      return { kind: 'client_version', version: str(record, 'version') };
    case 'cowrie.client.kex':
      return {
        kind: 'client_kex',
        hassh: str(record, 'hassh'),
        hasshAlgorithms: str(record, 'hasshAlgorithms', true),
        ...Object.fromEntries(
          ['kexAlgs', 'keyAlgs', 'encCS', 'macCS', 'compCS', 'langCS'].map((field) => [field, strings(record, field)]),
        ),
      };
    case 'cowrie.login.success':
    case 'cowrie.login.failed':
      return {
        kind: 'auth',
        method: 'password',
        username: str(record, 'username'),
        password: str(record, 'password', true),
        success: id === 'cowrie.login.success',
        ...(record.planted === true && { planted: true }),
      };
    case 'cowrie.client.fingerprint':
      return {
        kind: 'auth',
        method: 'publickey',
        username: str(record, 'username'),
        fingerprint: str(record, 'fingerprint'),
        success: false,
        ...(record.planted === true && { planted: true }),
      };
    case 'cowrie.command.input':
    case 'cowrie.command.failed':
      return {
        kind: 'command',
        input: str(record, 'input'),
        outputSize: num(record, 'output_size', true),
        ...(id === 'cowrie.command.failed' && { failed: true }),
      };
    case 'cowrie.session.file_download':
    case 'cowrie.session.file_download.failed':
      return {
        kind: 'download',
        url: str(record, 'url'),
        path: str(record, 'destfile', true),
        sha256: str(record, 'shasum', true),
        size: num(record, 'size', true),
        storedAs: str(record, 'outfile', true),
        ...(id === 'cowrie.session.file_download.failed' && { failed: true }),
      };
    case 'cowrie.session.file_upload':
      return {
        kind: 'file',
        action: 'uploaded',
        path: str(record, 'filename'),
        sha256: str(record, 'shasum', true),
        storedAs: str(record, 'outfile', true),
      };
    case 'cowrie.direct-tcpip.request':
      return {
        kind: 'pivot',
        target: { host: str(record, 'dst_ip'), port: num(record, 'dst_port') },
        outcome: record.outcome ?? 'attempted',
      };
    case 'cowrie.session.closed':
      return { kind: 'disconnect', duration: num(record, 'duration', true) };
    default: {
      const cynexKind = id.startsWith('cynex.') ? id.slice('cynex.'.length) : '';
      if ((CYNEX_COWRIE_KINDS as readonly string[]).includes(cynexKind)) {
        const own = Object.fromEntries(Object.entries(record).filter(([key]) => !ENVELOPE.has(key)));
        return { ...own, kind: cynexKind };
      }
      const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !ENVELOPE.has(key)));
      return { kind: 'other', eventid: id, fields };
    }
  }
}

/** Fields of a connect line that the envelope carries; not repeated in an `other` event's fields. */
const CONNECT_ONLY = ['src_port', 'dst_ip', 'dst_port', 'protocol'];

function asProtocol(value: unknown): DecoyProtocol {
  const parsed = z.enum(['ssh', 'telnet']).safeParse(value);
  return parsed.success ? parsed.data : 'other';
}

/**
 * Reads one Cowrie JSON log line as a decoy event. Unknown eventids become `kind: 'other'` with their fields kept.
 * Throws {@link CowrieParseError} naming what is wrong when the line is not a Cowrie record.
 * @example fromCowrie('{"eventid":"cowrie.command.input","input":"uname -a",...}').kind // 'command'
 */
export function fromCowrie(line: string, options: FromCowrieOptions = {}): DecoyEvent {
  if (line.length > COWRIE_MAX_LINE_LENGTH) {
    throw new CowrieParseError('COWRIE_LINE_TOO_LONG', `line longer than ${COWRIE_MAX_LINE_LENGTH} characters`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new CowrieParseError('COWRIE_NOT_JSON', `not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CowrieParseError('COWRIE_NOT_JSON', 'not a JSON object');
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record.eventid !== 'string' || record.eventid === '') fail('line', 'eventid', 'a non-empty string');
  const eventid = record.eventid;
  const timestamp = str(record, 'timestamp');
  const session = str(record, 'session');
  const srcIp = str(record, 'src_ip');
  const sensor = str(record, 'sensor', true) ?? 'cowrie';
  const cowrie = record as CowrieRecord;

  const known = options.sessions?.get(session);
  let endpoints: CowrieSessionEndpoints = known ?? {
    protocol: SSH_ONLY.has(eventid) ? 'ssh' : 'other',
    src: { ip: srcIp, port: 0 },
    dst: { port: 0 },
  };
  if (eventid === 'cowrie.session.connect') {
    endpoints = {
      protocol: asProtocol(record.protocol),
      src: { ip: srcIp, port: num(record, 'src_port') ?? 0 },
      dst: { ip: str(record, 'dst_ip', true), port: num(record, 'dst_port') ?? 0 },
    };
    options.sessions?.set(session, endpoints);
  }
  const fields = kindFields(cowrie);
  if (fields.kind === 'other' && typeof fields.fields === 'object' && known) {
    for (const key of CONNECT_ONLY) delete (fields.fields as Record<string, unknown>)[key];
  }
  const result = decoyEventSchema.safeParse({
    schemaVersion: DECOY_EVENT_SCHEMA_VERSION,
    // Cowrie lines carry no id; session, time and eventid together are unique in a Cowrie log.
    id: `cowrie:${session}:${timestamp}:${eventid}`.slice(0, DECOY_LIMITS.idLength),
    time: timestamp,
    sensorId: sensor,
    world: options.world ?? 'cowrie',
    host: options.host ?? sensor,
    session,
    protocol: endpoints.protocol,
    src: { ...endpoints.src, ip: srcIp },
    dst: endpoints.dst,
    ...fields,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CowrieParseError(
      'COWRIE_FIELD_INVALID',
      `${eventid}: "${issue?.path.join('.') ?? ''}" ${issue?.message ?? 'is invalid'}`,
    );
  }
  return result.data;
}

export interface CowrieLogResult {
  events: DecoyEvent[];
  /** 1-based line numbers of lines that could not be read, with why. */
  errors: { line: number; code: CowrieParseError['code']; message: string }[];
}

/**
 * Reads a whole Cowrie JSON log (one record a line), carrying each session's ports from its connect line.
 * Blank lines are skipped; bad lines are reported, not thrown, so one bad line does not lose a day's log.
 * @example fromCowrieLog(text).events.length
 */
export function fromCowrieLog(text: string, options: Omit<FromCowrieOptions, 'sessions'> = {}): CowrieLogResult {
  const sessions = new Map<string, CowrieSessionEndpoints>();
  const result: CowrieLogResult = { events: [], errors: [] };
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      result.events.push(fromCowrie(line, { ...options, sessions }));
    } catch (error) {
      if (!(error instanceof CowrieParseError)) throw error;
      result.errors.push({ line: index + 1, code: error.code, message: error.message });
    }
  });
  return result;
}

export { toCowrie } from './cowrie-write.js';
