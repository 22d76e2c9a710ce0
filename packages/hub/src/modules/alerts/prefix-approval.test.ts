import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = Record<string, string>;

/*
 * Hostile test finding 5 (medium): any organisation could register any prefix, including one another organisation
 * had registered, and then received that organisation's alerts with their details.
 */
describe('prefix registration and approval', () => {
  let hub: TestHub;
  const orgs = { A: '', B: '' };
  const h: Record<string, Headers> = {};
  let sensor: string;

  beforeAll(async () => {
    hub = await startTestHub();
    orgs.A = (await hub.org('prefix-a')).id;
    orgs.B = (await hub.org('prefix-b')).id;
    await hub.user('admin@prefix-a.example', { memberships: [{ orgId: orgs.A, role: 'org_admin' }] });
    await hub.user('admin@prefix-b.example', { memberships: [{ orgId: orgs.B, role: 'org_admin' }] });
    await hub.user('root@prefix.example', { platformAdmin: true });
    h.adminA = await hub.signIn('admin@prefix-a.example');
    h.adminB = await hub.signIn('admin@prefix-b.example');
    h.root = await hub.signIn('root@prefix.example');
    const token = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: h.root,
      payload: { name: 'sensor', scopes: ['read', 'write'] },
    });
    sensor = token.json().token;
  });
  afterAll(async () => hub.dispose());

  const call = (who: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who]!, ...(payload ? { payload } : {}) });
  const darknet = (host: string) =>
    hub.app.inject({
      method: 'POST',
      url: '/api/v1/telescope/batches',
      headers: { authorization: `Bearer ${sensor}` },
      payload: {
        sensorId: 'prefix-sensor',
        monitoredAddresses: 256,
        intervals: [],
        scans: [],
        dos: [],
        sources: [
          {
            source: host,
            firstSeen: '2024-05-01T00:00:00Z',
            lastSeen: '2024-05-01T00:01:00Z',
            packets: 5,
            bytes: 300,
            ports: ['tcp/445'],
            portCount: 1,
            destinations: 3,
            tags: [],
          },
        ],
      },
    });

  it("refuses a prefix that overlaps another organisation's, wider or narrower, without naming whose", async () => {
    const mine = await call('adminA', 'POST', `/api/v1/orgs/${orgs.A}/prefixes`, { cidr: '198.51.100.0/24' });
    expect(mine.statusCode).toBe(201);
    expect(mine.json().status).toBe('pending');
    for (const cidr of ['198.51.100.0/24', '198.51.0.0/16', '198.51.100.128/25', '198.0.0.0/8']) {
      const claim = await call('adminB', 'POST', `/api/v1/orgs/${orgs.B}/prefixes`, { cidr });
      expect(claim.statusCode, cidr).toBe(409);
      expect(claim.json().error.code).toBe('PREFIX_CONFLICT');
      expect(claim.body).not.toContain('prefix-a');
    }
  });

  it('a pending prefix raises no alert; once a platform admin approves it, alerts go to its organisation only', async () => {
    const prefix = (await call('adminA', 'GET', `/api/v1/orgs/${orgs.A}/prefixes`)).json().items[0];
    expect((await darknet('198.51.100.9')).json().alerts).toBe(0);
    expect((await call('adminA', 'GET', '/api/v1/alerts')).json().total).toBe(0);

    const pending = await call('root', 'GET', '/api/v1/prefixes?status=pending');
    expect(pending.json().items).toContainEqual(
      expect.objectContaining({ id: prefix.id, cidr: '198.51.100.0/24', orgSlug: 'prefix-a', status: 'pending' }),
    );
    expect((await call('adminA', 'POST', `/api/v1/prefixes/${prefix.id}/approve`)).statusCode).toBe(403);
    const approved = await call('root', 'POST', `/api/v1/prefixes/${prefix.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved' });

    expect((await darknet('198.51.100.10')).json().alerts).toBe(1);
    expect((await call('adminA', 'GET', '/api/v1/alerts')).json().total).toBeGreaterThan(0);
    expect((await call('adminB', 'GET', '/api/v1/alerts')).json().total).toBe(0);

    const audit = await call('root', 'GET', '/api/v1/audit?action=alerts.prefix_approve');
    expect(audit.json().items).toContainEqual(
      expect.objectContaining({ action: 'alerts.prefix_approve', targetId: prefix.id, orgId: orgs.A }),
    );
  });

  it('a platform admin rejects a prefix: it is gone and the rejection is audited with its reason', async () => {
    const claim = await call('adminB', 'POST', `/api/v1/orgs/${orgs.B}/prefixes`, { cidr: '203.0.113.0/24' });
    const rejected = await call('root', 'POST', `/api/v1/prefixes/${claim.json().id}/reject`, { reason: 'not theirs' });
    expect(rejected.statusCode).toBe(204);
    expect((await call('adminB', 'GET', `/api/v1/orgs/${orgs.B}/prefixes`)).json().items).toEqual([]);
    const audit = await call('root', 'GET', '/api/v1/audit?action=alerts.prefix_reject');
    expect(audit.json().items[0].details).toMatchObject({ cidr: '203.0.113.0/24', reason: 'not theirs' });
  });

  it('prefixes a platform admin registers for an organisation are approved at once', async () => {
    const made = await call('root', 'POST', `/api/v1/orgs/${orgs.B}/prefixes`, { cidr: '192.0.2.0/24' });
    expect(made.statusCode).toBe(201);
    expect(made.json().status).toBe('approved');
  });
});
