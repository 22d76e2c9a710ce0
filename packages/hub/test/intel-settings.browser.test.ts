import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

/**
 * An organisation's admin anonymises its sightings from the organisation's page, in Japanese, and the derived
 * intelligence of its case stops naming it. Run with `npm run test:browser` (after `npm run build:web`).
 */
describe('anonymised sightings in the console (Chromium)', () => {
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

  it('toggles the choice and the derived sighting names "a cynex member"', async () => {
    const org = await hub.org('console-anon');
    await hub.user('admin@console-anon.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
    await hub.user('ana@console-anon.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const analyst = await hub.signIn('ana@console-anon.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: analyst,
      payload: { environmentCode: 'AN1', startDate: '2026-11-20', malwareFamily: 'Emotet' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const identities = async () =>
      (await hub.app.inject({ url: '/api/v1/intel/objects?type=identity&limit=50', headers: analyst }))
        .json<{ items: { label: string }[] }>()
        .items.map((i) => i.label);
    expect(await identities()).toEqual(['console-anon Inc.']);

    const context = await newContext(browser, { locale: 'ja-JP' });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInAt(page, base, 'admin@console-anon.example');
    await page.goto(`${base}/orgs/${org.id}`);
    const panel = page.getByTestId('org-intel-settings');
    const toggle = panel.getByTestId('intel-anonymise-sightings');
    await expect.poll(() => toggle.count(), { timeout: 15_000 }).toBe(1);
    expect(await toggle.isChecked()).toBe(false);
    expect(await panel.textContent()).toContain('サイティングを匿名にする');
    await toggle.check();
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('保存しました');
    expect(await toggle.isChecked()).toBe(true);
    expect(await panel.textContent()).toContain('「cynex 会員」と記載し');

    await hub.services.intelSettings.settled();
    expect(await identities()).toEqual(['a cynex member']);
    await context.close();
  });
});
