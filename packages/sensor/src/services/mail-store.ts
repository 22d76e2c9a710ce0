import { createHash, timingSafeEqual } from 'node:crypto';
import { findHost } from '../world/accounts.js';
import { rfc5322 } from '../world/render.js';
import type { Employee, Host, Message, World } from '../world/schema.js';
import type { WorldRuntime } from './contracts.js';

/**
 * The mailboxes of one world as its mail services (IMAP, SMTP, webmail) see them: built once per runtime from the
 * world's threads, so every service shows the same messages with the same UIDs. The store itself never changes
 * except for mail an attacker sends (appended to their Sent folder, bounded); flag changes and expunges live in
 * each protocol session, so one intruder's `STORE \Deleted` does not leak into another's view.
 */

export type SpecialUse = '\\Sent' | '\\Drafts';

export interface StoredMessage {
  uid: number;
  /** The message as the client receives it, CRLF line ends. */
  raw: Buffer;
  internalDate: Date;
  /** The flags every new session starts with. */
  flags: readonly string[];
  /** The world's message id (the slug before `@domain` in Message-ID), or the capture's id. */
  id: string;
  subject: string;
  from: string;
  to: readonly string[];
}

export interface Mailbox {
  name: string;
  specialUse?: SpecialUse;
  uidValidity: number;
  messages: StoredMessage[];
  uidNext: number;
}

export interface MailUser {
  email: string;
  /** The names a client may log in with: the address, its local part, the employee's user name. */
  logins: readonly string[];
  employee: Employee;
  mailboxes: Mailbox[];
}

export interface MailStore {
  domain: string;
  /** The host the mail lives on (the world's mail host). */
  host: Host;
  /** The fully qualified name the servers announce. */
  fqdn: string;
  users: readonly MailUser[];
  /** The user a login name means (address, local part or user name; case-insensitive). */
  findUser(login: string): MailUser | undefined;
  /** The user when the password is theirs (constant-time comparison), otherwise undefined. */
  authenticate(login: string, password: string): MailUser | undefined;
  mailbox(user: MailUser, name: string): Mailbox | undefined;
  /** Appends a captured outgoing message to the user's Sent folder while the store's budget allows. */
  appendSent(user: MailUser, raw: Buffer, date: Date): StoredMessage | undefined;
  /** Whether an address is in the world's own domain. */
  isLocal(address: string): boolean;
}

/** Appended mail is kept in memory: at most this many messages and bytes per store. */
const APPEND_BUDGET = { messages: 500, bytes: 16 * 1024 * 1024, messageBytes: 1024 * 1024 };

const stores = new WeakMap<WorldRuntime, MailStore>();

/** The mail store of a running world (built on first use, then shared by its services). */
export function mailStoreFor(runtime: WorldRuntime): MailStore {
  let store = stores.get(runtime);
  if (!store) {
    store = buildMailStore(runtime.world);
    stores.set(runtime, store);
  }
  return store;
}

export function mailHostOf(world: World): Host {
  const named = world.mail ? findHost(world, world.mail.host) : undefined;
  const host = named ?? world.hosts.find((h) => h.role === 'mail') ?? world.hosts[0];
  if (!host) throw new Error('the world has no hosts');
  return host;
}

function buildMailStore(world: World): MailStore {
  const domain = world.organisation.domain;
  const host = mailHostOf(world);
  const fqdn = `${host.hostname}.${domain}`;
  // UIDVALIDITY is the mailbox's creation time in Dovecot: some months before the world was generated, at a moment
  // drawn from the domain so that two worlds never share it.
  const drift = createHash('sha256').update(domain).digest().readUInt32BE(0) % (86_400 * 300);
  const validity = Math.floor(Date.parse(world.generatedAt) / 1000) - 86_400 * 400 - drift;
  const recentSince = Date.parse(world.generatedAt) - 3 * 86_400_000;
  const users: MailUser[] = world.employees.map((employee) => {
    const local = employee.email.split('@')[0]!;
    const logins = [...new Set([employee.email, local, employee.username].map((l) => l.toLowerCase()))];
    return {
      email: employee.email,
      logins,
      employee,
      mailboxes: [
        { name: 'INBOX', uidValidity: validity, messages: [], uidNext: 1 },
        { name: 'Sent', specialUse: '\\Sent', uidValidity: validity + 1, messages: [], uidNext: 1 },
        { name: 'Drafts', specialUse: '\\Drafts', uidValidity: validity + 2, messages: [], uidNext: 1 },
      ],
    };
  });
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const all = (world.mail?.threads ?? []).flatMap((t) => t.messages);
  all.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  for (const message of all) {
    const raw = Buffer.from(rfc5322(message, host, domain).replace(/\r?\n/g, '\r\n'), 'utf8');
    const sender = byEmail.get(message.from.email.toLowerCase());
    if (sender) push(sender.mailboxes[1]!, message, raw, ['\\Seen']);
    const recipients = new Set(
      [...message.to, ...message.cc].map((a) => byEmail.get(a.email.toLowerCase())).filter((u) => u !== undefined),
    );
    for (const user of recipients) {
      const unread = Date.parse(message.date) > recentSince;
      push(user.mailboxes[0]!, message, raw, unread ? [] : ['\\Seen']);
    }
  }
  const loginIndex = new Map<string, MailUser>();
  for (const user of users) for (const login of user.logins) if (!loginIndex.has(login)) loginIndex.set(login, user);
  let appended = { messages: 0, bytes: 0 };
  return {
    domain,
    host,
    fqdn,
    users,
    findUser: (login) => loginIndex.get(login.trim().toLowerCase()),
    authenticate(login, password) {
      const user = loginIndex.get(login.trim().toLowerCase());
      if (!user) return undefined;
      return sameSecret(password, user.employee.password) ? user : undefined;
    },
    mailbox: (user, name) =>
      user.mailboxes.find((m) => (m.name === 'INBOX' ? name.toUpperCase() === 'INBOX' : m.name === name)),
    appendSent(user, raw, date) {
      if (raw.length > APPEND_BUDGET.messageBytes) return undefined;
      if (appended.messages >= APPEND_BUDGET.messages || appended.bytes + raw.length > APPEND_BUDGET.bytes)
        return undefined;
      appended = { messages: appended.messages + 1, bytes: appended.bytes + raw.length };
      const sent = user.mailboxes.find((m) => m.specialUse === '\\Sent')!;
      const head = parseHeaders(raw);
      const stored: StoredMessage = {
        uid: sent.uidNext++,
        raw,
        internalDate: date,
        flags: ['\\Seen'],
        id: `captured-${createHash('sha256').update(raw).digest('hex').slice(0, 12)}`,
        subject: head.get('subject') ?? '',
        from: head.get('from') ?? '',
        to: (head.get('to') ?? '').split(',').map((s) => s.trim()),
      };
      sent.messages.push(stored);
      return stored;
    },
    isLocal: (address) => address.toLowerCase().endsWith(`@${domain}`),
  };
}

function push(box: Mailbox, message: Message, raw: Buffer, flags: string[]): void {
  box.messages.push({
    uid: box.uidNext++,
    raw,
    internalDate: new Date(message.date),
    flags,
    id: message.id,
    subject: message.subject,
    from: message.from.email,
    to: [...message.to, ...message.cc].map((a) => a.email),
  });
}

/** Compares secrets in constant time (for equal lengths; a length mismatch fails after hashing both). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given === expected;
}

/** The header block and body of a raw message (split at the first empty line). */
export function splitMessage(raw: Buffer): { header: Buffer; body: Buffer } {
  const at = raw.indexOf('\r\n\r\n');
  if (at >= 0) return { header: raw.subarray(0, at + 2), body: raw.subarray(at + 4) };
  const lf = raw.indexOf('\n\n');
  if (lf >= 0) return { header: raw.subarray(0, lf + 1), body: raw.subarray(lf + 2) };
  return { header: raw, body: Buffer.alloc(0) };
}

/** Unfolded headers by lower-case name (first occurrence wins), bounded to the first 64 KB of the header. */
export function parseHeaders(raw: Buffer): Map<string, string> {
  const text = splitMessage(raw).header.subarray(0, 65_536).toString('utf8');
  const out = new Map<string, string>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
  }
  return out;
}

/** Decodes RFC 2047 encoded words (B and Q, UTF-8 or ASCII) for display and events. */
export function decodeWords(value: string): string {
  return value.replace(/=\?([^?]{1,40})\?([bBqQ])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    return Buffer.from(
      data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  });
}

/** Whether a login and password are one of the credentials the world planted. */
export function isPlanted(world: World, username: string, password: string): boolean {
  const local = username.split('@')[0]!.toLowerCase();
  return world.plantedCredentials.some((c) => c.username.toLowerCase() === local && c.password === password);
}
