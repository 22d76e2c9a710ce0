import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabProcess, type LabEventLine, type LabLevel, type RunningLab } from './lab-process.js';

/*
 * The XSS lab in a real browser (Debian's Chromium): the payloads run, lab-probe.js shows its banner and reports,
 * the lab records the objective and shows the flag. Pages are opened both directly (the lab's own CSP) and, as the
 * hub serves them, under a path prefix behind `content-security-policy: sandbox allow-forms allow-scripts` (an opaque
 * origin, no dialogs).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const REFLECTED = '<img src=x onerror=alert(1)>';
const STORED = 'Lunch is on me <svg onload=alert(document.domain)>';

let browser: Browser;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  for (const cleanup of cleanups) await cleanup();
});

/**
 * A stand-in for the hub's lab view: the lab under `/i/<instanceId>/`, every answer with the view's sandbox policy
 * instead of the lab's headers (only content-type and a relative location pass).
 */
async function sandboxProxy(lab: RunningLab): Promise<string> {
  const prefix = `/i/${randomUUID()}/`;
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith(prefix)) return void res.writeHead(404).end();
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: lab.port,
        method: req.method,
        path: `/${req.url.slice(prefix.length)}`,
        headers: { 'content-type': req.headers['content-type'] ?? '', 'accept-language': 'en' },
      },
      (answer) => {
        const headers: http.OutgoingHttpHeaders = {
          'content-security-policy': "sandbox allow-forms allow-scripts; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        };
        if (answer.headers['content-type']) headers['content-type'] = answer.headers['content-type'];
        if (answer.headers.location) headers.location = answer.headers.location;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
}

async function startLab(level: LabLevel): Promise<RunningLab> {
  const lab = await startLabProcess('xss', level);
  cleanups.push(() => lab.stop());
  return lab;
}

async function eventsOnceRecorded(lab: RunningLab, objective: string): Promise<LabEventLine[]> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const events = await lab.events();
    if (events.some((event) => event.objective === objective)) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return lab.events();
}

/** Content-Security-Policy violations Chromium reported on the console (the lab's own pages should cause none). */
const cspViolations: string[] = [];

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) {
      cspViolations.push(message.text());
    }
  });
  cleanups.push(() => context.close());
  return context.newPage();
}

/** Writes a post through the board's form, as a learner does; lands on the new post's page. */
async function postThroughForm(page: Page, base: string, name: string, body: string): Promise<void> {
  await page.goto(`${base}?lang=en`);
  await page.getByLabel('Your name (or department)', { exact: true }).fill(name);
  await page.getByLabel('Message', { exact: true }).fill(body);
  await Promise.all([page.waitForURL(/post\?id=\d+/), page.getByRole('button', { name: 'Post' }).click()]);
}

describe('the XSS lab in Chromium', () => {
  it.each([
    ['behind the sandbox policy, under a path prefix', true],
    ['directly, under its own policy', false],
  ])(
    'at vulnerable, %s: reflected and stored payloads run, report themselves and reveal the flag',
    async (_, proxied) => {
      const lab = await startLab('vulnerable');
      const base = proxied ? await sandboxProxy(lab) : `${lab.origin}/`;
      const page = await openPage();

      await page.goto(`${base}search?lang=en&q=${encodeURIComponent(REFLECTED)}`);
      await expect.poll(() => page.locator('[data-lab-probe]').textContent()).toContain('A script ran: alert("1")');
      const reflected = await eventsOnceRecorded(lab, 'xss-reflected');
      expect(reflected.map((event) => event.objective)).toEqual(['xss-reflected']);

      await postThroughForm(page, base, 'Mallory', STORED);
      await expect.poll(() => page.locator('[data-lab-probe]').textContent()).toContain('A script ran: alert(');
      const events = await eventsOnceRecorded(lab, 'xss-stored');
      expect(events.map((event) => event.objective)).toEqual(['xss-reflected', 'xss-stored']);

      await page.goto(`${base}?lang=en`);
      await expect(page.locator('[data-lab-flag]').textContent()).resolves.toContain(lab.flag);
      expect(await page.locator('[data-lab-flag]').isVisible()).toBe(true);
    },
  );

  it('at naive, <script> is stripped but <scr<script>ipt> still runs, behind the sandbox policy', async () => {
    const lab = await startLab('naive');
    const base = await sandboxProxy(lab);
    const page = await openPage();
    await page.goto(`${base}search?lang=en&q=${encodeURIComponent('<script>alert(1)</script>')}`);
    await page.waitForLoadState('load');
    expect(await page.locator('[data-lab-probe]').count()).toBe(0);
    await page.goto(`${base}search?lang=en&q=${encodeURIComponent('<scr<script>ipt>alert(2)</scr</script>ipt>')}`);
    await expect.poll(() => page.locator('[data-lab-probe]').textContent()).toContain('alert("2")');
    expect((await eventsOnceRecorded(lab, 'xss-reflected')).map((event) => event.objective)).toEqual(['xss-reflected']);
  });

  it('at correct, behind the sandbox policy, the same payloads show as text and nothing is recorded', async () => {
    const lab = await startLab('correct');
    const base = await sandboxProxy(lab);
    const page = await openPage();

    await page.goto(`${base}search?lang=en&q=${encodeURIComponent(REFLECTED)}`);
    await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe(
      `Results for “${REFLECTED}”`,
    );
    expect(await page.getByLabel('Keywords (name or message)').inputValue()).toBe(REFLECTED);

    await postThroughForm(page, base, 'Mallory', STORED);
    await expect(page.locator('[data-slot="post"] .body').textContent()).resolves.toBe(STORED);
    await page.goto(`${base}?lang=en`);
    await expect(page.locator('[data-slot="posts"]').textContent()).resolves.toContain(STORED);

    // A report would have been sent while the page loaded; give it time to arrive before looking.
    await page.waitForLoadState('load');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.locator('[data-lab-probe]').count()).toBe(0);
    expect(await page.locator('[data-lab-flag]').count()).toBe(0);
    expect(await lab.events()).toEqual([]);
  });
});
