/**
 * Shapes of the hub's decoy-world API (`/api/v1/decoy/…`, issue 7 item 9) as the console reads them. Where the
 * hub's answer may take one of two forms (a state with or without its error, a name as text or ja/en), the console
 * normalises it in components/decoy/decoyFormat.ts rather than trusting one form.
 */
import type { Bilingual, ProgressLevel, Scope, Tlp } from './common';

export type DecoyService = 'ssh' | 'telnet' | 'http' | 'imap' | 'smtp';
export type DecoyWorldState = 'starting' | 'running' | 'stopped' | 'failed' | 'unknown';
export type DecoyWorldKind = 'generated' | 'uploaded' | 'demo';
export type DecoySector = 'manufacturing' | 'government' | 'university' | 'finance';

export interface DecoyBinding {
  host: string;
  port: number;
}
export type DecoyBindings = Partial<Record<DecoyService, DecoyBinding>>;

export interface DecoyListening {
  service: DecoyService;
  host: string;
  port: number;
}

export interface DecoyWorld {
  id: string;
  name: Bilingual;
  domain: string;
  sector: string;
  lang: 'ja' | 'en';
  kind: DecoyWorldKind;
  environmentCode: string;
  sensorId: string;
  sensorReport?: {
    version: string;
    reportedAt: string;
    spooled: number;
    dropped: number;
    rejected: number;
  } | null;
  desired: 'running' | 'stopped';
  /** The sensor's last report: a bare state, or the state with the error that stopped it. */
  state: DecoyWorldState | { state: DecoyWorldState; error?: string | null };
  error?: string | null;
  listening: DecoyListening[];
  revision: number;
  resetGeneration: number;
  fetchEnabled: boolean;
  bindings: DecoyBindings;
  lentTo: { id: string; name: string | Bilingual | { nameEn?: string; nameJa?: string } } | null;
  tlp: Tlp;
  scope: Scope;
  sessions: { total: number; live: number };
  lastEventAt: string | null;
}

export interface DecoyWorldList {
  items: DecoyWorld[];
  total: number;
  limit?: number;
  offset?: number;
}

export interface DecoyHost {
  hostname: string;
  role: string;
  os: string | Record<string, unknown>;
  services: (string | { name: string; port: number; protocol?: string })[] | Record<string, unknown>;
  address: string;
}

/** A credential the world planted for attackers to find (platform admins only). */
export type DecoyPlantedCredential = Record<string, unknown>;

export interface DecoyWorldDetail extends DecoyWorld {
  hosts: DecoyHost[];
  employees: number;
  plantedCredentials?: DecoyPlantedCredential[];
  definition?: string;
}

export interface DecoySession {
  id: string;
  session: string;
  worldId: string;
  host: string;
  protocol: string;
  srcIp: string;
  srcPort: number;
  srcCountry: string | null;
  sensorId: string;
  startedAt: string;
  endedAt: string | null;
  live: boolean;
  username: string | null;
  authSuccess: boolean;
  authAttempts: number;
  commands: number;
  events: number;
  techniques: string[];
  suggestedLevel: ProgressLevel | null;
  caseId: string | null;
  tlp: Tlp;
}

export interface DecoySessionList {
  items: DecoySession[];
  total?: number;
  nextCursor?: string | null;
}

export interface DecoyRuleHit {
  ruleId: string;
  category: string;
  techniques: string[];
  evidence: { eventId: string; part?: string };
}

export interface DecoySessionEvent {
  id?: string | number;
  eventId?: string;
  time: string;
  kind: string;
  payload: Record<string, unknown>;
  hits?: DecoyRuleHit[];
}

export interface DecoyCapture {
  sha256: string;
  /** null while the sensor has not uploaded the bytes yet. */
  size: number | null;
  path?: string | null;
  firstSeen?: string;
}

/** A session with its events in order (the summary's event count is then `events.length`). */
export interface DecoySessionDetail extends Omit<DecoySession, 'events'> {
  events: DecoySessionEvent[];
  captures: DecoyCapture[];
}

/** One poll of a session's recording: the asciicast header (first poll) and the event lines after `fromSeq`. */
export interface DecoyRecordingPage {
  header: { version: 2; width: number; height: number; timestamp?: number } | null;
  lines: string | (string | unknown[])[];
  nextSeq: number;
  final: boolean;
}

/** A "top" entry of the statistics: the value (username, password, command…) and how often it was seen. */
export type DecoyTopEntry = Record<string, string | number | null>;

export interface DecoyWorldStats {
  sessions: number;
  sources: number;
  authAttempts: number;
  authSuccess: number;
  topUsernames: DecoyTopEntry[];
  topPasswords: DecoyTopEntry[];
  topCommands: DecoyTopEntry[];
  countries: DecoyTopEntry[];
  downloads: { url: string; count: number }[];
  hashes: { sha256: string; count: number; size: number | null }[];
  techniques: { id: string; count: number }[];
  perDay: { day: string; sessions: number; events: number }[];
}
