import type { StoredMessage } from '../mail-store.js';
import {
  bodyStructure,
  envelope,
  internalDate,
  literal,
  parseSection,
  sectionBytes,
  sectionName,
  type Section,
} from './imap-format.js';
import { ImapSyntaxError, type ImapToken } from './imap-reader.js';

/** FETCH data items (RFC 3501 §6.4.5), parsed once per command and applied per message. */

type Item =
  | { kind: 'FLAGS' | 'UID' | 'RFC822.SIZE' | 'INTERNALDATE' | 'ENVELOPE' | 'BODYSTRUCTURE' | 'BODY' }
  | { kind: 'RFC822' | 'RFC822.HEADER' | 'RFC822.TEXT' }
  | { kind: 'SECTION'; inside: string; section: Section; peek: boolean };

const MACROS: Record<string, string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};
const SIMPLE = new Set([
  'FLAGS',
  'UID',
  'RFC822.SIZE',
  'INTERNALDATE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
]);

export function parseFetchItems(token: ImapToken | undefined, byUid: boolean): Item[] {
  if (!token) throw new ImapSyntaxError('missing fetch items');
  const atoms =
    token.type === 'list'
      ? token.items.map((t) => (t.type === 'atom' ? t.value : ''))
      : token.type === 'atom'
        ? (MACROS[token.value.toUpperCase()] ?? [token.value])
        : [];
  const items: Item[] = [];
  for (const atom of atoms) {
    const upper = atom.toUpperCase();
    const section = /^(BODY(?:\.PEEK)?)\[([^\]]*)\](<[\d.]+>)?$/i.exec(atom);
    if (section) {
      const peek = section[1]!.toUpperCase() === 'BODY.PEEK';
      try {
        items.push({ kind: 'SECTION', inside: section[2]!, section: parseSection(section[2]!, section[3]), peek });
      } catch {
        throw new ImapSyntaxError('invalid section');
      }
    } else if (SIMPLE.has(upper)) {
      items.push({ kind: upper as Exclude<Item['kind'], 'SECTION'> });
    } else {
      throw new ImapSyntaxError(`unknown fetch item ${atom.slice(0, 40)}`);
    }
  }
  if (items.length === 0) throw new ImapSyntaxError('no fetch items');
  if (byUid && !items.some((i) => i.kind === 'UID')) items.unshift({ kind: 'UID' });
  return items;
}

/** Whether fetching these items marks the message \Seen. */
export function setsSeen(items: Item[]): boolean {
  return items.some((i) => (i.kind === 'SECTION' && !i.peek) || i.kind === 'RFC822' || i.kind === 'RFC822.TEXT');
}

/** Whether these items read the message's content (for the `mail` read event). */
export function readsContent(items: Item[]): boolean {
  return items.some((i) => (i.kind === 'SECTION' && i.section.kind !== 'HEADER.FIELDS') || i.kind === 'RFC822');
}

/** One "* n FETCH (...)" response. */
export function fetchResponse(seq: number, message: StoredMessage, flags: readonly string[], items: Item[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`* ${seq} FETCH (`)];
  items.forEach((item, i) => {
    const sep = i === 0 ? '' : ' ';
    switch (item.kind) {
      case 'FLAGS':
        parts.push(Buffer.from(`${sep}FLAGS (${flags.join(' ')})`));
        break;
      case 'UID':
        parts.push(Buffer.from(`${sep}UID ${message.uid}`));
        break;
      case 'RFC822.SIZE':
        parts.push(Buffer.from(`${sep}RFC822.SIZE ${message.raw.length}`));
        break;
      case 'INTERNALDATE':
        parts.push(Buffer.from(`${sep}INTERNALDATE ${internalDate(message.internalDate)}`));
        break;
      case 'ENVELOPE':
        parts.push(Buffer.from(`${sep}ENVELOPE ${envelope(message)}`, 'utf8'));
        break;
      case 'BODYSTRUCTURE':
        parts.push(Buffer.from(`${sep}BODYSTRUCTURE ${bodyStructure(message, true)}`));
        break;
      case 'BODY':
        parts.push(Buffer.from(`${sep}BODY ${bodyStructure(message, false)}`));
        break;
      case 'RFC822':
        parts.push(Buffer.from(`${sep}RFC822 `), literal(message.raw));
        break;
      case 'RFC822.HEADER':
        parts.push(Buffer.from(`${sep}RFC822.HEADER `), literal(sectionBytes(message, { kind: 'HEADER', fields: [] })));
        break;
      case 'RFC822.TEXT':
        parts.push(Buffer.from(`${sep}RFC822.TEXT `), literal(sectionBytes(message, { kind: 'TEXT', fields: [] })));
        break;
      case 'SECTION':
        parts.push(
          Buffer.from(`${sep}${sectionName(item.inside, item.section)} `),
          literal(sectionBytes(message, item.section)),
        );
        break;
    }
  });
  parts.push(Buffer.from(')\r\n'));
  return Buffer.concat(parts);
}

/**
 * The 1-based sequence numbers a sequence set names ("1:3,7,9:*"), in order; for UID sets, `uids` maps positions to
 * UIDs and numbers are matched against them. Bounded: at most 10,000 ranges.
 */
export function resolveSet(set: string, uids: readonly number[], byUid: boolean): number[] {
  if (!/^[\d*:,]+$/.test(set) || set.length > 65_536) throw new ImapSyntaxError('bad sequence set');
  const count = uids.length;
  const max = byUid ? (uids[count - 1] ?? 0) : count;
  const chosen = new Set<number>();
  const ranges = set.split(',');
  if (ranges.length > 10_000) throw new ImapSyntaxError('sequence set too long');
  for (const range of ranges) {
    const [a, b] = range.split(':');
    const lo = a === '*' ? max : Number(a);
    const hi = b === undefined ? lo : b === '*' ? max : Number(b);
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || (!byUid && (lo < 1 || hi < 1)))
      throw new ImapSyntaxError('bad sequence set');
    const [from, to] = lo <= hi ? [lo, hi] : [hi, lo];
    if (byUid) {
      uids.forEach((uid, i) => {
        if (uid >= from && uid <= to) chosen.add(i + 1);
      });
      // "n:*" always includes the last message even when n is beyond it (RFC 3501 §6.4.8).
      if (b === '*' && count > 0 && from > max) chosen.add(count);
    } else {
      if (to > count) throw new ImapSyntaxError('invalid message sequence number');
      for (let n = from; n <= to; n++) chosen.add(n);
    }
  }
  return [...chosen].sort((x, y) => x - y);
}
