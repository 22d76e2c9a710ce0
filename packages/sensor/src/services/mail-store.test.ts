import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../test/runtime.js';
import { testWorld } from '../../test/worlds.js';
import { decodeWords, isPlanted, mailStoreFor, parseHeaders } from './mail-store.js';

describe(mailStoreFor.name, () => {
  it('files every thread message in the recipients inbox and the sender Sent folder, in date order', () => {
    const runtime = testRuntime();
    const store = mailStoreFor(runtime);
    const world = runtime.world;
    for (const message of world.mail!.threads.flatMap((t) => t.messages)) {
      for (const to of message.to) {
        const user = store.findUser(to.email);
        if (!user) continue;
        expect(store.mailbox(user, 'INBOX')!.messages.map((m) => m.id)).toContain(message.id);
      }
      const sender = store.findUser(message.from.email);
      if (sender) expect(store.mailbox(sender, 'Sent')!.messages.map((m) => m.id)).toContain(message.id);
    }
    for (const user of store.users) {
      for (const box of user.mailboxes) {
        expect(box.messages.map((m) => m.uid)).toEqual(box.messages.map((_, i) => i + 1));
        const dates = box.messages.map((m) => m.internalDate.getTime());
        expect(dates).toEqual([...dates].sort((a, b) => a - b));
      }
      expect(user.mailboxes.map((b) => b.name)).toEqual(['INBOX', 'Sent', 'Drafts']);
    }
  });

  it('renders messages with CRLF headers the clients can parse, subjects decoded', () => {
    const store = mailStoreFor(testRuntime());
    const message = store.users.flatMap((u) => u.mailboxes).flatMap((b) => b.messages)[0]!;
    expect(message.raw.toString('utf8')).not.toMatch(/[^\r]\n/);
    const headers = parseHeaders(message.raw);
    expect(decodeWords(headers.get('subject')!)).toBe(message.subject);
    expect(headers.get('message-id')).toBe(`<${message.id}@${store.domain}>`);
  });

  it('is the same store for the same runtime, and stable across runtimes of the same world', () => {
    const one = testRuntime();
    expect(mailStoreFor(one)).toBe(mailStoreFor(one));
    const a = mailStoreFor(testRuntime()).users[0]!.mailboxes[0]!;
    const b = mailStoreFor(testRuntime()).users[0]!.mailboxes[0]!;
    expect([a.uidValidity, a.messages.map((m) => m.uid)]).toEqual([b.uidValidity, b.messages.map((m) => m.uid)]);
    const other = mailStoreFor(testRuntime({ world: testWorld({ seed: 12 }) })).users[0]!.mailboxes[0]!;
    expect(other.uidValidity).not.toBe(a.uidValidity);
  });

  it('accepts a user by address, local part or user name, only with their password', () => {
    const runtime = testRuntime();
    const store = mailStoreFor(runtime);
    const employee = runtime.world.employees[0]!;
    for (const login of [employee.email, employee.email.toUpperCase(), employee.username])
      expect(store.authenticate(login, employee.password)?.email).toBe(employee.email);
    expect(store.authenticate(employee.email, `${employee.password}x`)).toBeUndefined();
    expect(store.authenticate('nobody', employee.password)).toBeUndefined();
  });

  it('appends sent mail to the Sent folder with the next UID, and knows planted credentials', () => {
    const runtime = testRuntime();
    const store = mailStoreFor(runtime);
    const user = store.users[0]!;
    const sent = store.mailbox(user, 'Sent')!;
    const next = sent.uidNext;
    const stored = store.appendSent(user, Buffer.from('Subject: test\r\nTo: a@b.example\r\n\r\nhi\r\n'), runtime.now());
    expect(stored).toMatchObject({ uid: next, subject: 'test', to: ['a@b.example'] });
    expect(sent.messages.at(-1)).toBe(stored);
    const planted = runtime.world.plantedCredentials[0]!;
    expect(isPlanted(runtime.world, planted.username, planted.password)).toBe(true);
    expect(isPlanted(runtime.world, planted.username, `${planted.password}!`)).toBe(false);
  });
});
