import type { Mailbox, MailUser, StoredMessage } from '../mail-store.js';

/**
 * One IMAP session's view of a user's mailboxes: flag changes and expunges stay here (the world's mail is never
 * changed by an intruder), and are kept across SELECTs for the session's lifetime.
 */

export interface ViewEntry {
  message: StoredMessage;
  flags: string[];
}

export class SessionMailboxes {
  private readonly flags = new Map<string, Map<number, string[]>>();
  private readonly expunged = new Map<string, Set<number>>();

  constructor(readonly user: MailUser) {}

  /** The mailbox's messages as this session sees them, in UID order. */
  view(box: Mailbox): ViewEntry[] {
    const gone = this.expunged.get(box.name);
    const flags = this.flags.get(box.name);
    return box.messages
      .filter((m) => !gone?.has(m.uid))
      .map((message) => ({ message, flags: [...(flags?.get(message.uid) ?? message.flags)] }));
  }

  setFlags(box: Mailbox, entry: ViewEntry, flags: string[]): void {
    entry.flags = [...new Set(flags)].slice(0, 32);
    let map = this.flags.get(box.name);
    if (!map) this.flags.set(box.name, (map = new Map()));
    map.set(entry.message.uid, entry.flags);
  }

  expunge(box: Mailbox, uid: number): void {
    let set = this.expunged.get(box.name);
    if (!set) this.expunged.set(box.name, (set = new Set()));
    set.add(uid);
  }

  status(box: Mailbox): { messages: number; unseen: number; uidNext: number; uidValidity: number } {
    const view = this.view(box);
    return {
      messages: view.length,
      unseen: view.filter((e) => !e.flags.includes('\\Seen')).length,
      uidNext: box.uidNext,
      uidValidity: box.uidValidity,
    };
  }
}

/** IMAP LIST pattern matching: `*` matches anything, `%` anything but the hierarchy separator. */
export function matchesPattern(name: string, reference: string, pattern: string): boolean {
  const full = reference + pattern;
  if (full.length > 1_000) return false;
  const re = new RegExp(
    '^' +
      full
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '%' ? '[^.]*' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    'i',
  );
  return re.test(name);
}
