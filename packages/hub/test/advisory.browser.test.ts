import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { validateCsaf } from '@cynex/core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const C = '/api/v1/cvd/cases';

/**
 * The advisory panel of a vulnerability case: the analyst sees the CSAF preview and its validation, publishes
 * version 1 after confirming (overriding the embargo with a reason), and downloads the CSAF and STIX documents; a
 * version that contradicts itself lists its problems with their CSAF test ids.
 */
describe('Advisory panel in the console (Chromium)', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let ana: Record<string, string>;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  const notifiedCase = async (extra: object) => {
    const res = await hub.app.inject({
      method: 'POST',
      url: C,
      headers: ana,
      payload: {
        product: 'DVR-4000',
        vendorName: 'Example Vision',
        titleEn: 'Command injection in the DVR web UI',
        titleJa: 'DVR の Web UI におけるコマンドインジェクション',
        descriptionEn: 'An unauthenticated attacker can run commands.',
        cvss31Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        cweId: 'CWE-78',
        ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, ref } = res.json<{ id: string; ref: string }>();
    for (const to of ['triaged', 'vendor_notified']) {
      const moved = await hub.app.inject({ method: 'POST', url: `${C}/${id}/status`, headers: ana, payload: { to } });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    return { id, ref };
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const org = await hub.org('adv-browser');
    await hub.user('ana@adv-browser.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    ana = await hub.signIn('ana@adv-browser.example');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('previews, publishes version 1 past the embargo with a reason, and offers the downloads (en)', async () => {
    const { id, ref } = await notifiedCase({
      affectedVersions: '1.0, 1.1',
      fixedVersions: '1.2',
      embargoUntil: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    });
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'ana@adv-browser.example');
    await page.goto(`${base}/cvd/${id}`);

    const panel = page.getByTestId('advisory-panel');
    await page.getByTestId('advisory-valid').waitFor();
    expect(await page.getByTestId('advisory-next').textContent()).toContain(`Next release: ${ref} version 1.`);
    expect(await page.getByTestId('advisory-blocker-embargo').textContent()).toContain('needs a reason');
    expect(await page.getByTestId('advisory-none').textContent()).toBe('No advisory has been published yet.');
    await panel.getByText('Show the CSAF document (JSON)').click();
    const json = JSON.parse((await page.getByTestId('advisory-json').textContent()) ?? '{}') as unknown;
    expect(validateCsaf(json)).toEqual({ valid: true, errors: [] });

    await page.getByTestId('advisory-publish').click();
    expect(await page.getByTestId('advisory-confirm').isDisabled()).toBe(true);
    await page.getByTestId('advisory-summary').fill('First public release');
    await page.getByTestId('advisory-override').fill('Exploited in the wild');
    await page.getByTestId('advisory-confirm').click();
    await page.getByTestId('advisory-versions').waitFor();
    const versions = await page.getByTestId('advisory-versions').textContent();
    expect(versions).toContain('Version 1');
    expect(versions).toContain('First public release');
    expect(await panel.locator(`a[href$="/p/ja/advisories/${ref}"]`).count()).toBe(1);
    // The case page follows: the stepper shows the case published.
    await page.locator('[data-testid="cvd-stepper"] li[aria-current="step"]', { hasText: 'Published' }).waitFor();

    const csaf = await page.request.get(`${base}${await page.getByTestId('advisory-csaf').getAttribute('href')}`);
    expect(csaf.status()).toBe(200);
    const doc = (await csaf.json()) as { document: { tracking: { version: string } } };
    expect(doc.document.tracking.version).toBe('1');
    const stix = await page.request.get(`${base}${await page.getByTestId('advisory-stix').getAttribute('href')}`);
    expect(((await stix.json()) as { type: string }).type).toBe('bundle');
    await page.screenshot({ path: 'test-results/advisory-panel-en.png', fullPage: true });
    await context.close();
  });

  it('lists the problems of an invalid advisory with their CSAF test ids and offers no publication (ja)', async () => {
    const { id } = await notifiedCase({ affectedVersions: '1.0, 1.1', fixedVersions: '1.1' });
    const context = await newContext(browser, { locale: 'ja-JP' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'ana@adv-browser.example');
    await page.goto(`${base}/cvd/${id}`);
    await page.getByTestId('advisory-invalid').waitFor();
    expect(await page.getByTestId('advisory-invalid').textContent()).toBe('問題 1 件');
    expect(await page.getByTestId('advisory-problems').textContent()).toContain('6.1.6');
    expect(await page.getByTestId('advisory-publish').isDisabled()).toBe(true);
    expect(await page.getByTestId('advisory-none').textContent()).toBe('まだアドバイザリは公開されていません。');
    await page.screenshot({ path: 'test-results/advisory-panel-ja.png', fullPage: true });
    await context.close();
  });
});
