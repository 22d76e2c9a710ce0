import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bootstrapAdmin } from '../src/hub.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

/**
 * The console in Debian's Chromium, against a real hub listening on loopback. Run with `npm run test:browser`
 * (after `npm run build:web`).
 */
describe('web console in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    hub = await startTestHub();
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

  async function newPage(locale = 'en-GB'): Promise<Page> {
    const context = await newContext(browser, { locale });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }

  it('lets the first admin in through the printed one-time link', async () => {
    const link = await bootstrapAdmin(hub);
    expect(link).toBeDefined();
    const page = await newPage();
    await page.goto(link!.replace(/^http:\/\/localhost:\d+/, base));
    await page.locator('input[type="password"]').nth(0).fill('a long first password');
    await page.locator('input[type="password"]').nth(1).fill('a long first password');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('dashboard-title').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.context().close();
  });

  it('signs in, records a case with a behaviour and a technique, and shows it in Japanese', async () => {
    const org = await hub.org('browser-org');
    await hub.user('analyst@browser.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const page = await newPage();
    await signInAt(page, base, 'analyst@browser.example');

    await page.getByTestId('nav-cases').click();
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-field-environmentCode').fill('CL12');
    await page.getByTestId('case-field-startDate').fill('2022-09-07');
    await page.getByTestId('case-field-malwareFamily').fill('NanoCore');
    await page.getByTestId('case-field-marking').selectOption('GREEN');
    await page.getByTestId('case-field-scope').selectOption('community');
    // An analyst (not an org admin) picks colleagues by name from GET /colleagues, with their organisation.
    const colleague = page.getByTestId('case-field-analystUserIds-analyst@browser.example');
    await expect.poll(() => colleague.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('case-field-analystUserIds').textContent()).toContain('browser-org Inc.');
    await page.getByTestId('case-save').click();
    await expect
      .poll(() => page.getByTestId('case-title').textContent(), { timeout: 15_000 })
      .toMatch(/220907_CL12_\d{3}/);
    // Nothing recorded yet: the hub suggests nothing rather than level 1.
    await expect.poll(() => page.getByTestId('case-suggestion').textContent()).toContain('Not yet assessed');

    await page.getByTestId('behaviour-occurredAt').fill('2022-09-07T10:15');
    await page.getByTestId('behaviour-category').selectOption('command');
    await page.getByTestId('behaviour-action').fill('ran systeminfo');
    await page.getByTestId('technique-search').fill('T1082');
    await page.getByTestId('technique-option-T1082').click();
    await page.getByTestId('behaviour-add').click();
    await expect
      .poll(() => page.getByTestId('timeline').textContent(), { timeout: 15_000 })
      .toContain('ran systeminfo');
    await expect.poll(() => page.getByTestId('matrix-cell-T1082').isVisible()).toBe(true);

    // Edit the behaviour in place: Escape closes the form unchanged, Save sends the change.
    await page.getByTestId('behaviour-edit-button').click();
    await expect.poll(() => page.getByTestId('behaviour-edit-action').inputValue()).toBe('ran systeminfo');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('behaviour-edit-form').count()).toBe(0);
    await page.getByTestId('behaviour-edit-button').click();
    await page.getByTestId('behaviour-edit-action').fill('ran systeminfo /fo csv');
    await page.getByTestId('behaviour-edit-notesJa').fill('録画で確認');
    await page.getByTestId('behaviour-edit-save').click();
    await expect
      .poll(() => page.getByTestId('timeline').textContent(), { timeout: 15_000 })
      .toContain('ran systeminfo /fo csv');
    await expect.poll(() => page.getByTestId('case-suggestion').textContent()).not.toContain('Not yet assessed');

    const stored = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/cases?q=NanoCore',
      headers: await hub.signIn('analyst@browser.example'),
    });
    expect(stored.json().total).toBe(1);

    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await expect.poll(() => page.getByTestId('nav-cases').textContent()).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    await expect.poll(() => page.getByTestId('timeline').textContent()).toContain('コマンド');
    await page.screenshot({ path: 'test-results/console-ja.png', fullPage: true });

    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await page.context().close();
  });

  it('shows chart tooltips and the API docs under the Content-Security-Policy, without a violation', async () => {
    const org = await hub.org('csp-org');
    await hub.user('analyst@csp.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const headers = await hub.signIn('analyst@csp.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'CL12', startDate: '2022-09-07', malwareFamily: 'NanoCore' },
    });
    expect(created.statusCode).toBe(201);

    const page = await newPage();
    const response = await page.goto(`${base}/signin`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await signInAt(page, base, 'analyst@csp.example');

    // ECharts writes its tooltip as HTML with style attributes: the colour marker must keep its colour.
    const chart = page.getByTestId('chart-by-level');
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart is not shown');
    const marker = chart.locator('span[style*="background-color"]').first();
    await expect
      .poll(
        async () => {
          await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.5);
          return marker.isVisible();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    // (a string, evaluated in the page: this package's types have no DOM)
    const colour: unknown = await marker.evaluate('(node) => getComputedStyle(node).backgroundColor');
    expect(colour).not.toBe('rgba(0, 0, 0, 0)');

    await page.goto(`${base}/api/docs`);
    // Swagger UI renders the operations of tags further down as the page scrolls to them.
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 4000);
          return page.locator('.opblock').count();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(10);
    await page.context().close();
  });
});
