import { decodeWords, parseHeaders, splitMessage, type StoredMessage } from '../mail-store.js';
import { resolveSet } from './imap-fetch.js';
import { ImapSyntaxError, textOf, type ImapToken } from './imap-reader.js';

/** SEARCH criteria (RFC 3501 §6.4.4) compiled into a predicate over the session's view of a mailbox. */

export interface SearchTarget {
  seq: number;
  message: StoredMessage;
  flags: readonly string[];
}

type Predicate = (t: SearchTarget) => boolean;

export interface SearchContext {
  uids: readonly number[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function day(value: string | undefined): number {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value ?? '');
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  if (!m || month < 0) throw new ImapSyntaxError('bad date');
  return Date.UTC(Number(m[3]), month, Number(m[1]));
}

const startOfDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
const includes = (haystack: string | undefined, needle: string) =>
  haystack !== undefined && decodeWords(haystack).toLowerCase().includes(needle.toLowerCase());
const header = (t: SearchTarget, name: string) => parseHeaders(t.message.raw).get(name);
const bodyText = (t: SearchTarget) => splitMessage(t.message.raw).body.toString('utf8');
const flag =
  (name: string, present: boolean): Predicate =>
  (t) =>
    t.flags.includes(name) === present;

/** Compiles search keys (at most 500, nested at most 16 deep, so hostile queries stay cheap). */
export function compileSearch(tokens: ImapToken[], context: SearchContext): Predicate {
  let at = 0;
  let depth = 0;
  const next = (): ImapToken => {
    const t = tokens[at++];
    if (!t) throw new ImapSyntaxError('missing search argument');
    return t;
  };
  const arg = (): string => {
    const v = textOf(next());
    if (v === undefined) throw new ImapSyntaxError('bad search argument');
    return v;
  };
  let steps = 0;
  const one = (): Predicate => {
    if (++steps > 500) throw new ImapSyntaxError('too many search keys');
    const token = next();
    if (token.type === 'list') {
      if (++depth > 16) throw new ImapSyntaxError('search nested too deeply');
      const inner = compileSearch(token.items, context);
      depth--;
      return inner;
    }
    const key = token.value.toUpperCase();
    if (token.type === 'atom' && /^[\d*:,]+$/.test(key)) {
      const set = new Set(resolveSet(key, context.uids, false));
      return (t) => set.has(t.seq);
    }
    switch (key) {
      case 'ALL':
        return () => true;
      case 'CHARSET':
        arg();
        return () => true;
      case 'FROM':
      case 'TO':
      case 'CC':
      case 'BCC':
      case 'SUBJECT': {
        const needle = arg();
        return (t) => includes(header(t, key.toLowerCase()), needle);
      }
      case 'HEADER': {
        const name = arg().toLowerCase();
        const needle = arg();
        return (t) => includes(header(t, name), needle);
      }
      case 'BODY': {
        const needle = arg().toLowerCase();
        return (t) => bodyText(t).toLowerCase().includes(needle);
      }
      case 'TEXT': {
        const needle = arg().toLowerCase();
        return (t) =>
          decodeWords(splitMessage(t.message.raw).header.toString('utf8')).toLowerCase().includes(needle) ||
          bodyText(t).toLowerCase().includes(needle);
      }
      case 'SINCE':
      case 'SENTSINCE': {
        const d = day(arg());
        return (t) => startOfDay(t.message.internalDate) >= d;
      }
      case 'BEFORE':
      case 'SENTBEFORE': {
        const d = day(arg());
        return (t) => startOfDay(t.message.internalDate) < d;
      }
      case 'ON':
      case 'SENTON': {
        const d = day(arg());
        return (t) => startOfDay(t.message.internalDate) === d;
      }
      case 'LARGER': {
        const n = Number(arg());
        return (t) => t.message.raw.length > n;
      }
      case 'SMALLER': {
        const n = Number(arg());
        return (t) => t.message.raw.length < n;
      }
      case 'UID': {
        const set = new Set(resolveSet(arg(), context.uids, true));
        return (t) => set.has(t.seq);
      }
      case 'SEEN':
      case 'UNSEEN':
        return flag('\\Seen', key === 'SEEN');
      case 'ANSWERED':
      case 'UNANSWERED':
        return flag('\\Answered', key === 'ANSWERED');
      case 'FLAGGED':
      case 'UNFLAGGED':
        return flag('\\Flagged', key === 'FLAGGED');
      case 'DELETED':
      case 'UNDELETED':
        return flag('\\Deleted', key === 'DELETED');
      case 'DRAFT':
      case 'UNDRAFT':
        return flag('\\Draft', key === 'DRAFT');
      case 'NEW':
        return flag('\\Seen', false);
      case 'OLD':
      case 'RECENT':
        return () => key === 'OLD';
      case 'KEYWORD':
      case 'UNKEYWORD': {
        const k = arg();
        return flag(k, key === 'KEYWORD');
      }
      case 'NOT': {
        const inner = one();
        return (t) => !inner(t);
      }
      case 'OR': {
        const a = one();
        const b = one();
        return (t) => a(t) || b(t);
      }
      default:
        throw new ImapSyntaxError(`unknown search key ${key.slice(0, 40)}`);
    }
  };
  const all: Predicate[] = [];
  while (at < tokens.length) {
    if (all.length > 200) throw new ImapSyntaxError('too many search keys');
    all.push(one());
  }
  if (all.length === 0) throw new ImapSyntaxError('missing search criteria');
  return (t) => all.every((p) => p(t));
}

/** The query as text for the event (atoms and strings joined, lists in parentheses). */
export function describeSearch(tokens: ImapToken[]): string {
  return tokens
    .map((t) => (t.type === 'list' ? `(${describeSearch(t.items)})` : t.type === 'string' ? `"${t.value}"` : t.value))
    .join(' ');
}
