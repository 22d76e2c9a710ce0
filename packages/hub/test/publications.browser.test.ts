import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { batch, interval, sensorToken, starts, upload } from '../src/modules/telescope/telescope.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const DIRECTIVE = '{{chart:darknet-timeseries from=2026-01-01 to=2026-01-31}}';

/** No horizontal scrolling at this width: the page fits. */
async function expectNoOverflow(page: Page) {
  const fits = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth })',
  );
  expect(fits.scroll, JSON.stringify(fits)).toBeLessThanOrEqual(fits.client);
}

/**
 * The publication workflow in the console: the author writes both languages with a darknet chart, sees the live
 * preview's chart, submits to a colleague; the colleague approves; the author publishes.
 */
describe('Publications in the console (Chromium)', { timeout: 300_000 }, () => {
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
    const org = await hub.org('pubweb');
    await hub.user('author@pubweb.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    await hub.user('reviewer@pubweb.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const token = await sensorToken(hub, 'sensor@pubweb.example');
    const sent = await upload(
      hub,
      token,
      batch({ intervals: starts('2026-01-10T00:00:00Z', 3).map((s) => interval(s)) }),
    );
    expect(sent.statusCode, sent.body).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('writes, previews, submits, approves and publishes', async () => {
    const context = await newContext(browser, { locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'author@pubweb.example');
    await page.goto(`${base}/publications`);
    await page.getByTestId('publication-new').click();
    await page.getByTestId('publication-slug').fill('darknet-january');
    await page.getByTestId('publication-title-ja').fill('1 月のダークネット');
    await page.getByTestId('publication-title-en').fill('The darknet in January');
    await page.getByTestId('publication-body-ja').fill(`# 観測\n\n${DIRECTIVE}\n`);
    // The English body gets its chart from the embed picker.
    await page.getByTestId('publication-body-en').fill('# Observations\n\n');
    await page.getByTestId('publication-embed-en-kind').selectOption('chart:darknet-timeseries');
    await page.getByTestId('publication-embed-en-from').fill('2026-01-01');
    await page.getByTestId('publication-embed-en-to').fill('2026-01-31');
    await page.getByTestId('publication-embed-en-insert').click();
    expect(await page.getByTestId('publication-body-en').inputValue()).toContain(DIRECTIVE);
    await page.getByTestId('publication-reviewers-reviewer@pubweb.example').check();

    // The live preview renders the chart as SVG, in both languages.
    for (const lang of ['ja', 'en']) {
      const svg = page.getByTestId(`publication-preview-${lang}`).locator('svg');
      await svg.first().waitFor({ state: 'visible' });
      expect(await svg.first().isVisible()).toBe(true);
    }
    expect(await page.getByTestId('publication-problems-en').count()).toBe(0);
    await expectNoOverflow(page);
    await page.screenshot({ path: 'test-results/publication-editor-1280.png', fullPage: true });

    await page.getByTestId('publication-save').click();
    await page.waitForURL(/\/publications\/[0-9a-f-]{36}$/);
    const url = page.url();
    await page.getByTestId('publication-submit').click();
    await page.getByTestId('publication-submit-confirm').click();
    await page.locator('[data-testid="publication-status"]', { hasText: 'In review' }).waitFor();
    await page.getByTestId('publication-preview-en').locator('svg').first().waitFor({ state: 'visible' });
    await expectNoOverflow(page);
    await page.screenshot({ path: 'test-results/publication-in-review-1280.png', fullPage: true });

    const reviewerContext = await newContext(browser, { locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const reviewer = await reviewerContext.newPage();
    watch(reviewer);
    await signInAt(reviewer, base, 'reviewer@pubweb.example');
    await reviewer.goto(url);
    await reviewer.getByTestId('publication-review-decision').selectOption('approved');
    await reviewer.getByTestId('publication-review-comment').fill('グラフの期間を確認しました。');
    await reviewer.getByTestId('publication-review-send').click();
    await reviewer.getByTestId('publication-reviews').getByText('グラフの期間を確認しました。').waitFor();
    await reviewerContext.close();

    await page.reload();
    await page.getByTestId('publication-reviews').getByText('Approved').waitFor();
    await page.getByTestId('publication-publish').click();
    await page.getByTestId('publication-publish-confirm').click();
    await page.locator('[data-testid="publication-status"]', { hasText: 'Published' }).waitFor();
    await page.getByRole('button', { name: 'Version 1' }).click();
    await page.getByTestId('publication-version-1').locator('svg').first().waitFor({ state: 'visible' });
    await expectNoOverflow(page);

    // The list shows it as published.
    await page.goto(`${base}/publications`);
    const row = page.getByTestId('publication-row-darknet-january');
    await row.waitFor();
    expect(await row.getByTestId('publication-status').textContent()).toBe('Published');
    await context.close();
  });

  it('puts the languages in tabs on a narrow screen', async () => {
    const context = await newContext(browser, { locale: 'en-GB', viewport: { width: 600, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'author@pubweb.example');
    await page.goto(`${base}/publications/new`);
    await page.getByTestId('publication-title-en').waitFor({ state: 'visible' });
    expect(await page.getByTestId('publication-title-ja').isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'Japanese' }).click();
    expect(await page.getByTestId('publication-title-ja').isVisible()).toBe(true);
    expect(await page.getByTestId('publication-title-en').isVisible()).toBe(false);
    await context.close();
  });
});
