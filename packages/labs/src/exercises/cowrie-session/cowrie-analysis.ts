/**
 * The analysis behind the cowrie-session exercise: the attacker's logins, commands and download read with
 * @cynex/core's Cowrie reader, and the ATT&CK techniques its decoy classifier maps the sessions to.
 */
import { classifySession, fromCowrieLog, groupSessions, parseShellLine, type DecoyEvent } from '@cynex/core';

export interface CowrieFindings {
  /** The source with a successful login that sent the most events. */
  attacker: string;
  /** SSH sessions the attacker opened (connections, whether or not they logged in). */
  sessions: number;
  /** `user:password` pairs that logged in, in order of first success. */
  credentials: string[];
  /** The first simple command of the attacker's first command line, as typed. */
  firstCommand: string;
  /** Programs run (lower-case names as the shell reader sees them; `./x` keeps its path), in order of first use. */
  programs: string[];
  /** URLs of successful downloads, in order. */
  downloads: string[];
  /** Names under which a file brought into the session was run (the classifier's `ex.run-transferred` hits). */
  ranTransferredAs: string[];
  /** Every technique the classifier reached in any of the attacker's sessions, sorted. */
  techniques: string[];
}

type Auth = Extract<DecoyEvent, { kind: 'auth' }>;

function pickAttacker(events: readonly DecoyEvent[]): string {
  const loggedIn = new Set(events.filter((e): e is Auth => e.kind === 'auth' && e.success).map((e) => e.src.ip));
  const counts = new Map<string, number>();
  for (const e of events) if (loggedIn.has(e.src.ip)) counts.set(e.src.ip, (counts.get(e.src.ip) ?? 0) + 1);
  const [attacker] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (attacker === undefined) throw new Error('the log holds no successful login');
  return attacker;
}

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * Reads a Cowrie JSON log and describes what its attacker did.
 * @example analyseCowrieLog(text).credentials // ['hzkadmin:Hoshizora2026', 'root:Hoshizora2026']
 */
export function analyseCowrieLog(text: string): CowrieFindings {
  const { events: all, errors } = fromCowrieLog(text);
  if (errors.length > 0)
    throw new Error(`the Cowrie log has unreadable lines: ${errors[0]?.line} ${errors[0]?.message}`);
  const attacker = pickAttacker(all);
  const events = all.filter((e) => e.src.ip === attacker);
  const sessions = groupSessions(events);
  const commands = events.filter((e) => e.kind === 'command' && e.failed !== true);
  const parsed = commands.flatMap((e) => (e.kind === 'command' ? parseShellLine(e.input) : []));
  const classified = [...sessions.values()].map((session) => classifySession(session));
  const hits = classified.flatMap((c) => c.events.flatMap((e) => e.hits));
  return {
    attacker,
    sessions: sessions.size,
    credentials: unique(
      events.flatMap((e) => (e.kind === 'auth' && e.success ? [`${e.username}:${e.password ?? ''}`] : [])),
    ),
    firstCommand: parsed[0]?.text ?? '',
    programs: unique(parsed.map((c) => c.name)),
    downloads: unique(events.flatMap((e) => (e.kind === 'download' && !e.failed ? [e.url] : []))),
    ranTransferredAs: unique(
      hits.filter((h) => h.ruleId === 'ex.run-transferred').map((h) => (h.evidence.part ?? '').split(/\s+/)[0] ?? ''),
    ),
    techniques: unique(classified.flatMap((c) => c.techniques)).sort(),
  };
}
