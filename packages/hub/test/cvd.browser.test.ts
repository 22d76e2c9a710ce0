import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

/**
 * Vulnerability coordination in the console: an analyst reports a vulnerability with both CVSS calculators (a 3.1
 * vector typed, a 4.0 vector chosen metric by metric), sees the scores live, then triages the case and logs a
 * vendor contact on its page.
 */
describe('Vulnerability coordination in the console (Chromium)', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const org = await hub.org('cvd-browser');
    await hub.user('ana@cvd-browser.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('reports a vulnerability with both calculators, triages it and logs a vendor contact', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'ana@cvd-browser.example');

    await page.getByTestId('nav-cvd').click();
    await page.getByTestId('cvd-new').click();
    await page.locator('input[name="product"]').fill('DVR-4000 firmware');
    await page.locator('input[name="vendorName"]').fill('Example Vision');
    await page.locator('input[name="titleEn"]').fill('Command injection in the DVR web UI');
    await page.locator('input[name="cweId"]').fill('CWE-78');

    // CVSS 3.1: a wrong vector says what is wrong; the right one is scored, and the selectors follow it.
    const result31 = page.getByTestId('cvss31-result');
    await page.getByTestId('cvss31-vector').fill('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(await result31.textContent()).toContain('Invalid vector');
    expect(await result31.textContent()).toContain('AV');
    await page.getByTestId('cvss31-vector').fill(V31);
    expect(await result31.textContent()).toBe('9.8 Critical');
    expect(await page.getByTestId('cvss31-S').inputValue()).toBe('U');

    // CVSS 4.0: metric by metric; the vector appears once every base metric is chosen.
    const choices: [string, string][] = [
      ['AV', 'N'],
      ['AC', 'L'],
      ['AT', 'N'],
      ['PR', 'N'],
      ['UI', 'N'],
      ['VC', 'H'],
      ['VI', 'H'],
      ['VA', 'H'],
      ['SC', 'N'],
      ['SI', 'N'],
      ['SA', 'N'],
    ];
    for (const [metric, value] of choices) await page.getByTestId(`cvss40-${metric}`).selectOption(value);
    expect(await page.getByTestId('cvss40-vector').inputValue()).toBe(V40);
    expect(await page.getByTestId('cvss40-result').textContent()).toBe('9.3 Critical');

    await page.getByTestId('cvd-submit').click();
    await page.getByTestId('cvd-details').waitFor();
    expect(await page.locator('h1').textContent()).toMatch(
      /^CYNEX-VU-\d{4}-\d{4} Command injection in the DVR web UI$/,
    );
    expect(await page.getByTestId('cvd-status').textContent()).toBe('Received');
    expect(await page.getByTestId('cvd-cvss31').textContent()).toBe(`9.8 ${V31}`);
    expect(await page.getByTestId('cvd-cvss40').textContent()).toBe(`9.3 ${V40}`);

    // Triage: the stepper moves on and the history shows the change.
    await page.getByTestId('cvd-status-note').fill('Reproduced on 4.1.0');
    await page.getByTestId('cvd-to-triaged').click();
    await page.locator('[data-testid="cvd-status"]', { hasText: 'Triaged' }).waitFor();
    expect(await page.getByTestId('cvd-events').textContent()).toContain('Received → Triaged');
    expect(await page.getByTestId('cvd-events').textContent()).toContain('Reproduced on 4.1.0');
    expect(await page.getByTestId('cvd-to-vendor_notified').isVisible()).toBe(true);

    // The vendor contact log.
    const form = page.getByTestId('cvd-contact-form');
    await form.locator('input[name="contact"]').fill('psirt@example-vision.example');
    await form.locator('input[name="channel"]').fill('e-mail');
    await form.locator('textarea[name="summary"]').fill('Sent the report and the proof of concept.');
    await page.getByTestId('cvd-contact-add').click();
    await page.getByTestId('cvd-contacts').waitFor();
    const log = await page.getByTestId('cvd-contacts').textContent();
    expect(log).toContain('Sent to the vendor');
    expect(log).toContain('psirt@example-vision.example');
    expect(log).toContain('Sent the report and the proof of concept.');
    expect(
      Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')),
    ).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/cvd-case-en.png', fullPage: true });

    // The list shows the case with its status.
    await page.getByTestId('nav-cvd').click();
    await page.getByTestId('cvd-table').waitFor();
    expect(await page.getByTestId('cvd-table').textContent()).toContain('Triaged');
    await context.close();
  });

  it('shows the calculator in Japanese', async () => {
    const context = await newContext(browser, { locale: 'ja-JP' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'ana@cvd-browser.example');
    expect(await page.getByTestId('nav-cvd').textContent()).toBe('脆弱性調整');
    await page.goto(`${base}/cvd/new`);
    await page.getByTestId('cvss31-vector').fill(V31);
    expect(await page.getByTestId('cvss31-result').textContent()).toBe('9.8 緊急');
    expect(await page.getByTestId('cvss31').textContent()).toContain('攻撃元区分');
    await context.close();
  });
});
