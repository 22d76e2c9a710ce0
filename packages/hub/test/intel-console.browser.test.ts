import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

/** The APT1 report of the OASIS STIX 2.1 examples: 76 objects, one intrusion set, one report naming the rest. */
const APT1 = fileURLToPath(new URL('../../../../shared/data/stix/examples/threat-reports/apt1.json', import.meta.url));
const APT1_SET = 'intrusion-set--da1065ce-972c-4605-8755-9cd1074e3b5a';
const APT1_REPORT = 'report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf';

/** A bundle of two indicators, the second without the pattern every indicator must have. */
const brokenBundle = () => {
  const indicator = (n: number) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${String(n).padStart(8, '0')}-1111-4000-8000-000000000000`,
    created: '2026-11-30T00:00:00.000Z',
    modified: '2026-11-30T00:00:00.000Z',
    pattern: `[ipv4-addr:value = '192.0.2.${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-11-30T00:00:00.000Z',
  });
  const { pattern: _missing, ...noPattern } = indicator(2);
  return JSON.stringify({
    type: 'bundle',
    id: 'bundle--6d3e9c0a-9f3b-4f1e-8d2c-1f0a2b3c4d5e',
    objects: [indicator(1), noPattern],
  });
};

/**
 * The threat-intelligence console end to end: an analyst imports a STIX bundle through the form (a real file
 * upload with progress), reads the summary, browses the stored objects by type, opens an object with its JSON and
 * follows a report's references; the labels are in Japanese once the language is switched.
 */
describe('Threat intelligence console in Chromium', () => {
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
    const org = await hub.org('intel-console');
    await hub.user('ana@intel-console.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    await hub.user('kenji@intel-console.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    await hub.user('view@intel-console.example', { memberships: [{ orgId: org.id, role: 'viewer' }] });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  // Errors thrown in the page fail the test too.
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const openPage = async (email: string, locale = 'en-GB'): Promise<Page> => {
    const page = await (await newContext(browser, { locale })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInAt(page, base, email);
    return page;
  };

  it('imports the APT1 bundle through the form, then browses it by type and opens an object with its JSON', async () => {
    const page = await openPage('ana@intel-console.example');
    await page.getByTestId('nav-intel').click();
    await page.getByTestId('intel-objects').waitFor();
    await page.getByTestId('intel-import-link').click();
    await page.getByTestId('intel-import-form').waitFor();
    expect(await page.getByTestId('intel-scope').inputValue()).toBe('organisation');
    expect(await page.getByTestId('intel-tlp').inputValue()).toBe('AMBER');
    expect(await page.getByTestId('intel-marking-help').textContent()).toContain('stricter TLP marking of its own');

    await page.getByTestId('intel-file').setInputFiles(APT1);
    expect(await page.getByTestId('intel-file-name').textContent()).toContain('apt1.json');
    await page.getByTestId('intel-import-submit').click();
    const summary = page.getByTestId('intel-import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toContain('Complete');
    expect(await page.getByTestId('intel-import-objects').textContent()).toBe('76');
    expect(await page.getByTestId('intel-import-stored').textContent()).toBe('76');
    expect(await page.getByTestId('intel-import-invalid').textContent()).toBe('0');
    expect(await page.getByTestId('intel-import-problems').count()).toBe(0);
    const recent = page.getByTestId('intel-recent-imports');
    await expect.poll(() => recent.textContent()).toContain('apt1.json');

    // the imported objects, 50 a page
    await page.getByTestId('intel-import-objects-link').click();
    await page.waitForURL(/\/intel\?importId=[0-9a-f-]{36}$/);
    await page.getByTestId('intel-filter-import').waitFor();
    const rows = page.getByTestId('intel-objects-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.locator('.pagination-range').textContent()).toBe('1–50 of 76');

    // by type: the one intrusion set, and an export of just that
    await page.getByTestId('intel-filter-type').selectOption('intrusion-set');
    await page.waitForURL(/type=intrusion-set/);
    await expect.poll(() => rows.count()).toBe(1);
    const row = page.getByTestId(`intel-object-row-${APT1_SET}`);
    expect(await row.textContent()).toContain('APT1');
    expect(await row.textContent()).toContain('TLP:AMBER');
    const exported = await page.request.get(
      new URL((await page.getByTestId('intel-export').getAttribute('href'))!, base).href,
    );
    expect(exported.status()).toBe(200);
    const bundle = (await exported.json()) as { type: string; objects: { id: string }[] };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.map((object) => object.id)).toEqual([APT1_SET]);

    await row.getByRole('link').click();
    await page.waitForURL(/\/intel\/objects\/intrusion-set--/);
    expect(await page.getByTestId('intel-object-title').textContent()).toBe('APT1');
    expect(await page.getByTestId('intel-object-facts').textContent()).toContain('intrusion-set');
    const json = await page.getByTestId('intel-json').textContent();
    expect(JSON.parse(json!)).toMatchObject({
      id: APT1_SET,
      name: 'APT1',
      aliases: ['Comment Crew', 'Comment Group', 'Shady Rat'],
    });

    // a report's references link to the objects it names
    await page.goto(`${base}/intel/objects/${APT1_REPORT}`);
    const refs = page.getByTestId('intel-refs');
    await refs.waitFor();
    expect(await refs.locator('tbody tr').count()).toBe(75);
    await refs.getByRole('link', { name: APT1_SET }).click();
    await page.waitForURL(new RegExp(`/intel/objects/${APT1_SET}$`));
    await expect.poll(() => page.getByTestId('intel-object-title').textContent()).toBe('APT1');
  });

  it('lists the invalid objects of a bundle with their index, id and property', async () => {
    const page = await openPage('ana@intel-console.example');
    await page.goto(`${base}/intel/import`);
    await page.getByTestId('intel-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(brokenBundle()),
    });
    await page.getByTestId('intel-import-submit').click();
    await page.getByTestId('intel-import-summary').waitFor();
    expect(await page.getByTestId('intel-import-stored').textContent()).toBe('1');
    expect(await page.getByTestId('intel-import-invalid').textContent()).toBe('1');
    const problems = page.getByTestId('intel-import-problems').locator('tbody tr');
    expect(await problems.count()).toBeGreaterThan(0);
    const first = await problems.first().locator('td').allTextContents();
    expect(first[0]).toBe('1');
    expect(first[1]).toBe('indicator--00000002-1111-4000-8000-000000000000');

    // the summary is kept with the import: the recent imports list opens it again
    await page.getByTestId('intel-import-summary').getByRole('button', { name: 'Dismiss' }).click();
    await page
      .getByTestId('intel-recent-imports')
      .getByRole('row', { name: /broken\.json/ })
      .getByRole('button')
      .click();
    await page.getByTestId('intel-import-problems').waitFor();
    expect(await page.getByTestId('intel-import-summary').textContent()).toContain('Import of broken.json');
    expect(await page.getByTestId('intel-import-invalid').textContent()).toBe('1');
  });

  it('tells a viewer that importing needs an analyst', async () => {
    const page = await openPage('view@intel-console.example');
    await page.goto(`${base}/intel/import`);
    await page.getByText('You may not import intelligence').waitFor();
    expect(await page.getByTestId('intel-import-form').count()).toBe(0);
  });

  it('switches to Japanese and shows Japanese labels', async () => {
    const page = await openPage('kenji@intel-console.example');
    await page.goto(`${base}/intel?type=vulnerability`);
    await page.getByTestId('intel-objects-empty').waitFor();
    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.getByTestId('nav-intel').textContent()).toBe('脅威インテリジェンス');
    expect(await page.getByTestId('intel-objects-empty').textContent()).toBe(
      '条件に一致するオブジェクトはありません。',
    );
    expect(await page.getByTestId('intel-export').textContent()).toBe('バンドルをエクスポート');
    await page.getByTestId('intel-tab-import').click();
    await page.getByTestId('intel-import-form').waitFor();
    expect(await page.getByTestId('intel-import-submit').textContent()).toBe('インポート');
    expect(await page.getByTestId('intel-marking-help').textContent()).toContain(
      'マーキングが緩められることはありません',
    );
  });
});
