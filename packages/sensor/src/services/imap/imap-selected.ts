import type { Mailbox } from '../mail-store.js';
import { cut, type OriginlessEvent } from './connection.js';
import { fetchResponse, parseFetchItems, readsContent, resolveSet, setsSeen } from './imap-fetch.js';
import type { SessionMailboxes, ViewEntry } from './imap-mailbox.js';
import { textOf, type ImapCommand } from './imap-reader.js';
import { compileSearch, describeSearch } from './imap-search.js';

/** The commands of the selected state (RFC 3501 §6.4): FETCH, SEARCH, STORE and EXPUNGE over the session's view. */

export interface Selected {
  box: Mailbox;
  readOnly: boolean;
  view: ViewEntry[];
}

export interface SelectedContext {
  boxes: SessionMailboxes;
  write(data: Buffer | string): void;
  emit(event: OriginlessEvent): void;
  ok(tag: string, text: string): void;
  badCommand(tag: string, text: string): void;
}

export function fetchCommand(ctx: SelectedContext, c: ImapCommand, selected: Selected, byUid: boolean): void {
  const set = textOf(c.args[0]);
  if (set === undefined) return ctx.badCommand(c.tag, 'Error in IMAP command FETCH: Invalid arguments.');
  const items = parseFetchItems(c.args[1], byUid);
  const seqs = resolveSet(
    set,
    selected.view.map((e) => e.message.uid),
    byUid,
  );
  const markSeen = setsSeen(items) && !selected.readOnly;
  const reads = readsContent(items);
  let events = 0;
  for (const seq of seqs) {
    const entry = selected.view[seq - 1]!;
    if (markSeen && !entry.flags.includes('\\Seen'))
      ctx.boxes.setFlags(selected.box, entry, [...entry.flags, '\\Seen']);
    ctx.write(fetchResponse(seq, entry.message, entry.flags, items));
    if (reads && events++ < 1_000)
      ctx.emit({
        kind: 'mail',
        action: 'read',
        mailbox: selected.box.name,
        messageId: entry.message.id,
        subject: cut(entry.message.subject),
        from: cut(entry.message.from),
      });
  }
  ctx.ok(c.tag, `${byUid ? 'UID ' : ''}Fetch completed (0.001 + 0.000 secs).`);
}

export function searchCommand(ctx: SelectedContext, c: ImapCommand, selected: Selected, byUid: boolean): void {
  const uids = selected.view.map((e) => e.message.uid);
  const predicate = compileSearch(c.args, { uids });
  const hits = selected.view
    .map((entry, i) => ({ seq: i + 1, message: entry.message, flags: entry.flags }))
    .filter(predicate)
    .map((t) => (byUid ? t.message.uid : t.seq));
  ctx.write(`* SEARCH${hits.map((h) => ` ${h}`).join('')}\r\n`);
  ctx.emit({
    kind: 'mail',
    action: 'searched',
    mailbox: selected.box.name,
    query: cut(describeSearch(c.args)),
    count: hits.length,
  });
  ctx.ok(c.tag, `${byUid ? 'UID ' : ''}Search completed (0.001 + 0.000 secs).`);
}

export function storeCommand(ctx: SelectedContext, c: ImapCommand, selected: Selected, byUid: boolean): void {
  const set = textOf(c.args[0]);
  const mode = textOf(c.args[1])?.toUpperCase();
  const flagArg = c.args[2];
  if (set === undefined || !mode || !flagArg || !/^[+-]?FLAGS(\.SILENT)?$/.test(mode))
    return ctx.badCommand(c.tag, 'Error in IMAP command STORE: Invalid arguments.');
  if (selected.readOnly) return void ctx.write(`${c.tag} NO Mailbox is read-only.\r\n`);
  const flags = (flagArg.type === 'list' ? flagArg.items.map(textOf) : [textOf(flagArg)]).filter(
    (f): f is string => f !== undefined && /^\\?[\w$-]{1,64}$/.test(f),
  );
  for (const seq of resolveSet(
    set,
    selected.view.map((e) => e.message.uid),
    byUid,
  )) {
    const entry = selected.view[seq - 1]!;
    const next = mode.startsWith('+')
      ? [...entry.flags, ...flags]
      : mode.startsWith('-')
        ? entry.flags.filter((f) => !flags.includes(f))
        : flags;
    ctx.boxes.setFlags(selected.box, entry, next);
    if (!mode.endsWith('.SILENT'))
      ctx.write(`* ${seq} FETCH (${byUid ? `UID ${entry.message.uid} ` : ''}FLAGS (${entry.flags.join(' ')}))\r\n`);
  }
  ctx.ok(c.tag, 'Store completed (0.001 + 0.000 secs).');
}

export function expungeSelected(ctx: SelectedContext, selected: Selected, announce: boolean): void {
  if (selected.readOnly) return;
  for (let i = selected.view.length - 1; i >= 0; i--) {
    const entry = selected.view[i]!;
    if (!entry.flags.includes('\\Deleted')) continue;
    ctx.boxes.expunge(selected.box, entry.message.uid);
    selected.view.splice(i, 1);
    if (announce) ctx.write(`* ${i + 1} EXPUNGE\r\n`);
  }
}
