import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { memberOrg, settledHistory } from '../src/modules/alerts/alerts.fixtures.js';
import { dedupReceiver } from '../src/modules/deliveries/deliveries.fixtures.js';
import { batch, sensorToken, source, upload } from '../src/modules/telescope/telescope.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

/**
 * An organisation's admin finds a dead webhook delivery in the console and retries it. Run with
 * `npm run test:browser` (after `npm run build:web`).
 */
describe('deliveries in the console (Chromium)', () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let receiver: Awaited<ReturnType<typeof dedupReceiver>>;

  beforeAll(async () => {
    receiver = await dedupReceiver();
    // Two quick attempts, then the delivery is dead.
    hub = await startTestHub({
      egressAllow: ['127.0.0.1'],
      jobsMaxAttempts: 2,
      jobsBackoffSeconds: 0.05,
      jobsPollMs: 50,
    });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await receiver?.close();
  });
  afterEach(() => expect(takeCspViolations()).toEqual([]));

  it('shows a dead webhook to the organisation admin, who retries it and sees it delivered', async () => {
    receiver.state.refusing = true;
    const member = await memberOrg(hub, 'console-outbox', '198.51.100.0/24', { emails: [], webhookUrl: receiver.url });
    const token = await sensorToken(hub);
    expect(
      (await upload(hub, token, batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] }))).statusCode,
    ).toBe(200);
    await settledHistory(hub, member.headers);
    expect(receiver.calls.map((c) => c.status)).toEqual([503, 503]);

    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await signInAt(page, base, 'admin@console-outbox.example');
    await page.goto(`${base}/orgs/${member.orgId}`);
    const panel = page.getByTestId('org-deliveries');
    const row = panel.getByTestId('delivery-row');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.getByTestId('delivery-state').textContent()).toBe('Failed (dead)');
    expect(await row.textContent()).toContain('198.51.100.7 (2024-05-01)');
    expect(await row.textContent()).toContain('the receiver answered 503');

    // Only dead deliveries: the filter keeps it.
    await panel.getByTestId('deliveries-state-filter').selectOption('dead');
    await expect.poll(() => row.count()).toBe(1);

    receiver.state.refusing = false;
    await row.getByTestId('delivery-retry').click();
    await panel.getByTestId('deliveries-state-filter').selectOption('');
    await expect.poll(() => row.getByTestId('delivery-state').textContent(), { timeout: 15_000 }).toBe('Delivered');
    expect(await row.getByTestId('delivery-retry').count()).toBe(0);
    expect(receiver.accepted.size).toBe(1);
    expect(new Set(receiver.calls.map((c) => c.key)).size).toBe(1);
    await context.close();
  });
});
