import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { batch, recent, sensorToken, source, upload } from '../src/modules/telescope/telescope.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const captures = path.resolve(repo, '../shared/data/pcap');
const run = promisify(execFile);

/**
 * The darknet console against a hub fed by the real `cynex telescope ingest` process reading real captures,
 * and the public self-check page as seen from two different client addresses.
 */
describe('darknet console in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // Behind a (pretend) reverse proxy, so a browser context can speak from another address via X-Forwarded-For.
    hub = await startTestHub({ trustProxy: true });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  afterEach(() => expect(takeCspViolations()).toEqual([]));

  it('shows what `cynex telescope ingest` sent from real captures', async () => {
    const token = await sensorToken(hub);
    const { stderr } = await run(
      process.execPath,
      [
        path.join(repo, 'packages/cli/bin/cynex.js'),
        'telescope',
        'ingest',
        '--prefix',
        '0.0.0.0/0',
        '--sensor',
        'browser-test',
        '--hub',
        base,
        '--token',
        token,
        path.join(captures, 'stopddos/pkt.TCP.synflood.spoofed.pcap'),
      ],
      { timeout: 60_000 },
    );
    expect(stderr).toContain('37,841 packets');

    const org = await hub.org('darknet-viewers');
    await hub.user('viewer@darknet.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const page = await (await newContext(browser, { locale: 'en-GB' })).newPage();
    await signInAt(page, base, 'viewer@darknet.example');
    // The capture is from 28 April 2021, 10:30 UTC: ask for a custom period around it, at 1-hour points.
    await page.goto(`${base}/telescope?range=custom&from=2021-04-27T00:00&to=2021-04-30T00:00&g=1h`);
    await page.getByTestId('telescope-title').waitFor();
    // A spoofed SYN flood at one victim port: the TCP port table ranks that port first, with tens of thousands of sources.
    const firstTcpRow = page.getByTestId('top-tcp_port').locator('tbody tr').first();
    await expect.poll(() => firstTcpRow.textContent(), { timeout: 20_000 }).toMatch(/\d{1,3}(,\d{3})+|\d{4,}/);
    await expect.poll(() => page.getByTestId('telescope-series').locator('canvas, svg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/telescope.png', fullPage: true });

    // The SYN-ACK reflection capture (5 June 2021, 03:58 UTC): no DoS event under the papers' thresholds (it lasts
    // 0.15 s), but the backscatter list names the darknet address the reflectors answered, with the abused services.
    const reflection = await run(
      process.execPath,
      [
        path.join(repo, 'packages/cli/bin/cynex.js'),
        'telescope',
        'ingest',
        '--prefix',
        '10.10.10.0/24',
        '--sensor',
        'browser-test',
        '--no-geo',
        '--hub',
        base,
        '--token',
        token,
        path.join(captures, 'stopddos/amp.TCP.reflection.SYNACK.pcap'),
      ],
      { timeout: 60_000 },
    );
    expect(reflection.stderr).toContain('backscatter victim: 10.10.10.10 (reflection from');
    await page.goto(`${base}/telescope/events?kind=backscatter&from=2021-06-04T00:00&to=2021-06-06T00:00`);
    const firstVictim = page.getByTestId('backscatter-table').locator('tbody tr').first();
    await expect.poll(() => firstVictim.textContent(), { timeout: 20_000 }).toContain('10.10.10.10');
    const row = (await firstVictim.textContent()) ?? '';
    expect(row).toContain('Reflection');
    expect(row).toMatch(/80\s*http/);
    expect(row).toContain('7,822');
    await page.screenshot({ path: 'test-results/telescope-backscatter.png', fullPage: true });
    await page.context().close();
  });

  it('tells a visitor seen scanning the darknet, and nobody else', async () => {
    const token = await sensorToken(hub, 'sensors2@platform.example');
    const seenAt = recent(30);
    const response = await upload(hub, token, batch({ sources: [source('203.0.113.77', seenAt)] }));
    expect(response.statusCode).toBe(200);

    const infected = await newContext(browser, {
      locale: 'ja-JP',
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' },
    });
    const page = await infected.newPage();
    await page.goto(`${base}/self-check`);
    await expect
      .poll(() => page.getByTestId('selfcheck-result').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('seen');
    expect(await page.getByTestId('selfcheck-address').textContent()).toBe('203.0.113.77');
    expect(await page.getByTestId('selfcheck-darknet').textContent()).toMatch(/23/);
    await page.screenshot({ path: 'test-results/self-check-ja.png', fullPage: true });
    await infected.close();

    const clean = await newContext(browser, {
      locale: 'en-GB',
      extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.20' },
    });
    const other = await clean.newPage();
    await other.goto(`${base}/self-check`);
    await expect
      .poll(() => other.getByTestId('selfcheck-result').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('clear');
    expect(await other.getByTestId('selfcheck-address').textContent()).toBe('198.51.100.20');
    expect(await other.content()).not.toContain('203.0.113.77');
    await clean.close();
  });

  it('tells a visitor from a private address that it cannot be checked, and why', async () => {
    const inside = await newContext(browser, {
      locale: 'ja-JP',
      extraHTTPHeaders: { 'x-forwarded-for': '192.168.1.20' },
    });
    const page = await inside.newPage();
    await page.goto(`${base}/self-check`);
    await expect
      .poll(() => page.getByTestId('selfcheck-result').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('uncheckable');
    const text = (await page.getByTestId('selfcheck-uncheckable').textContent()) ?? '';
    expect(text).toContain('プライベートアドレス');
    expect(text).toContain('グローバルアドレス');
    await page.screenshot({ path: 'test-results/self-check-private-ja.png', fullPage: true });
    await inside.close();
  });
});
