import type { SessionOrigin, WorldRuntime } from '../contracts.js';
import { isPlanted, type Mailbox, type MailStore, type MailUser } from '../mail-store.js';
import { cut, type OriginlessEvent } from './connection.js';
import { astring } from './imap-format.js';
import { matchesPattern, SessionMailboxes } from './imap-mailbox.js';
import {
  ImapOverflowError,
  ImapReader,
  ImapSyntaxError,
  parseCommand,
  textOf,
  type ImapCommand,
} from './imap-reader.js';
import {
  expungeSelected,
  fetchCommand,
  searchCommand,
  storeCommand,
  type Selected,
  type SelectedContext,
} from './imap-selected.js';

/** One IMAP connection: the state machine of RFC 3501 over the world's mailboxes, Dovecot's wording. */

export interface ImapSessionDeps {
  runtime: WorldRuntime;
  store: MailStore;
  origin: SessionOrigin;
  emit: (event: OriginlessEvent) => void;
  write: (data: Buffer | string) => void;
  end: () => void;
  /** Delay before a failed login is answered (Dovecot waits about two seconds). */
  failureDelayMs: number;
  /** The client is not reading: stop answering until {@link ImapSession.resume}. */
  congested: () => boolean;
}

const PRE_AUTH_CAPS = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN';
const CAPS =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS ' +
  'THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED ' +
  'I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY ' +
  'PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE';
const FLAGS = '(\\Answered \\Flagged \\Deleted \\Seen \\Draft)';
const MAX_BAD = 20;

export class ImapSession {
  private readonly reader: ImapReader;
  private user: MailUser | undefined;
  private boxes: SessionMailboxes | undefined;
  private selected: Selected | undefined;
  /** A command waiting for a continuation line (AUTHENTICATE or IDLE). */
  private waiting: ((line: string) => void) | undefined;
  private busy = false;
  private bad = 0;
  private closed = false;

  constructor(private readonly deps: ImapSessionDeps) {
    this.reader = new ImapReader(() => deps.write('+ OK\r\n'));
  }

  greeting(): string {
    const banner = this.deps.origin.host.services.find((s) => s.name === 'imap')?.banner;
    const line = banner ?? `* OK [CAPABILITY ${PRE_AUTH_CAPS}] Dovecot ready.`;
    return `${line.replace(' STARTTLS', '').replace(' LOGINDISABLED', '')}\r\n`;
  }

  /** The client read what was waiting: carry on with buffered commands. */
  resume(): void {
    try {
      this.pump();
    } catch {
      this.bye('Internal error');
    }
  }

  get authenticated(): boolean {
    return this.user !== undefined;
  }

  close(): void {
    this.closed = true;
  }

  /** Bytes from the client; never throws (malformed input gets BAD, oversize input gets BYE). */
  onData(chunk: Buffer): void {
    try {
      this.reader.append(chunk);
      this.pump();
    } catch (error) {
      if (error instanceof ImapOverflowError) this.bye('Too long command');
      else this.bye('Internal error');
    }
  }

  private pump(): void {
    while (!this.closed && !this.busy && !this.deps.congested()) {
      if (this.waiting) {
        const line = this.reader.takeLine();
        if (line === undefined) return;
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting(line);
        continue;
      }
      const segments = this.reader.next();
      if (!segments) return;
      let command: ImapCommand;
      try {
        command = parseCommand(segments);
      } catch (error) {
        const tag = (error as { tag?: string }).tag ?? '*';
        this.badCommand(tag, tag === '*' ? 'Error in IMAP command received by server.' : 'Unknown command.');
        continue;
      }
      try {
        this.dispatch(command);
      } catch (error) {
        if (error instanceof ImapSyntaxError)
          this.badCommand(command.tag, `Error in IMAP command ${command.name}: ${error.message}`);
        else throw error;
      }
    }
  }

  private badCommand(tag: string, text: string): void {
    this.deps.write(`${tag} BAD ${text}\r\n`);
    if (++this.bad >= MAX_BAD) this.bye('Too many invalid IMAP commands.');
  }

  private bye(text: string): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.write(`* BYE ${text}\r\n`);
    this.deps.end();
  }

  private ok(tag: string, text: string): void {
    this.deps.write(`${tag} OK ${text}\r\n`);
  }

  private dispatch(c: ImapCommand): void {
    switch (c.name) {
      case 'CAPABILITY':
        this.deps.write(`* CAPABILITY ${this.user ? CAPS : PRE_AUTH_CAPS}\r\n`);
        return this.ok(c.tag, 'Pre-login capabilities listed, post-login capabilities have more.');
      case 'NOOP':
      case 'CHECK':
        return this.ok(c.tag, `${c.name === 'NOOP' ? 'NOOP' : 'Check'} completed (0.001 + 0.000 secs).`);
      case 'LOGOUT':
        this.deps.write('* BYE Logging out\r\n');
        this.ok(c.tag, 'Logout completed (0.001 + 0.000 secs).');
        this.closed = true;
        return this.deps.end();
      case 'ID':
        this.deps.write('* ID ("name" "Dovecot")\r\n');
        return this.ok(c.tag, 'ID completed (0.001 + 0.000 secs).');
      case 'STARTTLS':
        return void this.deps.write(`${c.tag} BAD TLS support isn't enabled.\r\n`);
      case 'LOGIN':
        return this.login(c.tag, textOf(c.args[0]), textOf(c.args[1]));
      case 'AUTHENTICATE':
        return this.authenticate(c);
    }
    if (!this.user || !this.boxes) {
      if (/^[A-Z. ]+$/.test(c.name) && c.name.length < 30)
        return void this.deps.write(`${c.tag} BAD Error in IMAP command ${c.name}: Unknown command.\r\n`);
      return this.badCommand(c.tag, 'Error in IMAP command received by server.');
    }
    this.authenticatedCommand(c, this.boxes);
  }

  private authenticatedCommand(c: ImapCommand, boxes: SessionMailboxes): void {
    const user = boxes.user;
    switch (c.name) {
      case 'NAMESPACE':
        this.deps.write('* NAMESPACE (("" ".")) NIL NIL\r\n');
        return this.ok(c.tag, 'Namespace completed (0.001 + 0.000 secs).');
      case 'ENABLE':
        this.deps.write('* ENABLED\r\n');
        return this.ok(c.tag, 'Enabled.');
      case 'LIST':
      case 'LSUB':
        return this.list(c, user);
      case 'STATUS':
        return this.status(c, user, boxes);
      case 'SELECT':
      case 'EXAMINE':
        return this.select(c, user, boxes);
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE':
        return this.ok(
          c.tag,
          `${c.name === 'SUBSCRIBE' ? 'Subscribe' : 'Unsubscribe'} completed (0.001 + 0.000 secs).`,
        );
      case 'CREATE':
      case 'DELETE':
      case 'RENAME':
      case 'APPEND':
        return void this.deps.write(`${c.tag} NO [OVERQUOTA] Quota exceeded (mailbox for user is full)\r\n`);
      case 'IDLE':
        this.deps.write('+ idling\r\n');
        this.waiting = (line) => {
          if (line.trim().toUpperCase() === 'DONE') this.ok(c.tag, 'Idle completed (0.001 + 5.000 secs).');
          else this.badCommand(c.tag, 'Expected DONE.');
        };
        return;
    }
    const selected = this.selected;
    if (!selected) {
      const known = [
        'FETCH',
        'UID FETCH',
        'SEARCH',
        'UID SEARCH',
        'STORE',
        'UID STORE',
        'CLOSE',
        'UNSELECT',
        'EXPUNGE',
        'COPY',
        'UID COPY',
        'MOVE',
        'UID MOVE',
        'UID EXPUNGE',
      ];
      if (known.includes(c.name)) return this.badCommand(c.tag, 'No mailbox selected.');
      return this.badCommand(c.tag, `Error in IMAP command ${c.name.slice(0, 30)}: Unknown command.`);
    }
    const byUid = c.name.startsWith('UID ');
    const ctx: SelectedContext = {
      boxes,
      write: (data) => this.deps.write(data),
      emit: (event) => this.deps.emit(event),
      ok: (tag, text) => this.ok(tag, text),
      badCommand: (tag, text) => this.badCommand(tag, text),
    };
    switch (c.name) {
      case 'FETCH':
      case 'UID FETCH':
        return fetchCommand(ctx, c, selected, byUid);
      case 'SEARCH':
      case 'UID SEARCH':
        return searchCommand(ctx, c, selected, byUid);
      case 'STORE':
      case 'UID STORE':
        return storeCommand(ctx, c, selected, byUid);
      case 'COPY':
      case 'UID COPY':
      case 'MOVE':
      case 'UID MOVE':
        return void this.deps.write(`${c.tag} NO [OVERQUOTA] Quota exceeded (mailbox for user is full)\r\n`);
      case 'EXPUNGE':
      case 'UID EXPUNGE':
        expungeSelected(ctx, selected, true);
        return this.ok(c.tag, 'Expunge completed (0.001 + 0.000 secs).');
      case 'CLOSE':
      case 'UNSELECT':
        if (c.name === 'CLOSE') expungeSelected(ctx, selected, false);
        this.selected = undefined;
        return this.ok(c.tag, `${c.name === 'CLOSE' ? 'Close' : 'Unselect'} completed (0.001 + 0.000 secs).`);
      default:
        return this.badCommand(c.tag, `Error in IMAP command ${c.name.slice(0, 30)}: Unknown command.`);
    }
  }

  private login(tag: string, username: string | undefined, password: string | undefined): void {
    if (username === undefined || password === undefined)
      return this.badCommand(tag, 'Error in IMAP command LOGIN: Missing arguments.');
    if (this.user) return void this.deps.write(`${tag} BAD Error in IMAP command LOGIN: Already logged in.\r\n`);
    const user = this.deps.store.authenticate(username, password);
    this.deps.emit({
      kind: 'auth',
      method: 'password',
      username: cut(username, 256),
      password: cut(password, 256),
      success: user !== undefined,
      ...(isPlanted(this.deps.runtime.world, username, password) ? { planted: true } : {}),
    });
    if (user) {
      this.user = user;
      this.boxes = new SessionMailboxes(user);
      return this.ok(tag, `[CAPABILITY ${CAPS}] Logged in`);
    }
    this.busy = true;
    setTimeout(() => {
      this.busy = false;
      if (this.closed) return;
      this.deps.write(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
      this.resume();
    }, this.deps.failureDelayMs).unref();
  }

  private authenticate(c: ImapCommand): void {
    const mechanism = textOf(c.args[0])?.toUpperCase();
    if (mechanism !== 'PLAIN') return void this.deps.write(`${c.tag} NO Unsupported authentication mechanism.\r\n`);
    const withResponse = (response: string) => {
      if (response.trim() === '*') return void this.deps.write(`${c.tag} BAD Authentication aborted by client.\r\n`);
      const decoded = Buffer.from(response.trim(), 'base64').toString('utf8').split('\0');
      if (decoded.length !== 3)
        return void this.deps.write(`${c.tag} BAD Invalid base64 data in continued response\r\n`);
      this.login(c.tag, decoded[1], decoded[2]);
    };
    const initial = textOf(c.args[1]);
    if (initial !== undefined) return withResponse(initial === '=' ? '' : initial);
    this.deps.write('+ \r\n');
    this.waiting = withResponse;
  }

  private mailboxArg(c: ImapCommand, at: number, user: MailUser): Mailbox | undefined {
    const name = textOf(c.args[at]);
    return name === undefined ? undefined : this.deps.store.mailbox(user, name);
  }

  private list(c: ImapCommand, user: MailUser): void {
    // LIST-EXTENDED: optional selection options first, RETURN options after the pattern.
    const args = c.args[0]?.type === 'list' ? c.args.slice(1) : c.args;
    const reference = textOf(args[0]);
    const pattern = args[1];
    if (reference === undefined || pattern === undefined)
      return this.badCommand(c.tag, `Error in IMAP command ${c.name}: Missing arguments.`);
    const patterns = pattern.type === 'list' ? pattern.items.map(textOf) : [textOf(pattern)];
    if (patterns.length === 1 && patterns[0] === '') {
      this.deps.write(`* ${c.name} (\\Noselect) "." ""\r\n`);
      return this.ok(c.tag, `${c.name === 'LIST' ? 'List' : 'Lsub'} completed (0.001 + 0.000 secs).`);
    }
    let count = 0;
    for (const box of user.mailboxes) {
      if (!patterns.some((p) => p !== undefined && matchesPattern(box.name, reference, p))) continue;
      const attrs = ['\\HasNoChildren', ...(box.specialUse ? [box.specialUse] : [])];
      this.deps.write(`* ${c.name} (${attrs.join(' ')}) "." ${box.name}\r\n`);
      count++;
    }
    this.deps.emit({ kind: 'mail', action: 'listed', count });
    this.ok(c.tag, `${c.name === 'LIST' ? 'List' : 'Lsub'} completed (0.001 + 0.000 secs).`);
  }

  private status(c: ImapCommand, user: MailUser, boxes: SessionMailboxes): void {
    const box = this.mailboxArg(c, 0, user);
    const items = c.args[1];
    if (!items || items.type !== 'list')
      return this.badCommand(c.tag, 'Error in IMAP command STATUS: Status items must be a list.');
    if (!box)
      return void this.deps.write(
        `${c.tag} NO Mailbox doesn't exist: ${cut(textOf(c.args[0]) ?? '', 100).replace(/[\r\n]/g, '')}\r\n`,
      );
    const s = boxes.status(box);
    const values: Record<string, number> = {
      MESSAGES: s.messages,
      RECENT: 0,
      UIDNEXT: s.uidNext,
      UIDVALIDITY: s.uidValidity,
      UNSEEN: s.unseen,
    };
    const out = items.items
      .map((i) => textOf(i)?.toUpperCase() ?? '')
      .filter((k) => k in values)
      .map((k) => `${k} ${values[k]}`);
    this.deps.write(`* STATUS ${astring(box.name)} (${out.join(' ')})\r\n`);
    this.deps.emit({ kind: 'mail', action: 'listed', mailbox: box.name, count: s.messages });
    this.ok(c.tag, 'Status completed (0.001 + 0.000 secs).');
  }

  private select(c: ImapCommand, user: MailUser, boxes: SessionMailboxes): void {
    this.selected = undefined;
    const box = this.mailboxArg(c, 0, user);
    if (!box)
      return void this.deps.write(
        `${c.tag} NO Mailbox doesn't exist: ${cut(textOf(c.args[0]) ?? '', 100).replace(/[\r\n]/g, '')}\r\n`,
      );
    const readOnly = c.name === 'EXAMINE';
    const view = boxes.view(box);
    this.selected = { box, readOnly, view };
    const firstUnseen = view.findIndex((e) => !e.flags.includes('\\Seen'));
    this.deps.write(
      [
        `* FLAGS ${FLAGS}`,
        `* OK [PERMANENTFLAGS ${readOnly ? '()' : '(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)'}] Flags permitted.`,
        `* ${view.length} EXISTS`,
        '* 0 RECENT',
        ...(firstUnseen >= 0 ? [`* OK [UNSEEN ${firstUnseen + 1}] First unseen.`] : []),
        `* OK [UIDVALIDITY ${box.uidValidity}] UIDs valid`,
        `* OK [UIDNEXT ${box.uidNext}] Predicted next UID`,
        '',
      ].join('\r\n'),
    );
    this.deps.emit({ kind: 'mail', action: 'listed', mailbox: box.name, count: view.length });
    this.ok(
      c.tag,
      `[${readOnly ? 'READ-ONLY' : 'READ-WRITE'}] ${readOnly ? 'Examine' : 'Select'} completed (0.001 + 0.000 secs).`,
    );
  }
}
