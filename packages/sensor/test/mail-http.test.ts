import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceHandle } from '../src/services/contracts.js';
import { startHttpService } from '../src/services/http/http-service.js';
import { mailStoreFor } from '../src/services/mail-store.js';
import { rawExchange, run, savedWebmailPassword } from './mail-clients.js';
import { testRuntime, type TestRuntime } from './runtime.js';
import { testWorld } from './worlds.js';

let service: ServiceHandle | undefined;
let dir: string | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(runtime: TestRuntime = testRuntime()): Promise<{ runtime: TestRuntime; base: string }> {
  service = await startHttpService({ runtime, binding: { host: '127.0.0.1', port: 0 } });
  return { runtime, base: `http://127.0.0.1:${service.address.port}` };
}

/** curl with a cookie jar, as a browser session. */
async function browser(): Promise<(...args: string[]) => ReturnType<typeof run>> {
  dir = await mkdtemp(join(tmpdir(), 'cynex-http-'));
  const jar = join(dir, 'cookies');
  return (...args) => run('curl', ['-s', '-b', jar, '-c', jar, '-A', 'Mozilla/5.0 (test)', ...args]);
}

describe(startHttpService.name, () => {
  it('shows a branded sign-in page with the host server header', async () => {
    const { runtime, base } = await start();
    const page = await run('curl', ['-s', '-i', `${base}/`]);
    expect(page.stdout).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(page.stdout).toMatch(/\r\nServer: nginx\/1\.\d+\.\d+[^\r]*\r\n/);
    expect(page.stdout).not.toMatch(/\r\nKeep-Alive:|X-Powered-By: Express/i);
    expect(page.stdout).toContain(runtime.world.organisation.name.ja);
    expect(page.stdout).toContain('<form class="signin" method="post" action="/login">');
    expect(runtime.emitted.find((e) => e.kind === 'http')).toMatchObject({ method: 'GET', url: '/', status: 200 });
  });

  it('signs in with a saved browser password, then browses the directory, documents and mail', async () => {
    const { runtime, base } = await start();
    const { username, password } = savedWebmailPassword(runtime.world);
    const curl = await browser();
    const signIn = await curl(
      '-i',
      '--data-urlencode',
      `username=${username}`,
      '--data-urlencode',
      `password=${password}`,
      `${base}/login`,
    );
    expect(signIn.stdout).toMatch(/^HTTP\/1\.1 302/);
    expect(signIn.stdout).toMatch(/Location: \/portal\//);
    expect(runtime.emitted.find((e) => e.kind === 'auth')).toMatchObject({
      username,
      password,
      success: true,
      protocol: 'http',
      planted: true,
    });

    const directory = await curl(`${base}/portal/directory`);
    for (const e of runtime.world.employees) expect(directory.stdout).toContain(e.email);
    const documents = await curl(`${base}/portal/documents`);
    const link = /href="\/portal\/documents\/(\d+)">([^<]+)</.exec(documents.stdout);
    expect(link).not.toBeNull();
    const file = await curl(`${base}/portal/documents/${link![1]}`);
    const source = runtime.world.hosts.flatMap((h) => h.files).find((f) => f.path.endsWith(link![2]!));
    expect(file.stdout).toBe(source!.content);

    const inbox = await curl(`${base}/webmail/`);
    const store = mailStoreFor(runtime);
    const mine = store.mailbox(store.findUser(username)!, 'INBOX')!.messages;
    for (const m of mine) expect(inbox.stdout).toContain(`uid=${m.uid}`);
    const read = await curl(`${base}/webmail/message?folder=INBOX&uid=${mine[0]!.uid}`);
    expect(read.stdout).toContain(mine[0]!.subject.replace(/&/g, '&amp;'));
    expect(runtime.emitted.filter((e) => e.kind === 'mail' && e.action === 'read')).toHaveLength(1);
    const requests = runtime.emitted.filter((e) => e.kind === 'http');
    expect(requests.map((e) => (e.kind === 'http' ? `${e.method} ${e.status}` : ''))).toEqual([
      'POST 302',
      'GET 200',
      'GET 200',
      'GET 200',
      'GET 200',
      'GET 200',
    ]);
    expect(requests.every((e) => e.kind === 'http' && e.userAgent === 'Mozilla/5.0 (test)')).toBe(true);
  });

  it('refuses wrong credentials, records them, and escapes what it echoes', async () => {
    const { runtime, base } = await start();
    const hostile = '"><script>alert(1)</script>';
    const page = await run('curl', [
      '-s',
      '--data-urlencode',
      `username=${hostile}`,
      '--data-urlencode',
      'password=x',
      `${base}/webmail/login`,
    ]);
    expect(page.stdout).not.toContain('<script>');
    expect(page.stdout).toContain('&quot;&gt;&lt;script&gt;');
    expect(runtime.emitted.find((e) => e.kind === 'auth')).toMatchObject({
      username: hostile,
      password: 'x',
      success: false,
    });
    const behind = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${base}/portal/directory`]);
    expect(behind.stdout).toBe('302');
  });

  it('answers unknown paths with the claimed server 404 page and serves robots.txt', async () => {
    const apache = testWorld();
    const web = apache.hosts.find((h) => h.role === 'web')!;
    web.services = web.services.filter((s) => s.name !== 'http' && s.name !== 'https');
    const { base } = await start(testRuntime({ world: apache }));
    const missing = await run('curl', ['-s', '-i', `${base}/wp-login.php?<b>`]);
    expect(missing.stdout).toMatch(/^HTTP\/1\.1 404 Not Found/);
    expect(missing.stdout).toContain('Server: Apache/2.4');
    expect(missing.stdout).toContain('<p>The requested URL was not found on this server.</p>');
    expect(missing.stdout).not.toContain('<b>');
    const robots = await run('curl', ['-s', `${base}/robots.txt`]);
    expect(robots.stdout).toBe('User-agent: *\nDisallow: /\n');
  });

  it('survives garbage, oversized headers and bodies, and still answers', async () => {
    const { runtime, base } = await start();
    const port = Number(new URL(base).port);
    const garbage = await rawExchange(port, [Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])]);
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(runtime.emitted.filter((e) => e.kind === 'http').at(-1)).toMatchObject({ method: 'INVALID', status: 400 });
    const bigHeader = await rawExchange(port, [`GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(bigHeader).toMatch(/^HTTP\/1\.1 (400|431)/);
    const bigBody = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--data-binary',
      'x'.repeat(40_000),
      `${base}/login`,
    ]);
    expect(bigBody.stdout).toBe('413');
    const after = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${base}/`]);
    expect(after.stdout).toBe('200');
  });

  it('puts the webmail sign-in at the root of the mail host, in English for an English world', async () => {
    const world = testWorld({ lang: 'en' });
    const mail = world.hosts.find((h) => h.role === 'mail')!;
    service = await startHttpService({
      runtime: testRuntime({ world }),
      binding: { host: '127.0.0.1', port: 0 },
      entryHost: mail.hostname,
    });
    const page = await run('curl', ['-s', `http://127.0.0.1:${service.address.port}/`]);
    expect(page.stdout).toContain('<html lang="en">');
    expect(page.stdout).toContain(`${world.organisation.name.en} Webmail`);
    expect(page.stdout).toContain('action="/webmail/login"');
  });
});
