import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { openDatabase, type Database, type Db } from '../../db/client.js';
import { EgressGuard, parseEgressAllow } from '../../platform/egress.js';
import { HttpWebhookSender } from '../alerts/alerts.delivery.js';
import { memberOrg, settledHistory } from '../alerts/alerts.fixtures.js';
import { AlertDeliveryHandler, ALERTS_OPENED } from '../alerts/alerts.outbox.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import { batch, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';
import { dedupReceiver } from './deliveries.fixtures.js';
import { DeliveryJobsRepository } from './deliveries.repository.js';
import { backoffSeconds, DeliveryWorker } from './delivery-worker.js';

const seenAt = (host: string) => batch({ sources: [source(host, '2024-05-01T10:00:00Z')] });

describe(backoffSeconds.name, () => {
  it('doubles from the base with each attempt, up to the cap, keeping between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 30, 3600, () => 1))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(3, 30, 3600, () => 0)).toBe(60);
    expect(backoffSeconds(20, 30, 3600, () => 1)).toBe(3600);
  });
});

describe(DeliveryWorker.name, () => {
  let hub: TestHub;
  let token: string;
  const receivers: { close: () => Promise<void> }[] = [];
  beforeAll(async () => {
    // Loopback receivers need the operator's consent; tiny back-off so retries come within the test.
    hub = await startTestHub({ egressAllow: ['127.0.0.1'], jobsPollMs: 20, jobsBackoffSeconds: 0.05 });
    token = await sensorToken(hub);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => hub.dispose());

  it('retries a refused webhook with back-off and delivers it on the third attempt, under one idempotency key', async () => {
    const receiver = await dedupReceiver({ refuseFirst: 2 });
    receivers.push(receiver);
    const member = await memberOrg(hub, 'retried', '198.51.100.0/24', { emails: [], webhookUrl: receiver.url });
    expect((await upload(hub, token, seenAt('198.51.100.7'))).statusCode).toBe(200);

    const history = await settledHistory(hub, member.headers);
    expect(receiver.calls.map((c) => c.status)).toEqual([503, 503, 204]);
    const key = receiver.calls[0]!.key!;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    for (const call of receiver.calls) {
      expect(call.key).toBe(key);
      expect(call.deliveryHeader).toBe(key);
      expect(call.body.deliveryId).toBe(key);
    }
    expect(history.map((e) => e.action)).toEqual([
      'opened',
      'notified',
      'webhook_queued',
      'webhook_failed',
      'webhook_failed',
      'webhook_sent',
    ]);
    expect(history[3]!.details).toMatchObject({ error: 'the receiver answered 503', attempt: 1 });
    expect(history[3]!.details.nextAttemptAt).toEqual(expect.any(String));
    expect(history[5]!.details).toEqual({ url: receiver.url, status: 204, attempt: 3 });

    const listed = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${member.orgId}/deliveries`,
      headers: member.headers,
    });
    expect(listed.json()).toMatchObject({
      total: 1,
      items: [{ channel: 'webhook', state: 'delivered', attempts: 3, idempotencyKey: key, lastError: null }],
    });
  });

  it('gives a job up as dead after the last attempt', async () => {
    const receiver = await dedupReceiver({ refuseFirst: 100 });
    receivers.push(receiver);
    const member = await memberOrg(hub, 'refused', '203.0.113.0/24', { emails: [], webhookUrl: receiver.url });
    expect((await upload(hub, token, seenAt('203.0.113.5'))).statusCode).toBe(200);
    const history = await settledHistory(hub, member.headers);
    // The default: eight attempts.
    expect(receiver.calls).toHaveLength(8);
    expect(history.at(-1)).toMatchObject({
      action: 'webhook_failed',
      details: { attempt: 8, nextAttemptAt: null, error: 'the receiver answered 503' },
    });
    const listed = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${member.orgId}/deliveries?state=dead`,
      headers: member.headers,
    });
    expect(listed.json().items).toMatchObject([{ state: 'dead', attempts: 8, retryable: true, nextAttemptAt: null }]);
  });
});

describe(DeliveryJobsRepository.name, () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ jobsPollMs: 0 });
  });
  afterAll(async () => hub.dispose());

  it('leases a claimed job: nobody else claims it until the lease runs out, and then only the new owner settles it', async () => {
    const org = await hub.org('leased');
    const repo = new DeliveryJobsRepository(hub.database.db);
    const [job] = await repo.enqueue([
      { orgId: org.id, channel: 'webhook', topic: 'test', idempotencyKey: 'lease-1', payload: {}, maxAttempts: 3 },
    ]);
    expect(await repo.claim('a', 10, 0.3)).toMatchObject([{ id: job!.id, attempts: 1, leaseOwner: 'a' }]);
    expect(await repo.claim('b', 10, 0.3)).toEqual([]);
    const again = await vi.waitFor(
      async () => {
        const claimed = await repo.claim('b', 10, 30);
        expect(claimed).toHaveLength(1);
        return claimed;
      },
      { timeout: 5000, interval: 50 },
    );
    expect(again[0]).toMatchObject({ id: job!.id, attempts: 2, leaseOwner: 'b' });
    expect(await repo.markDelivered(job!.id, 'a', null)).toBe(false);
    expect(await repo.markDelivered(job!.id, 'b', null)).toBe(true);
    expect(await repo.claim('c', 10, 30)).toEqual([]);
  });
});

describe('two workers on one database', () => {
  let hub: TestHub;
  let second: Database | undefined;
  beforeAll(async () => {
    // The hub's own worker is off: the jobs pile up, then two workers compete for them.
    hub = await startTestHub({ egressAllow: ['127.0.0.1'], jobsPollMs: 0 });
    // On PostgreSQL the second worker has a pool of its own, as a second hub process would; PGlite is one
    // process's embedded database, so there both workers share it.
    second =
      hub.database.driver === 'postgres'
        ? await openDatabase({ databaseUrl: hub.config.databaseUrl, dataDir: hub.config.dataDir })
        : undefined;
  });
  afterAll(async () => {
    await second?.close();
    await hub.dispose();
  });

  const workerOn = (db: Db, owner: string) => {
    const worker = new DeliveryWorker(new DeliveryJobsRepository(db), {
      pollMs: 5,
      backoffSeconds: 0.05,
      maxBackoffSeconds: 1,
      leaseSeconds: 60,
      batchSize: 2,
      owner,
    });
    const guard = new EgressGuard({ allow: parseEgressAllow(['127.0.0.1']) });
    worker.register(
      ALERTS_OPENED,
      new AlertDeliveryHandler(new AlertsRepository(db), { webhooks: new HttpWebhookSender(guard) }),
    );
    return worker;
  };

  it('deliver each alert exactly once', async () => {
    const receiver = await dedupReceiver();
    try {
      await memberOrg(hub, 'shared', '192.0.2.0/24', { emails: [], webhookUrl: receiver.url });
      const token = await sensorToken(hub);
      const hosts = Array.from({ length: 12 }, (_, i) => `192.0.2.${10 + i}`);
      for (const host of hosts) expect((await upload(hub, token, seenAt(host))).statusCode).toBe(200);

      const workers = [workerOn(hub.database.db, 'one'), workerOn(second?.db ?? hub.database.db, 'two')];
      workers.forEach((w) => w.start());
      try {
        await vi.waitFor(() => expect(receiver.accepted.size).toBe(hosts.length), { timeout: 15_000, interval: 20 });
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
      expect(receiver.calls).toHaveLength(hosts.length);
      expect(receiver.duplicates()).toBe(0);
      const delivered = [...receiver.accepted.values()].flatMap((c) => c.body.alerts!.map((a) => a.host)).sort();
      expect(delivered).toEqual([...hosts].sort());
    } finally {
      await receiver.close();
    }
  });
});
