/** Pure helpers of the decoy pages: normalising the hub's answers, checks on form input, labels for charts. */
import type { ApiError } from '../../api';
import type { Bilingual, Lang } from '../../types';
import type { DecoySessionDetail, DecoyTopEntry, DecoyWorld, DecoyWorldState } from '../../types/decoy';

const STATES: readonly DecoyWorldState[] = ['starting', 'running', 'stopped', 'failed', 'unknown'];

/** The world's reported state and, when it failed, why. */
export function worldState(world: Pick<DecoyWorld, 'state' | 'error'>): { state: DecoyWorldState; error: string } {
  const raw = world.state;
  const state = typeof raw === 'string' ? raw : raw?.state;
  const error = (typeof raw === 'object' && raw ? raw.error : undefined) ?? world.error ?? '';
  return { state: STATES.includes(state) ? state : 'unknown', error };
}

/** A name given as text, ja/en, or an organisation's nameJa/nameEn, in the console's language. */
export function localName(
  name: string | Partial<Bilingual> | { nameEn?: string; nameJa?: string } | null | undefined,
  lang: Lang,
): string {
  if (!name) return '';
  if (typeof name === 'string') return name;
  if ('en' in name || 'ja' in name) {
    const text = name;
    return (lang === 'ja' ? text.ja || text.en : text.en || text.ja) ?? '';
  }
  const org = name as { nameEn?: string; nameJa?: string };
  return (lang === 'ja' ? org.nameJa || org.nameEn : org.nameEn || org.nameJa) ?? '';
}

/** Whether an address only reaches this machine (binding elsewhere exposes the world to the network). */
export function isLoopback(host: string): boolean {
  const value = host.trim().toLowerCase();
  if (value === '::1' || value === 'localhost' || value === '0:0:0:0:0:0:0:1') return true;
  const match = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  return match !== null && match.slice(1).every((part) => Number(part) <= 255);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 or IPv6 address literal, as the hub accepts for a binding. */
export function validAddress(host: string): boolean {
  const value = host.trim();
  if (IPV4.test(value)) return true;
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false;
  const parts = value.split('::');
  if (parts.length > 2) return false;
  const groups = value.split(':').filter((part) => part !== '');
  return groups.length <= 8 && groups.every((group) => IPV4.test(group) || /^[0-9a-fA-F]{1,4}$/.test(group));
}

export function validPort(port: string): boolean {
  return /^\d{1,5}$/.test(port.trim()) && Number(port) >= 1 && Number(port) <= 65_535;
}

/** A world id as the hub takes it: lower-case letters, digits and "-", starting with a letter or digit. */
export function validWorldId(id: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id);
}

/** A sensor id as the sync protocol takes it. */
export function validSensorId(id: string): boolean {
  return /^[\w.:@-]{1,128}$/.test(id);
}

/** A random generator seed (what the "random" button fills in). */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2_147_483_647) + 1;
}

export interface DefinitionProblem {
  line: number | null;
  column: number | null;
  field: string;
  message: string;
}

const POSITIONED = /(?:^|:)(\d+):(\d+)\s+(?:([^\s:][^:]*):\s)?(.*)$/s;
/** The hub's form: path `definition.hosts.0.os`, message `line 12, column 5: expected …`. */
const LINE_COLUMN = /^line (\d+), column (\d+): (.*)$/s;

/**
 * The problems a 400 answer names in a world definition: rows (`row` = line, `column` = field) or fields whose
 * message carries `line:column field: message`, so the form can show each next to the YAML.
 */
export function definitionProblems(error: ApiError | undefined): DefinitionProblem[] {
  if (!error || error.status !== 400) return [];
  const problems: DefinitionProblem[] = error.rows.map((row) => ({
    line: row.row,
    column: null,
    field: row.column,
    message: row.message,
  }));
  for (const field of error.fields) {
    const lineColumn = LINE_COLUMN.exec(field.message);
    if (lineColumn) {
      problems.push({
        line: Number(lineColumn[1]),
        column: Number(lineColumn[2]),
        field: field.path.replace(/^definition\.?/, ''),
        message: lineColumn[3] ?? field.message,
      });
      continue;
    }
    const match = POSITIONED.exec(field.message);
    if (match) {
      problems.push({
        line: Number(match[1]),
        column: Number(match[2]),
        field: match[3] ?? field.path,
        message: match[4] ?? field.message,
      });
    } else if (/^(definition|yaml)/.test(field.path) || /^\d+$/.test(field.path.split('.').pop() ?? '')) {
      problems.push({ line: null, column: null, field: field.path, message: field.message });
    }
  }
  return problems;
}

const LABEL_KEYS = ['value', 'username', 'password', 'command', 'input', 'name', 'key', 'label', 'country', 'cc'];

/** The label and count of a "top" entry, whatever the hub named the value's key. */
export function topEntry(entry: DecoyTopEntry): { label: string; count: number } {
  const key = LABEL_KEYS.find((name) => typeof entry[name] === 'string');
  const label = key
    ? String(entry[key])
    : String(Object.values(entry).find((value) => typeof value === 'string') ?? '');
  const countValue = entry.count ?? entry.sessions ?? entry.attempts ?? entry.total;
  return { label, count: typeof countValue === 'number' ? countValue : Number(countValue ?? 0) || 0 };
}

/** Source countries as the world map takes them: ISO code, sessions (shown as its value) and sources. */
export function countryItems(entries: readonly DecoyTopEntry[]): { cc: string; packets: number; sources: number }[] {
  return entries
    .map((entry) => {
      const code = [entry.cc, entry.country, entry.code].find((value) => typeof value === 'string');
      const sessions = Number(entry.sessions ?? entry.count ?? 0) || 0;
      const sources = Number(entry.sources ?? entry.count ?? sessions) || 0;
      return { cc: typeof code === 'string' ? code.toUpperCase() : '', packets: sessions, sources };
    })
    .filter((item) => /^[A-Z]{2}$/.test(item.cc));
}

/** Seconds between two instants as "1 h 2 min 3 s" parts (for a session's duration). */
export function durationParts(from: string, to: string | null, now = Date.now()): { h: number; m: number; s: number } {
  const end = to ? Date.parse(to) : now;
  const total = Math.max(0, Math.round((end - Date.parse(from)) / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/**
 * A session detail answer, flat (`{…summary, events, captures}`) or nested (`{session: summary, events, captures}`),
 * as one flat object.
 */
export function sessionDetailOf(raw: unknown): DecoySessionDetail {
  const value = (raw ?? {}) as Record<string, unknown>;
  const nested = typeof value.session === 'object' && value.session !== null ? value.session : {};
  return {
    ...nested,
    ...value,
    ...(typeof value.session === 'object' ? { session: (nested as { session?: string }).session ?? '' } : {}),
    events: Array.isArray(value.events) ? value.events : [],
    captures: Array.isArray(value.captures) ? value.captures : [],
  } as DecoySessionDetail;
}

export const STATS_PERIODS = ['7', '30', '90', 'all'] as const;
export type PeriodDays = (typeof STATS_PERIODS)[number];

/** The first day (UTC) of a period of `days` days ending today, as the stats route takes it (`from`). */
export function periodStart(days: PeriodDays, now = Date.now()): string | undefined {
  if (days === 'all') return undefined;
  return new Date(now - (Number(days) - 1) * 86_400_000).toISOString().slice(0, 10);
}
