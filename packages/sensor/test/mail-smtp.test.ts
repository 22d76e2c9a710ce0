import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceHandle } from '../src/services/contracts.js';
import { mailStoreFor } from '../src/services/mail-store.js';
import { startSmtpService } from '../src/services/smtp/smtp-service.js';
import { rawExchange, run, savedWebmailPassword } from './mail-clients.js';
import { testRuntime, type TestRuntime } from './runtime.js';

let service: ServiceHandle | undefined;
let dir: string | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(limits: { maxFileBytes?: number } = {}): Promise<{ runtime: TestRuntime; port: number }> {
  const runtime = testRuntime({ limits });
  service = await startSmtpService({ runtime, binding: { host: '127.0.0.1', port: 0 }, failureDelayMs: 20 });
  return { runtime, port: service.address.port };
}

async function messageFile(text: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'cynex-smtp-'));
  const path = join(dir, 'msg.eml');
  await writeFile(path, text);
  return path;
}

describe(startSmtpService.name, () => {
  it('greets like Postfix with the mail host name and answers EHLO without STARTTLS', async () => {
    const { runtime, port } = await start();
    const store = mailStoreFor(runtime);
    const said = await rawExchange(port, ['EHLO attacker.example\r\n', 'QUIT\r\n']);
    expect(said).toMatch(new RegExp(`^220 ${store.fqdn.replace(/\./g, '\\.')} ESMTP Postfix`));
    expect(said).toContain(`250-${store.fqdn}\r\n`);
    expect(said).toContain('AUTH PLAIN LOGIN');
    expect(said).not.toContain('STARTTLS');
    const features = said
      .split('\r\n')
      .filter((l) => /^250[- ]/.test(l))
      .map((l) => l.slice(4).split(' ')[0]);
    expect(features.slice(1)).toEqual(['PIPELINING', 'SIZE', 'AUTH', 'ENHANCEDSTATUSCODES', '8BITMIME', 'SMTPUTF8']);
    const probes = await rawExchange(port, [
      'EHLO a\r\nHELP\r\nVRFY root\r\nNOOP\r\nMAIL FROM:<a@b.example>\r\nQUIT\r\n',
    ]);
    expect(probes).toContain('502 5.5.2 Error: command not recognized\r\n');
    expect(probes).toContain('502 5.5.1 VRFY command is disabled\r\n');
    expect(probes).toContain('250 2.0.0 Ok\r\n');
    expect(probes).toContain('250 2.1.0 Ok\r\n');
    expect(probes).toContain('221 2.0.0 Bye\r\n');
    expect(probes).not.toMatch(/rfc5321|No promises|Accepted|Nice to meet/);
  });

  it('captures mail to the world domain with its hash, and relays nothing', async () => {
    const { runtime, port } = await start();
    const store = mailStoreFor(runtime);
    const to = store.users[0]!.email;
    const text = `From: x@attacker.example\r\nTo: ${to}\r\nSubject: invoice\r\nMessage-ID: <abc@attacker.example>\r\n\r\nplease open\r\n`;
    const sent = await run('curl', [
      '-s',
      `smtp://127.0.0.1:${port}`,
      '--mail-from',
      'x@attacker.example',
      '--mail-rcpt',
      to,
      '--upload-file',
      await messageFile(text),
    ]);
    expect(sent.code).toBe(0);
    const direct = await rawExchange(port, [
      `EHLO a\r\nMAIL FROM:<x@attacker.example>\r\nRCPT TO:<${to}>\r\nDATA\r\n${text}.\r\n`,
    ]);
    expect(direct).toMatch(/\r\n250 2\.0\.0 Ok: queued as \w{12}\r\n/);
    const mail = runtime.emitted.find((e) => e.kind === 'mail');
    expect(runtime.emitted.filter((e) => e.kind === 'mail')).toHaveLength(2);
    expect(mail).toMatchObject({
      action: 'sent',
      from: 'x@attacker.example',
      to: [to],
      subject: 'invoice',
      messageId: '<abc@attacker.example>',
      protocol: 'smtp',
    });
    const file = runtime.emitted.find((e) => e.kind === 'file');
    const sha256 = createHash('sha256')
      .update(runtime.stored.get(file?.kind === 'file' ? file.sha256! : '') ?? '')
      .digest('hex');
    expect(file).toMatchObject({ action: 'uploaded', sha256 });
    expect(runtime.stored.get(sha256)!.toString()).toContain('please open');
  });

  it('refuses to relay for strangers but accepts any recipient after AUTH with a stolen password', async () => {
    const { runtime, port } = await start();
    const { username, password } = savedWebmailPassword(runtime.world);
    const path = await messageFile('Subject: hi\r\n\r\nbody\r\n');
    const denied = await run('curl', [
      '-s',
      `smtp://127.0.0.1:${port}`,
      '--mail-from',
      'x@attacker.example',
      '--mail-rcpt',
      'y@elsewhere.example',
      '--upload-file',
      path,
    ]);
    expect(denied.code).not.toBe(0);
    const said = await rawExchange(port, [
      'EHLO a\r\nMAIL FROM:<x@attacker.example>\r\nRCPT TO:<y@elsewhere.example>\r\n',
    ]);
    expect(said).toContain('554 5.7.1 <y@elsewhere.example>: Relay access denied\r\n');
    expect(runtime.emitted.some((e) => e.kind === 'other' && e.eventid === 'smtp.relay_denied')).toBe(true);
    const relayed = await run('curl', [
      '-s',
      `smtp://127.0.0.1:${port}`,
      '--user',
      `${username}:${password}`,
      '--mail-from',
      username,
      '--mail-rcpt',
      'y@elsewhere.example',
      '--upload-file',
      path,
    ]);
    expect(relayed.code).toBe(0);
    expect(runtime.emitted.find((e) => e.kind === 'auth')).toMatchObject({
      username,
      password,
      success: true,
      planted: true,
    });
    expect(runtime.emitted.find((e) => e.kind === 'mail')).toMatchObject({
      action: 'sent',
      to: ['y@elsewhere.example'],
      mailbox: 'Sent',
    });
    const user = mailStoreFor(runtime).findUser(username)!;
    expect(mailStoreFor(runtime).mailbox(user, 'Sent')!.messages.at(-1)!.subject).toBe('hi');
  });

  it('refuses a wrong password and records it', async () => {
    const { runtime, port } = await start();
    const { username } = savedWebmailPassword(runtime.world);
    const wrong = await run('curl', [
      '-s',
      `smtp://127.0.0.1:${port}`,
      '--user',
      `${username}:guess`,
      '--mail-from',
      username,
      '--mail-rcpt',
      'y@elsewhere.example',
      '--upload-file',
      await messageFile('x\r\n'),
    ]);
    expect(wrong.code).toBe(67);
    expect(runtime.emitted.filter((e) => e.kind === 'auth')).toEqual([
      expect.objectContaining({ username, password: 'guess', success: false }),
    ]);
    expect(runtime.stored.size).toBe(0);
  });

  it('refuses a message over the size limit and survives garbage', async () => {
    const { runtime, port } = await start({ maxFileBytes: 1_000 });
    const to = mailStoreFor(runtime).users[0]!.email;
    const big = await run('curl', [
      '-s',
      `smtp://127.0.0.1:${port}`,
      '--mail-from',
      'x@a.example',
      '--mail-rcpt',
      to,
      '--upload-file',
      await messageFile('Subject: big\r\n\r\n' + 'x'.repeat(5_000)),
    ]);
    expect(big.code).not.toBe(0);
    expect(runtime.stored.size).toBe(0);
    const garbage = await rawExchange(port, [
      Buffer.from([0, 1, 2, 255, 13, 10]),
      'MAIL FROM:<<<>>>\r\n',
      'x'.repeat(100_000) + '\r\n',
    ]);
    expect(garbage).toMatch(/^220 /);
    const after = await rawExchange(port, ['EHLO a\r\n', 'QUIT\r\n']);
    expect(after).toContain('221');
  });

  it('answers 451 when the capture store fails, and keeps serving', async () => {
    const runtime = testRuntime();
    runtime.captures = { put: () => Promise.reject(new Error('disk full')) };
    service = await startSmtpService({ runtime, binding: { host: '127.0.0.1', port: 0 } });
    const to = mailStoreFor(runtime).users[0]!.email;
    const said = await rawExchange(service.address.port, [
      `EHLO a\r\nMAIL FROM:<x@a.example>\r\nRCPT TO:<${to}>\r\nDATA\r\nSubject: x\r\n\r\nx\r\n.\r\nNOOP\r\n`,
    ]);
    expect(said).toContain('451 4.3.0 Error: queue file write error\r\n');
    expect(said).toMatch(/250 2\.0\.0 Ok\r\n$/);
  });
});
