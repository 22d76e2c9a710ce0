import type { CaseFacts, LevelSuggestion, RubricBehaviour } from '../rubric.js';
import { suggestProgressLevel } from '../rubric.js';
import type { DecoyEvent } from './events.js';
import { DECOY_RULES, type DecoyEventCondition, type DecoyRule, type RuleEffect } from './rules.js';
import { parseShellLine, SHELL_MAX_LINE, type ShellCommand } from './shell.js';

/** Evidence text is cut to this length: it quotes the attacker, and a hit needs only enough to find it. */
const EVIDENCE_LENGTH = 512;

/** A rule that matched, and where. */
export interface RuleHit {
  ruleId: string;
  category: string;
  techniques: readonly string[];
  evidence: {
    eventId: string;
    /** The simple command (or line) that matched; absent for event-kind rules. */
    part?: string;
  };
}

export interface EventClassification {
  eventId: string;
  time: string;
  hits: RuleHit[];
}

export interface SessionClassification {
  session: string;
  /** Events with at least one hit, in order. */
  events: EventClassification[];
  /** Every technique reached, sorted. */
  techniques: string[];
  facts: CaseFacts;
  behaviours: RubricBehaviour[];
  level: LevelSuggestion;
}

const CREDENTIAL_PATH = /(passw|credential|\.pgpass|\.netrc|secret|\.env$|id_rsa|id_ed25519)/i;
/** The account list (and the passwd tool) hold no password: reading them is account discovery, not T1552. */
const ACCOUNT_LIST = /(^|[/\\])passwd-?$/i;

const EVENT_CONDITIONS: Record<DecoyEventCondition, (event: DecoyEvent) => boolean> = {
  download: (event) => event.kind === 'download' && !event.failed,
  upload: (event) => event.kind === 'file' && event.action === 'uploaded',
  mail_read: (event) => event.kind === 'mail' && event.action === 'read',
  mail_listed: (event) => event.kind === 'mail' && event.action === 'listed',
  mail_searched: (event) => event.kind === 'mail' && event.action === 'searched',
  mail_sent: (event) => event.kind === 'mail' && event.action === 'sent',
  planted_credential: (event) => event.kind === 'auth' && event.planted === true,
  // A password typed at the login (refused or accepted) that the world did not plant where it could be found.
  password_guess: (event) =>
    event.kind === 'auth' && event.method !== 'publickey' && event.password !== undefined && event.planted !== true,
  pivot: (event) => event.kind === 'pivot',
  file_read_credentials: (event) =>
    event.kind === 'file' &&
    event.action === 'read' &&
    CREDENTIAL_PATH.test(event.path) &&
    !ACCOUNT_LIST.test(event.path),
};

function baseName(path: string): string {
  const clean = path.split(/[?#]/)[0] ?? '';
  return clean.slice(clean.lastIndexOf('/') + 1).toLowerCase();
}

function commandMatches(rule: DecoyRule, command: ShellCommand, transferred: ReadonlySet<string>): boolean {
  const match = rule.match;
  if (match.on === 'run_transferred') {
    const name = baseName(command.argv[0] ?? '');
    return name !== '' && transferred.has(name);
  }
  if (match.on !== 'command') return false;
  if (match.names && !match.names.includes(command.name)) return false;
  if (match.program && !match.program.test(command.argv[0] ?? '')) return false;
  if (match.busybox !== undefined && match.busybox !== command.busybox) return false;
  if (match.args && !match.args.test(command.args)) return false;
  if (match.argsNot?.test(command.args)) return false;
  return true;
}

/** Names under which a file brought in by this command may be run later: URL base names, `-O x`, copies. */
function noteTransfers(command: ShellCommand, transferred: Set<string>): void {
  const { name, argv } = command;
  if (name === 'wget' || name === 'curl' || name === 'tftp' || name === 'ftpget') {
    argv.forEach((word, index) => {
      if (/^(https?|ftp|tftp):\/\//i.test(word)) transferred.add(baseName(word));
      if ((word === '-O' || word === '-o' || word === '-r' || word === '-l') && argv[index + 1]) {
        transferred.add(baseName(argv[index + 1] as string));
      }
    });
    if (name === 'ftpget' && argv.length >= 3) transferred.add(baseName(argv.at(-1) as string));
  }
  const redirect = argv.indexOf('>');
  const copy = name === 'cp' || name === 'mv' || (name === 'cat' && redirect > 0);
  if (copy) {
    const sources = name === 'cat' ? argv.slice(1, redirect) : argv.slice(1, -1);
    const target = name === 'cat' ? argv[redirect + 1] : argv.at(-1);
    if (target && sources.some((source) => transferred.has(baseName(source)))) transferred.add(baseName(target));
  }
}

interface Positioned {
  hit: RuleHit;
  effects: readonly RuleEffect[];
  /** Order within the session: event index, then command index, so "downloaded then ran" can be told. */
  order: number;
}

function classifyCommand(
  event: Extract<DecoyEvent, { kind: 'command' }>,
  eventIndex: number,
  rules: readonly DecoyRule[],
  transferred: Set<string>,
): Positioned[] {
  const out: Positioned[] = [];
  const line = event.input.slice(0, SHELL_MAX_LINE);
  const commands = parseShellLine(line);
  const hit = (rule: DecoyRule, part: string, order: number): void => {
    out.push({
      hit: {
        ruleId: rule.id,
        category: rule.category,
        techniques: rule.techniques,
        evidence: { eventId: event.id, part: part.slice(0, EVIDENCE_LENGTH) },
      },
      effects: rule.effects ?? [],
      order,
    });
  };
  commands.forEach((command, index) => {
    const order = eventIndex * 1_000 + index;
    for (const rule of rules) if (commandMatches(rule, command, transferred)) hit(rule, command.text, order);
    noteTransfers(command, transferred);
  });
  for (const rule of rules) {
    if (rule.match.on === 'line' && rule.match.pattern.test(line)) hit(rule, line, eventIndex * 1_000 + 999);
  }
  return out;
}

function noteEventTransfers(event: DecoyEvent, transferred: Set<string>): void {
  if (event.kind === 'download') {
    transferred.add(baseName(event.url));
    if (event.path) transferred.add(baseName(event.path));
  }
  if (event.kind === 'file' && event.action !== 'read') transferred.add(baseName(event.path));
  transferred.delete('');
}

function deriveFacts(hits: readonly Positioned[], events: readonly DecoyEvent[]): CaseFacts {
  const firstIngress = Math.min(...hits.filter((h) => h.effects.includes('ingress')).map((h) => h.order));
  const outbound = hits.some((h) => h.effects.includes('outbound'));
  const established = events.some((event) => event.kind === 'pivot' && event.outcome === 'established');
  return {
    executed: events.some((event) => event.kind === 'command'),
    networkActivity: Number.isFinite(firstIngress) || outbound,
    c2: established ? 'established' : outbound ? 'failed' : 'none',
    secondStage: hits.some((h) => h.effects.includes('run') && h.order >= firstIngress),
  };
}

/**
 * Classifies one session's events with the rule table: hits per event with their evidence, the techniques
 * reached, the case facts they imply and the progress level the rubric suggests.
 * Facts: any command → executed; a download or upload → network activity; a program run after something
 * arrived → second stage; outbound attempts (reverse shells, SSH onwards, tunnels) → C2 failed, since a decoy
 * world routes nowhere, unless a pivot event says the connection was established.
 * @example classifySession(events).techniques // ['T1059.004', 'T1105']
 */
export function classifySession(
  events: readonly DecoyEvent[],
  rules: readonly DecoyRule[] = DECOY_RULES,
): SessionClassification {
  const transferred = new Set<string>();
  const positioned: Positioned[] = [];
  const byEvent: EventClassification[] = [];
  let previousInput: string | undefined;
  const fired = new Set<string>();
  events.forEach((event, eventIndex) => {
    const found: Positioned[] = [];
    // Cowrie logs an unknown command twice (input, then failed); count it once.
    const repeat = event.kind === 'command' && event.failed === true && event.input === previousInput;
    if (event.kind === 'command' && !repeat) found.push(...classifyCommand(event, eventIndex, rules, transferred));
    for (const rule of rules) {
      if (rule.match.on === 'event' && EVENT_CONDITIONS[rule.match.condition](event)) {
        if (rule.oncePerSession && fired.has(rule.id)) continue;
        fired.add(rule.id);
        const hit = { ruleId: rule.id, category: rule.category, techniques: rule.techniques };
        found.push({
          hit: { ...hit, evidence: { eventId: event.id } },
          effects: rule.effects ?? [],
          order: eventIndex * 1_000,
        });
      }
    }
    noteEventTransfers(event, transferred);
    if (event.kind === 'command') previousInput = event.input;
    positioned.push(...found);
    if (found.length > 0) byEvent.push({ eventId: event.id, time: event.time, hits: found.map((f) => f.hit) });
  });

  const times = new Map(events.map((event) => [event.id, event.time]));
  const behaviours: RubricBehaviour[] = positioned.map(({ hit }) => ({
    occurredAt: times.get(hit.evidence.eventId) ?? '',
    category: hit.category,
    techniqueIds: hit.techniques,
  }));
  const facts = deriveFacts(positioned, events);
  return {
    session: events[0]?.session ?? '',
    events: byEvent,
    techniques: [...new Set(positioned.flatMap((p) => p.hit.techniques))].sort(),
    facts,
    behaviours,
    level: suggestProgressLevel(facts, behaviours),
  };
}

/**
 * Groups events by session, keeping each session's events in the order given.
 * @example groupSessions(events).get('cafb43d1579d')?.length
 */
export function groupSessions(events: readonly DecoyEvent[]): Map<string, DecoyEvent[]> {
  const sessions = new Map<string, DecoyEvent[]>();
  for (const event of events) {
    const list = sessions.get(event.session);
    if (list) list.push(event);
    else sessions.set(event.session, [event]);
  }
  return sessions;
}
