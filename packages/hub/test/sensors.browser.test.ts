import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { batch, upload } from '../src/modules/telescope/telescope.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

/** The Sensors page: a platform admin registers a sensor, copies its secret once, sees it used, and revokes it. */
describe('Sensors page in Chromium', () => {
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
    const org = await hub.org('sensor-page');
    await hub.user('root@sensor-page.example', { platformAdmin: true });
    await hub.user('ana@sensor-page.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => expect(takeCspViolations()).toEqual([]));

  it('registers, shows the secret once, lists the last use and revokes after a confirmation (in Japanese)', async () => {
    const page = await (await newContext(browser, { locale: 'ja-JP' })).newPage();
    await signInAt(page, base, 'root@sensor-page.example');
    await page.getByTestId('nav-sensors').click();
    await page.getByTestId('sensor-id').fill('tokyo-9');
    await page.getByTestId('sensor-name').fill('東京 DC ラック 9');
    await page.getByTestId('sensor-register').click();
    const value = await page.getByTestId('sensor-secret').inputValue();
    expect(value).toMatch(/^cnxs_[A-Za-z0-9_-]{43}$/);

    expect((await upload(hub, value, batch({ sensorId: 'tokyo-9' }))).statusCode).toBe(200);
    await page.reload();
    const row = page.getByTestId('sensors-table').locator('tbody tr', { hasText: 'tokyo-9' });
    await expect.poll(() => row.textContent()).toContain('127.0.0.1');
    expect(await row.textContent()).toContain('ダークネット観測データ');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('sensor-revoke-tokyo-9').click();
    await expect.poll(() => row.textContent()).toContain('失効済み');
    expect((await upload(hub, value, batch({ sensorId: 'tokyo-9' }))).statusCode).toBe(401);
  });

  it('shows no Sensors link to members', async () => {
    const page = await (await newContext(browser, { locale: 'en-GB' })).newPage();
    await signInAt(page, base, 'ana@sensor-page.example');
    await expect.poll(() => page.getByTestId('nav-tokens').count()).toBe(1);
    expect(await page.getByTestId('nav-sensors').count()).toBe(0);
  });
});
