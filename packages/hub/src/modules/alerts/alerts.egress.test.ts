import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { systemResolver, type HostResolver } from '../../platform/egress.js';
import { batch, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';
import { AlertSettingsService } from './alert-settings.service.js';
import { HttpWebhookSender, SIGNATURE_HEADER } from './alerts.delivery.js';
import { closedPort, memberOrg, settledHistory, silentReceiver, webhookReceiver } from './alerts.fixtures.js';

/**
 * The hub's DNS for these tests: a few names answered from a table, `localhost` from /etc/hosts, nothing else
 * (no query leaves the machine). `hooks.rebind.example` answers a public address once, then 127.0.0.1.
 */
function testResolver() {
  const asked = new Map<string, number>();
  const resolve: HostResolver = async (hostname) => {
    const count = (asked.get(hostname) ?? 0) + 1;
    asked.set(hostname, count);
    if (hostname === 'localhost') return systemResolver(hostname);
    if (hostname === 'hooks.example.com') return [{ address: '93.184.215.14', family: 4 }];
    if (hostname === 'receiver.internal') return [{ address: '127.0.0.1', family: 4 }];
    if (hostname === 'hooks.rebind.example') {
      return [count === 1 ? { address: '93.184.215.14', family: 4 } : { address: '127.0.0.1', family: 4 }];
    }
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  return { resolve, asked };
}

let hub: TestHub;
let resolver: ReturnType<typeof testResolver>;
/** What the operator's log got: the raw errors the history leaves out. */
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  resolver = testResolver();
  // Only the name receiver.internal is allowed; 127.0.0.1 itself is not. One attempt: a failure is final.
  hub = await startTestHub(
    { egressAllow: ['receiver.internal'], webhookTimeoutMs: 500, jobsMaxAttempts: 1 },
    { resolveHost: resolver.resolve, log: { warn: (details) => logged.push(details) } },
  );
});
afterAll(async () => {
  await hub.dispose();
});

describe(AlertSettingsService.name, () => {
  it('refuses webhooks on loopback, private and other non-public addresses, naming webhookUrl and the kind', async () => {
    const org = await hub.org('probing');
    await hub.user('admin@probing.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
    const headers = await hub.signIn('admin@probing.example');
    const cases: [string, string][] = [
      ['http://127.0.0.1:9/', 'loopback'],
      ['http://localhost/', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['http://[::1]/', 'loopback'],
      ['http://0.0.0.0/', 'unspecified'],
      ['http://2130706433/', 'loopback'],
      ['http://0x7f000001/', 'loopback'],
      ['http://10.1.2.3/', 'private'],
      ['http://[fc00::1]/', 'unique-local'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'],
      ['http://224.0.0.1/', 'multicast'],
    ];
    for (const [webhookUrl, category] of cases) {
      const response = await hub.app.inject({
        method: 'PUT',
        url: `/api/v1/orgs/${org.id}/alert-settings`,
        headers,
        payload: { emails: [], webhookUrl },
      });
      expect(response.statusCode, webhookUrl).toBe(400);
      expect(response.json().error, webhookUrl).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [
          {
            path: 'webhookUrl',
            message: `refused: resolves to ${category === 'unspecified' ? 'an' : 'a'} ${category} address`,
          },
        ],
      });
    }
    const userinfo = await hub.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${org.id}/alert-settings`,
      headers,
      payload: { emails: [], webhookUrl: 'http://hooks.example.com@127.0.0.1/' },
    });
    expect(userinfo.statusCode).toBe(400);
    expect(userinfo.json().error.fields).toEqual([
      { path: 'webhookUrl', message: 'refused: user names and passwords do not belong in the URL' },
    ]);
    const settings = await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/alert-settings`, headers });
    expect(settings.json()).toMatchObject({ webhookUrl: null, webhookSecret: null });

    const publicHook = await hub.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${org.id}/alert-settings`,
      headers,
      payload: { emails: [], webhookUrl: 'https://hooks.example.com/cynex' },
    });
    expect(publicHook.statusCode, publicHook.body).toBe(200);
  });
});

describe(HttpWebhookSender.name, () => {
  let token: string;
  beforeAll(async () => {
    token = await sensorToken(hub);
  });
  const seen = (host: string) => upload(hub, token, batch({ sources: [source(host, '2024-05-01T10:00:00Z')] }));

  it('refuses a name that re-binds to 127.0.0.1 after it was saved, and says only that', async () => {
    const hook = await webhookReceiver(204);
    try {
      const url = `http://hooks.rebind.example:${hook.port}/hooks/cynex`;
      const member = await memberOrg(hub, 'rebound', '198.51.100.0/24', { emails: [], webhookUrl: url });
      const response = await seen('198.51.100.7');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().alerts).toBe(1);
      const history = await settledHistory(hub, member.headers);
      expect(resolver.asked.get('hooks.rebind.example')).toBe(2);
      expect(hook.received).toHaveLength(0);
      expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'webhook_queued', 'webhook_failed']);
      expect(history[3]!.details).toEqual({
        url,
        error: 'refused by the egress policy',
        attempt: 1,
        nextAttemptAt: null,
      });
    } finally {
      await hook.close();
    }
  });

  it('delivers the signed POST to an allowed receiver, at the address the guard checked', async () => {
    const hook = await webhookReceiver(204);
    try {
      const url = `http://receiver.internal:${hook.port}/hooks/cynex`;
      const member = await memberOrg(hub, 'allowed', '203.0.113.0/24', { emails: [], webhookUrl: url });
      const before = resolver.asked.get('receiver.internal') ?? 0;
      expect((await seen('203.0.113.9')).statusCode).toBe(200);
      const history = await settledHistory(hub, member.headers);
      // One lookup, by the guard; the connection used its answer (the system cannot resolve receiver.internal).
      expect(resolver.asked.get('receiver.internal')).toBe(before + 1);
      expect(hook.received).toHaveLength(1);
      const { headers, body } = hook.received[0]!;
      expect(headers.host).toBe(`receiver.internal:${hook.port}`);
      expect(headers[SIGNATURE_HEADER]).toBe(
        `sha256=${createHmac('sha256', member.secret!).update(body).digest('hex')}`,
      );
      expect(JSON.parse(body)).toMatchObject({ event: 'alerts.opened', orgId: member.orgId });
      expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'webhook_queued', 'webhook_sent']);
      expect(history[3]!.details).toEqual({ url, status: 204, attempt: 1 });
    } finally {
      await hook.close();
    }
  });

  it('records a closed port and a receiver that never answers alike, without socket errors or ports', async () => {
    const silent = await silentReceiver();
    try {
      const closedUrl = `http://receiver.internal:${await closedPort()}/hooks/cynex`;
      const silentUrl = silent.url.replace('127.0.0.1', 'receiver.internal');
      const closed = await memberOrg(hub, 'closed', '192.0.2.0/24', { emails: [], webhookUrl: closedUrl });
      const quiet = await memberOrg(hub, 'quiet', '198.18.5.0/24', { emails: [], webhookUrl: silentUrl });
      expect((await seen('192.0.2.77')).statusCode).toBe(200);
      expect((await seen('198.18.5.5')).statusCode).toBe(200);

      const failures = [await settledHistory(hub, closed.headers), await settledHistory(hub, quiet.headers)].map(
        (history) => history.find((e) => e.action === 'webhook_failed')!.details,
      );
      const unreachable = { error: 'the receiver could not be reached', attempt: 1, nextAttemptAt: null };
      expect(failures).toEqual([
        { url: closedUrl, ...unreachable },
        { url: silentUrl, ...unreachable },
      ]);
      const raw = (orgId: string) => logged.find((entry) => entry.orgId === orgId)?.err as NodeJS.ErrnoException;
      expect(raw(closed.orgId).code).toBe('ECONNREFUSED');
      expect(raw(quiet.orgId).name).toBe('TimeoutError');
    } finally {
      await silent.close();
    }
  });
});
