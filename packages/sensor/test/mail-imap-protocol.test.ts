import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceHandle } from '../src/services/contracts.js';
import { startImapService } from '../src/services/imap/imap-service.js';
import { mailStoreFor } from '../src/services/mail-store.js';
import { rawExchange, savedWebmailPassword } from './mail-clients.js';
import { testRuntime, type TestRuntime } from './runtime.js';

let service: ServiceHandle | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function session(): Promise<{ runtime: TestRuntime; say: (script: string) => Promise<string>; login: string }> {
  const runtime = testRuntime();
  service = await startImapService({ runtime, binding: { host: '127.0.0.1', port: 0 }, failureDelayMs: 10 });
  const { username, password } = savedWebmailPassword(runtime.world);
  const port = service.address.port;
  const login = `a LOGIN "${username}" {${Buffer.byteLength(password)}+}\r\n${password}\r\n`;
  return { runtime, say: (script) => rawExchange(port, [login + script]), login: username };
}

describe('IMAP protocol details', () => {
  it('answers STATUS, EXAMINE, header fields, BODYSTRUCTURE and IDLE', async () => {
    const { runtime, say, login } = await session();
    const store = mailStoreFor(runtime);
    const inbox = store.mailbox(store.findUser(login)!, 'INBOX')!;
    const out = await say(
      'b STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)\r\nc EXAMINE INBOX\r\n' +
        'd FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODYSTRUCTURE)\r\ne IDLE\r\nDONE\r\nf LOGOUT\r\n',
    );
    expect(out).toContain(
      `* STATUS "INBOX" (MESSAGES ${inbox.messages.length} UIDNEXT ${inbox.uidNext} UIDVALIDITY ${inbox.uidValidity} UNSEEN `,
    );
    expect(out).toContain('c OK [READ-ONLY] Examine completed');
    expect(out).toMatch(/BODY\[HEADER\.FIELDS \(SUBJECT FROM\)\] \{\d+\}\r\nFrom: [^\r]+\r\nSubject: [^\r]+\r\n\r\n/);
    expect(out).toContain('BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "8BIT" ');
    expect(out).toContain('+ idling\r\ne OK Idle completed');
    expect(out).toContain('f OK Logout completed');
  });

  it('keeps flag changes and expunges in the session: the next session sees the world unchanged', async () => {
    const { runtime, say, login } = await session();
    const count = mailStoreFor(runtime).mailbox(mailStoreFor(runtime).findUser(login)!, 'INBOX')!.messages.length;
    const first = await say('b SELECT INBOX\r\nc STORE 1 +FLAGS (\\Deleted)\r\nd EXPUNGE\r\ne SEARCH ALL\r\n');
    expect(first).toContain('* 1 FETCH (FLAGS (');
    expect(first).toContain('* 1 EXPUNGE');
    expect(first).toMatch(new RegExp(`\\* SEARCH${' \\d+'.repeat(count - 1)}\\r\\n`));
    const second = await say('b SELECT INBOX\r\n');
    expect(second).toContain(`* ${count} EXISTS`);
  });

  it('authenticates with AUTHENTICATE PLAIN after a continuation, and records each attempt', async () => {
    const { runtime, login } = await session();
    const { password } = savedWebmailPassword(runtime.world);
    const port = service!.address.port;
    const token = Buffer.from(`\0${login}\0${password}`).toString('base64');
    const out = await rawExchange(port, [
      `a AUTHENTICATE PLAIN\r\n${token}\r\nb AUTHENTICATE PLAIN ${Buffer.from('\0x\0y').toString('base64')}\r\n`,
    ]);
    expect(out).toContain('+ \r\na OK [CAPABILITY IMAP4rev1');
    expect(out).toContain('b BAD Error in IMAP command LOGIN: Already logged in.');
    const bad = await rawExchange(port, [`a AUTHENTICATE PLAIN ${Buffer.from('\0x\0y').toString('base64')}\r\n`]);
    expect(bad).toContain('a NO [AUTHENTICATIONFAILED] Authentication failed.');
    const auth = runtime.emitted.filter((e) => e.kind === 'auth');
    expect(auth.map((e) => (e.kind === 'auth' ? [e.username, e.success] : []))).toEqual([
      [login, true],
      ['x', false],
    ]);
  });

  it('refuses commands before login and closes after too many bad ones', async () => {
    const { runtime } = await session();
    const port = service!.address.port;
    const early = await rawExchange(port, ['a SELECT INBOX\r\n']);
    expect(early).toContain('a BAD');
    const flood = await rawExchange(port, ['x\r\n'.repeat(30)]);
    expect(flood).toContain('* BYE Too many invalid IMAP commands.');
    expect(runtime.emitted.filter((e) => e.kind === 'disconnect').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses connections beyond the per-source limit, and closing ends open sessions with their disconnect', async () => {
    const runtime = testRuntime({ limits: { maxSessionsPerSource: 3 } });
    service = await startImapService({ runtime, binding: { host: '127.0.0.1', port: 0 } });
    const port = service.address.port;
    const greet = (socket: Socket) =>
      new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
    const open = [0, 1, 2].map(() => connect(port, '127.0.0.1'));
    const greetings = await Promise.all(open.map(greet));
    expect(greetings.every((g) => g.startsWith('* OK'))).toBe(true);
    const fourth = await rawExchange(port, []);
    expect(fourth).toContain('* BYE Maximum number of connections');
    await service.close();
    service = undefined;
    expect(runtime.emitted.filter((e) => e.kind === 'connect')).toHaveLength(3);
    expect(runtime.emitted.filter((e) => e.kind === 'disconnect')).toHaveLength(3);
    for (const socket of open) socket.destroy();
  });

  it('answers a client that pipelines thousands of fetches without reading, once it reads', async () => {
    const { runtime, login } = await session();
    const { password } = savedWebmailPassword(runtime.world);
    const socket = connect(service!.address.port, '127.0.0.1');
    const fetches = Array.from({ length: 3_000 }, (_, i) => `f${i} FETCH 1:* (BODY.PEEK[])\r\n`).join('');
    socket.write(`a LOGIN "${login}" "${password}"\r\nb SELECT INBOX\r\n${fetches}z LOGOUT\r\n`);
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    let received = 0;
    let tail = '';
    const done = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (d: Buffer) => {
      received += d.length;
      tail = (tail + d.toString('latin1')).slice(-200);
    });
    socket.resume();
    await done;
    expect(tail).toContain('z OK Logout completed');
    expect(received).toBeGreaterThan(3_000 * 500);
  });

  it('survives random command soup, logged in or not, and still serves', async () => {
    const { say, runtime } = await session();
    const port = service!.address.port;
    const words = [
      'FETCH',
      'UID',
      'SEARCH',
      'SELECT',
      'INBOX',
      '1:*',
      '*',
      '(',
      ')',
      '[',
      ']',
      'BODY[',
      'BODY.PEEK[HEADER.FIELDS (',
      '{5}',
      '{3+}',
      '"',
      '\\',
      'OR',
      'NOT',
      'STORE',
      '+FLAGS',
      '\\Deleted',
      'LIST',
      '""',
      '%',
      'AUTHENTICATE',
      'PLAIN',
      '=',
      'STATUS',
      '<0.5>',
      '0',
      '4294967296',
      'SINCE',
      '1-Jan-2020',
      '\u00e9',
      '\x00',
    ];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let batch = 0; batch < 12; batch++) {
      const lines = Array.from(
        { length: 12 },
        (_, i) => `t${i} ${Array.from({ length: 1 + next(8) }, () => words[next(words.length)]).join(' ')}\r\n`,
      );
      const soup = lines.join('');
      const out = batch % 2 === 0 ? await rawExchange(port, [soup], 100) : await say(`b SELECT INBOX\r\n${soup}`);
      expect(out).toMatch(/^\* OK/);
    }
    const after = await say('z LOGOUT\r\n');
    expect(after).toContain('a OK');
    expect(after).toContain('z OK Logout completed');
    expect(runtime.emitted.filter((e) => e.kind === 'connect').length).toBe(13);
  });
});
