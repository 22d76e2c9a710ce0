import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { memberOrg, settledHistory } from '../alerts/alerts.fixtures.js';
import { batch, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';
import { dedupReceiver } from './deliveries.fixtures.js';

type Who = 'admin' | 'analyst' | 'otherAdmin' | 'padmin' | 'anonymous';

describe('delivery routes', () => {
  let hub: TestHub;
  let receiver: Awaited<ReturnType<typeof dedupReceiver>>;
  let orgId: string;
  const h = {} as Record<Who, Record<string, string>>;
  const call = (who: Who, method: 'GET' | 'POST', url: string) =>
    hub.app.inject({ method, url: `/api/v1/orgs/${url}`, headers: h[who] });

  beforeAll(async () => {
    receiver = await dedupReceiver();
    receiver.state.refusing = true;
    // One attempt: the refused webhook is dead at once.
    hub = await startTestHub({ egressAllow: ['127.0.0.1'], jobsMaxAttempts: 1, jobsPollMs: 20 });
    const member = await memberOrg(hub, 'outbox', '198.51.100.0/24', { emails: [], webhookUrl: receiver.url });
    orgId = member.orgId;
    h.admin = member.headers;
    await hub.user('analyst@outbox.example', { memberships: [{ orgId, role: 'analyst' }] });
    h.analyst = await hub.signIn('analyst@outbox.example');
    const other = await hub.org('elsewhere');
    await hub.user('admin@elsewhere.example', { memberships: [{ orgId: other.id, role: 'org_admin' }] });
    h.otherAdmin = await hub.signIn('admin@elsewhere.example');
    h.anonymous = {};
    await hub.user('root@outbox.example', { platformAdmin: true });
    h.padmin = await hub.signIn('root@outbox.example');
    const token = await sensorToken(hub);
    const uploaded = await upload(hub, token, batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] }));
    expect(uploaded.statusCode).toBe(200);
    await settledHistory(hub, h.admin);
  });
  afterAll(async () => {
    await hub.dispose();
    await receiver.close();
  });

  it("lists the organisation's deliveries to its admins and platform admins only", async () => {
    const listed = await call('admin', 'GET', `${orgId}/deliveries`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      total: 1,
      items: [
        {
          channel: 'webhook',
          topic: 'alerts.opened',
          about: [{ type: 'alert', label: '198.51.100.7 (2024-05-01)' }],
          state: 'dead',
          attempts: 1,
          maxAttempts: 1,
          lastError: 'the receiver answered 503',
          target: receiver.url,
          retryable: true,
        },
      ],
    });
    expect((await call('padmin', 'GET', `${orgId}/deliveries?state=dead`)).json().total).toBe(1);
    expect((await call('admin', 'GET', `${orgId}/deliveries?state=delivered`)).json()).toEqual({ items: [], total: 0 });

    expect((await call('analyst', 'GET', `${orgId}/deliveries`)).statusCode).toBe(403);
    expect((await call('otherAdmin', 'GET', `${orgId}/deliveries`)).statusCode).toBe(403);
    expect((await call('anonymous', 'GET', `${orgId}/deliveries`)).statusCode).toBe(401);
    expect((await call('padmin', 'GET', `${randomUUID()}/deliveries`)).json().error.code).toBe('ORG_NOT_FOUND');
    expect((await call('admin', 'GET', `${orgId}/deliveries?state=lost`)).statusCode).toBe(400);
  });

  it('retries a dead webhook when an admin asks, under the same key, and audits it', async () => {
    const [job] = (await call('admin', 'GET', `${orgId}/deliveries?state=dead`)).json().items;
    const retry = `${orgId}/deliveries/${job.id}/retry`;
    expect((await call('analyst', 'POST', retry)).statusCode).toBe(403);
    expect((await call('otherAdmin', 'POST', retry)).statusCode).toBe(403);
    expect((await call('anonymous', 'POST', retry)).statusCode).toBe(401);
    expect((await call('admin', 'POST', `${orgId}/deliveries/${randomUUID()}/retry`)).json().error.code).toBe(
      'DELIVERY_NOT_FOUND',
    );
    expect(receiver.accepted.size).toBe(0);

    receiver.state.refusing = false;
    const retried = await call('admin', 'POST', retry);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: job.id, state: 'retrying', attempts: 1, maxAttempts: 2 });
    const delivered = await vi.waitFor(
      async () => {
        const [item] = (await call('admin', 'GET', `${orgId}/deliveries`)).json().items;
        expect(item.state).toBe('delivered');
        return item;
      },
      { timeout: 10_000, interval: 25 },
    );
    expect(delivered).toMatchObject({ attempts: 2, lastError: null, retryable: false });
    expect(receiver.calls.map((c) => c.key)).toEqual([job.idempotencyKey, job.idempotencyKey]);
    expect(receiver.accepted.size).toBe(1);
    expect((await settledHistory(hub, h.admin)).map((e) => e.action).slice(-2)).toEqual([
      'webhook_failed',
      'webhook_sent',
    ]);

    const again = await call('admin', 'POST', retry);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DELIVERY_NOT_RETRYABLE');

    const audit = (
      await hub.app.inject({ method: 'GET', url: '/api/v1/audit?action=delivery.retry', headers: h.admin })
    ).json();
    expect(audit.items).toMatchObject([
      {
        action: 'delivery.retry',
        targetType: 'delivery',
        targetId: job.id,
        details: { channel: 'webhook', state: 'dead' },
      },
    ]);
  });
});
