import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { startImapService } from '../src/services/imap/imap-service.js';
import { mailStoreFor } from '../src/services/mail-store.js';
import type { ServiceHandle } from '../src/services/contracts.js';
import { rawExchange, run, savedWebmailPassword } from './mail-clients.js';
import { testRuntime, type TestRuntime } from './runtime.js';

let service: ServiceHandle | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function start(): Promise<{ runtime: TestRuntime; port: number; user: string; password: string }> {
  const runtime = testRuntime();
  service = await startImapService({ runtime, binding: { host: '127.0.0.1', port: 0 }, failureDelayMs: 50 });
  const { username, password } = savedWebmailPassword(runtime.world);
  return { runtime, port: service.address.port, user: username, password };
}

const mailEvents = (runtime: TestRuntime, action: string) =>
  runtime.emitted.filter((e) => e.kind === 'mail' && e.action === action);

describe(startImapService.name, () => {
  it('greets like Dovecot and lets curl list the folders with a password saved in a browser', async () => {
    const { runtime, port, user, password } = await start();
    const greeting = await rawExchange(port, []);
    expect(greeting).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 .*AUTH=PLAIN\] Dovecot( \(\w+\))? ready\.\r\n$/);
    const listed = await run('curl', ['-s', '--url', `imap://127.0.0.1:${port}/`, '--user', `${user}:${password}`]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('"." INBOX');
    expect(listed.stdout).toMatch(/\\Sent\) "\." Sent/);
    expect(listed.stdout).toMatch(/\\Drafts\) "\." Drafts/);
    const auth = runtime.emitted.filter((e) => e.kind === 'auth');
    expect(auth.at(-1)).toMatchObject({ username: user, password, success: true, protocol: 'imap', planted: true });
    expect(mailEvents(runtime, 'listed').length).toBeGreaterThan(0);
  });

  it('lets curl read a message by UID and search the inbox', async () => {
    const { runtime, port, user, password } = await start();
    const store = mailStoreFor(runtime);
    const inbox = store.mailbox(store.findUser(user)!, 'INBOX')!;
    const first = inbox.messages[0]!;
    const read = await run('curl', [
      '-s',
      '--url',
      `imap://127.0.0.1:${port}/INBOX;UID=${first.uid}`,
      '--user',
      `${user}:${password}`,
    ]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain(`Message-ID: <${first.id}@${store.domain}>`);
    expect(read.stdout).toContain(first.raw.toString('utf8').split('\r\n\r\n')[1]!.split('\r\n')[0]);
    expect(mailEvents(runtime, 'read').at(-1)).toMatchObject({ mailbox: 'INBOX', messageId: first.id });

    const sender = first.from.split('@')[0]!;
    const search = await run('curl', [
      '-s',
      '--url',
      `imap://127.0.0.1:${port}/INBOX`,
      '--user',
      `${user}:${password}`,
      '-X',
      `SEARCH FROM ${sender}`,
    ]);
    expect(search.code).toBe(0);
    const expected = inbox.messages.filter((m) => m.from.startsWith(`${sender}@`)).map((_, i) => i + 1);
    expect(search.stdout.trim()).toMatch(/^\* SEARCH( \d+)+$/);
    expect(search.stdout.trim().split(' ').slice(2).length).toBe(expected.length);
    expect(mailEvents(runtime, 'searched').at(-1)).toMatchObject({ query: `FROM ${sender}`, mailbox: 'INBOX' });
  });

  it('refuses a wrong password and records the attempt', async () => {
    const { runtime, port, user } = await start();
    const wrong = await run('curl', ['-s', '--url', `imap://127.0.0.1:${port}/`, '--user', `${user}:not-the-password`]);
    expect(wrong.code).toBe(67); // CURLE_LOGIN_DENIED
    expect(runtime.emitted.filter((e) => e.kind === 'auth')).toEqual([
      expect.objectContaining({ username: user, password: 'not-the-password', success: false }),
    ]);
  });

  it('serves imapflow: folders, envelopes, full sources and a search', async () => {
    const { runtime, port, user, password } = await start();
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    const folders = await client.list();
    expect(folders.map((f) => f.path).sort()).toEqual(['Drafts', 'INBOX', 'Sent']);
    expect(folders.find((f) => f.path === 'Sent')?.specialUse).toBe('\\Sent');
    const lock = await client.getMailboxLock('INBOX');
    const store = mailStoreFor(runtime);
    const inbox = store.mailbox(store.findUser(user)!, 'INBOX')!;
    try {
      const seen: { subject?: string; from?: string; size: number }[] = [];
      for await (const m of client.fetch('1:*', { envelope: true, source: true, flags: true, bodyStructure: true })) {
        seen.push({ subject: m.envelope?.subject, from: m.envelope?.from?.[0]?.address, size: m.source?.length ?? 0 });
      }
      expect(seen.map((s) => s.subject)).toEqual(inbox.messages.map((m) => m.subject));
      expect(seen.map((s) => s.from)).toEqual(inbox.messages.map((m) => m.from));
      expect(seen.map((s) => s.size)).toEqual(inbox.messages.map((m) => m.raw.length));
      const subject = inbox.messages[0]!.subject;
      const found = await client.search({ subject: subject.slice(0, 6) }, { uid: true });
      expect(found).toContain(inbox.messages[0]!.uid);
    } finally {
      lock.release();
    }
    await client.logout();
    expect(mailEvents(runtime, 'read').length).toBe(inbox.messages.length);
  });

  it('answers garbage with BAD, survives oversized input, and still serves a client afterwards', async () => {
    const { port, user, password } = await start();
    const garbage = await rawExchange(port, [
      Buffer.from([0, 255, 13, 10, 1, 2, 3, 13, 10]),
      'a1 FETCH (((\r\n',
      '"unterminated\r\n',
    ]);
    expect(garbage).toContain('BAD');
    const huge = await rawExchange(port, [`a1 LOGIN {99999999}\r\n`]);
    expect(huge).toContain('* BYE');
    const long = await rawExchange(port, ['x'.repeat(300_000)]);
    expect(long).toMatch(/^\* OK/);
    const ok = await rawExchange(port, [
      `a LOGIN ${user} {${Buffer.byteLength(password)}+}\r\n${password}\r\nb SELECT INBOX\r\nc FETCH 1 (UID FLAGS)\r\nd LOGOUT\r\n`,
    ]);
    expect(ok).toContain('a OK');
    expect(ok).toMatch(/\* \d+ EXISTS/);
    expect(ok).toMatch(/\* 1 FETCH \(UID \d+ FLAGS/);
    expect(ok).toContain('d OK Logout completed');
  });
});
