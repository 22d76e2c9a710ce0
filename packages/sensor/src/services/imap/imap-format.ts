import { parseHeaders, splitMessage, type StoredMessage } from '../mail-store.js';

/** IMAP response values (RFC 3501 §4): quoted strings when safe, literals otherwise, NIL for absent. */

export function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A string as a quoted string when it is plain printable ASCII, else as a literal. */
export function astring(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && value.length < 1_000) return quoted(value);
  return `{${Buffer.byteLength(value, 'utf8')}}\r\n${value}`;
}

export function nstring(value: string | undefined): string {
  return value === undefined || value === '' ? 'NIL' : astring(value);
}

export function literal(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{${bytes.length}}\r\n`), bytes]);
}

/** IMAP's INTERNALDATE form: "17-Jul-1996 02:44:25 -0700" (we keep UTC). */
export function internalDate(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `"${p(date.getUTCDate())}-${months[date.getUTCMonth()]}-${date.getUTCFullYear()} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000"`;
}

interface Address {
  name?: string;
  mailbox: string;
  host: string;
}

/** Splits an address list header ("Name <a@b>, c@d") into addresses; unparseable parts are dropped. */
export function parseAddresses(value: string | undefined): Address[] {
  if (!value) return [];
  const out: Address[] = [];
  for (const part of value.slice(0, 8_192).split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const m =
      /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>@\s]+)@([^<>\s]+)>\s*$/.exec(part) ??
      /^\s*()([^<>@\s]+)@([^<>\s]+)\s*$/.exec(part);
    if (!m) continue;
    out.push({ ...(m[1] ? { name: m[1].trim() } : {}), mailbox: m[2]!, host: m[3]! });
    if (out.length >= 100) break;
  }
  return out;
}

function addressList(list: Address[]): string {
  if (list.length === 0) return 'NIL';
  return `(${list.map((a) => `(${nstring(a.name)} NIL ${astring(a.mailbox)} ${astring(a.host)})`).join('')})`;
}

/** ENVELOPE (RFC 3501 §7.4.2): date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id. */
export function envelope(message: StoredMessage): string {
  const h = parseHeaders(message.raw);
  const from = parseAddresses(h.get('from'));
  const sender = h.has('sender') ? parseAddresses(h.get('sender')) : from;
  const replyTo = h.has('reply-to') ? parseAddresses(h.get('reply-to')) : from;
  return `(${[
    nstring(h.get('date')),
    nstring(h.get('subject')),
    addressList(from),
    addressList(sender),
    addressList(replyTo),
    addressList(parseAddresses(h.get('to'))),
    addressList(parseAddresses(h.get('cc'))),
    addressList(parseAddresses(h.get('bcc'))),
    nstring(h.get('in-reply-to')),
    nstring(h.get('message-id')),
  ].join(' ')})`;
}

/** A single-part BODYSTRUCTURE from the message's Content-Type (multipart bodies are described as one part). */
export function bodyStructure(message: StoredMessage, extended: boolean): string {
  const h = parseHeaders(message.raw);
  const { body } = splitMessage(message.raw);
  const ct = /^\s*([\w.+-]+)\/([\w.+-]+)/.exec(h.get('content-type') ?? '');
  const multipart = ct?.[1]?.toLowerCase() === 'multipart';
  const type = ct && !multipart ? ct[1]!.toUpperCase() : 'TEXT';
  const subtype = ct && !multipart ? ct[2]!.toUpperCase() : 'PLAIN';
  const charset = /charset="?([\w.-]+)"?/i.exec(h.get('content-type') ?? '')?.[1] ?? 'us-ascii';
  const encoding = (h.get('content-transfer-encoding') ?? '7bit').toUpperCase();
  const lines = body.length === 0 ? 0 : body.toString('latin1').split('\r\n').length;
  const base = `${quoted(type)} ${quoted(subtype)} ("CHARSET" ${quoted(charset)}) NIL NIL ${quoted(encoding)} ${body.length}`;
  const textLines = type === 'TEXT' ? ` ${lines}` : '';
  return `(${base}${textLines}${extended ? ' NIL NIL NIL NIL' : ''})`;
}

export interface Section {
  /** '' (whole), HEADER, TEXT, HEADER.FIELDS, HEADER.FIELDS.NOT, MIME, or a part number like 1. */
  kind: string;
  fields: string[];
  partial?: { start: number; length?: number };
}

/** Parses "HEADER.FIELDS (FROM SUBJECT)" (the text between the brackets) and an optional "<0.100>". */
export function parseSection(inside: string, partial: string | undefined): Section {
  const m = /^([\d.]*?)\.?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)?\s*(?:\(([^)]*)\))?$/i.exec(
    inside.trim(),
  );
  if (!m) throw new Error('bad section');
  const part = m[1] ?? '';
  let kind = (m[2] ?? '').toUpperCase();
  if (part !== '' && part !== '1' && part !== '0') throw new Error('no such part');
  if (part === '1' && kind === '') kind = 'TEXT';
  if (part === '1' && kind === 'MIME') kind = 'HEADER';
  const fields = (m[3] ?? '').split(/\s+/).filter((f) => f !== '');
  const out: Section = { kind, fields: fields.map((f) => f.replace(/"/g, '')) };
  if (partial) {
    const p = /^<(\d{1,10})(?:\.(\d{1,10}))?>$/.exec(partial);
    if (!p) throw new Error('bad partial');
    out.partial = { start: Number(p[1]), ...(p[2] !== undefined ? { length: Number(p[2]) } : {}) };
  }
  return out;
}

/** The bytes of a section of a message. */
export function sectionBytes(message: StoredMessage, section: Section): Buffer {
  const { header, body } = splitMessage(message.raw);
  let bytes: Buffer;
  switch (section.kind) {
    case '':
      bytes = message.raw;
      break;
    case 'HEADER':
      bytes = Buffer.concat([header, Buffer.from('\r\n')]);
      break;
    case 'TEXT':
      bytes = body;
      break;
    default: {
      const wanted = new Set(section.fields.map((f) => f.toLowerCase()));
      const keep = section.kind === 'HEADER.FIELDS';
      const lines = header
        .toString('utf8')
        .split(/\r?\n(?![ \t])/)
        .filter((l) => l !== '');
      const picked = lines.filter((l) => wanted.has(l.slice(0, l.indexOf(':')).trim().toLowerCase()) === keep);
      bytes = Buffer.from(picked.map((l) => `${l}\r\n`).join('') + '\r\n', 'utf8');
    }
  }
  if (section.partial) {
    const { start, length } = section.partial;
    bytes = bytes.subarray(start, length === undefined ? undefined : start + length);
  }
  return bytes;
}

/** The section's name as the response echoes it: BODY[HEADER.FIELDS (FROM)]<0>. */
export function sectionName(inside: string, section: Section): string {
  const fields = /\(([^)]*)\)/.exec(inside);
  const spec = fields ? inside.replace(/\s*\([^)]*\)/, ` (${fields[1]!.trim().toUpperCase()})`) : inside;
  return `BODY[${spec.toUpperCase()}]${section.partial ? `<${section.partial.start}>` : ''}`;
}
