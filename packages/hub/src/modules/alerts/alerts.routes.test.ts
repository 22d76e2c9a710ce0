import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { batch, scan, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';

type Headers = Record<string, string>;
type Who = 'adminA' | 'anaA' | 'learnerA' | 'anaB' | 'adminC' | 'padmin';
interface Alert {
  id: string;
  orgId: string;
  host: string;
  day: string;
  kinds: string[];
  packets: number;
  ports: string[];
  status: string;
  acknowledgedBy: string | null;
  evidence: { darknet?: { scans: unknown[] }; decoy?: { count: number } };
  history: { action: string; by: string | null; note: string | null }[];
}

describe('member alerts', () => {
  let hub: TestHub;
  let token: string;
  const orgs = {} as Record<'A' | 'B' | 'C', string>;
  const h = {} as Record<Who, Headers>;
  // Alerts are per UTC day, whenever the test runs: fixed times keep every upload on the same day.
  const seenAt = '2024-05-01T10:00:00.000Z';
  const day = '2024-05-01';

  const call = async (who: Who, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });
  const alertsOf = async (who: Who, query = ''): Promise<Alert[]> => {
    const response = await call(who, 'GET', `/api/v1/alerts${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const darknetBatch = (packets = 700) =>
    batch({
      sources: [
        source('198.51.100.7', seenAt, { packets }),
        source('2001:db8:a::5', seenAt),
        source('203.0.113.9', seenAt),
        source('192.0.2.1', seenAt),
      ],
      scans: [scan('198.51.100.7', seenAt)],
    });

  beforeAll(async () => {
    // The settings tests save a webhook on 127.0.0.1 (nothing listens there), which the operator must allow.
    hub = await startTestHub({ egressAllow: ['127.0.0.1'] });
    for (const key of ['A', 'B', 'C'] as const) orgs[key] = (await hub.org(`alerts-${key.toLowerCase()}`)).id;
    const people: [Who, string, { orgId: string; role: 'org_admin' | 'analyst' | 'learner' }[], boolean?][] = [
      ['adminA', 'admin@a.example', [{ orgId: orgs.A, role: 'org_admin' }]],
      ['anaA', 'ana@a.example', [{ orgId: orgs.A, role: 'analyst' }]],
      ['learnerA', 'learner@a.example', [{ orgId: orgs.A, role: 'learner' }]],
      ['anaB', 'ana@b.example', [{ orgId: orgs.B, role: 'analyst' }]],
      ['adminC', 'admin@c.example', [{ orgId: orgs.C, role: 'org_admin' }]],
      ['padmin', 'root@platform.example', [], true],
    ];
    for (const [who, email, memberships, platformAdmin] of people) {
      await hub.user(email, { memberships, platformAdmin: Boolean(platformAdmin) });
      h[who] = await hub.signIn(email);
    }
    token = await sensorToken(hub);
    for (const [who, org, cidr] of [
      ['adminA', orgs.A, '198.51.100.0/24'],
      ['adminA', orgs.A, '2001:db8:a::/48'],
      ['padmin', orgs.B, '203.0.113.0/24'],
    ] as const) {
      const response = await call(who, 'POST', `/api/v1/orgs/${org}/prefixes`, { cidr, note: 'ours' });
      expect(response.statusCode, response.body).toBe(201);
      if (response.json().status === 'pending') {
        const approved = await call('padmin', 'POST', `/api/v1/prefixes/${response.json().id}/approve`);
        expect(approved.statusCode, approved.body).toBe(200);
      }
    }
    const response = await upload(hub, token, darknetBatch());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().alerts).toBe(3);
  });
  afterAll(async () => hub.dispose());

  describe('prefixes', () => {
    it('lists an organisation’s prefixes to its admins, in canonical form', async () => {
      const response = await call('adminA', 'GET', `/api/v1/orgs/${orgs.A}/prefixes`);
      expect(response.statusCode).toBe(200);
      expect(response.json().items.map((p: { cidr: string; note: string }) => [p.cidr, p.note])).toEqual([
        ['198.51.100.0/24', 'ours'],
        ['2001:db8:a::/48', 'ours'],
      ]);
    });

    it('validates CIDR strictly (400) and refuses a duplicate (409)', async () => {
      for (const cidr of ['198.51.100.7/24', '198.51.100.0', '198.51.100.0/33', 'example.org/24', '0.0.0.0/0']) {
        const response = await call('adminA', 'POST', `/api/v1/orgs/${orgs.A}/prefixes`, { cidr });
        expect(response.statusCode, cidr).toBe(400);
        expect(response.json().error.fields[0].path).toBe('cidr');
      }
      const duplicate = await call('adminA', 'POST', `/api/v1/orgs/${orgs.A}/prefixes`, { cidr: '2001:DB8:A::/48' });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.code).toBe('PREFIX_CONFLICT');
    });

    it('is for the organisation’s admins and platform admins only', async () => {
      for (const who of ['anaA', 'learnerA', 'anaB', 'adminC'] as const) {
        expect((await call(who, 'GET', `/api/v1/orgs/${orgs.A}/prefixes`)).statusCode, who).toBe(403);
        const add = await call(who, 'POST', `/api/v1/orgs/${orgs.A}/prefixes`, { cidr: '192.0.2.0/24' });
        expect(add.statusCode, who).toBe(403);
      }
      expect((await call('padmin', 'GET', `/api/v1/orgs/${orgs.A}/prefixes`)).statusCode).toBe(200);
      const missing = await call('padmin', 'GET', '/api/v1/orgs/00000000-0000-4000-8000-000000000000/prefixes');
      expect(missing.statusCode).toBe(404);
      expect((await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${orgs.A}/prefixes` })).statusCode).toBe(401);
    });

    it('deletes a prefix of its own organisation only, and audits both changes', async () => {
      const added = (
        await call('adminA', 'POST', `/api/v1/orgs/${orgs.A}/prefixes`, { cidr: '192.0.2.128/25' })
      ).json();
      expect(added.cidr).toBe('192.0.2.128/25');
      const elsewhere = await call('padmin', 'DELETE', `/api/v1/orgs/${orgs.B}/prefixes/${added.id}`);
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json().error.code).toBe('PREFIX_NOT_FOUND');
      expect((await call('adminA', 'DELETE', `/api/v1/orgs/${orgs.A}/prefixes/${added.id}`)).statusCode).toBe(204);
      expect((await call('adminA', 'DELETE', `/api/v1/orgs/${orgs.A}/prefixes/${added.id}`)).statusCode).toBe(404);
      const audit = (await call('adminA', 'GET', '/api/v1/audit?action=alerts.prefix')).json();
      const mine = audit.items.filter((e: { targetId: string }) => e.targetId === added.id);
      expect(mine.map((e: { action: string }) => e.action).sort()).toEqual([
        'alerts.prefix_add',
        'alerts.prefix_remove',
      ]);
    });
  });

  describe('alert settings', () => {
    it('starts empty, saves e-mails and an http(s) webhook with a signing secret, and audits the change', async () => {
      const empty = (await call('adminA', 'GET', `/api/v1/orgs/${orgs.A}/alert-settings`)).json();
      expect(empty).toMatchObject({ emails: [], webhookUrl: null, webhookSecret: null });
      const saved = await call('adminA', 'PUT', `/api/v1/orgs/${orgs.A}/alert-settings`, {
        emails: ['SOC@A.example', 'soc@a.example', 'cert@a.example'],
        webhookUrl: 'https://127.0.0.1:1/cynex',
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const body = saved.json();
      expect(body).toMatchObject({
        emails: ['soc@a.example', 'cert@a.example'],
        webhookUrl: 'https://127.0.0.1:1/cynex',
      });
      expect(body.webhookSecret).toMatch(/^whsec_/);
      const again = (
        await call('adminA', 'PUT', `/api/v1/orgs/${orgs.A}/alert-settings`, {
          emails: ['soc@a.example'],
          webhookUrl: 'https://127.0.0.1:1/cynex',
        })
      ).json();
      expect(again.webhookSecret).toBe(body.webhookSecret);
      const rotated = (
        await call('adminA', 'PUT', `/api/v1/orgs/${orgs.A}/alert-settings`, {
          emails: [],
          webhookUrl: null,
          rotateWebhookSecret: true,
        })
      ).json();
      expect(rotated).toMatchObject({ emails: [], webhookUrl: null, webhookSecret: null });
      const audit = (await call('adminA', 'GET', '/api/v1/audit?action=alerts.settings_update')).json();
      expect(audit.total).toBe(3);
      expect(audit.items[2].details).toMatchObject({ emails: ['soc@a.example', 'cert@a.example'] });
    });

    it('refuses a webhook that is not http(s), a bad e-mail address, and other people', async () => {
      for (const payload of [
        { emails: [], webhookUrl: 'ftp://127.0.0.1/x' },
        { emails: [], webhookUrl: 'javascript:alert(1)' },
        { emails: ['not an address'], webhookUrl: null },
        { emails: [], webhookUrl: null, extra: true },
      ]) {
        const response = await call('adminA', 'PUT', `/api/v1/orgs/${orgs.A}/alert-settings`, payload);
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      }
      for (const who of ['anaA', 'anaB', 'adminC'] as const) {
        expect((await call(who, 'GET', `/api/v1/orgs/${orgs.A}/alert-settings`)).statusCode, who).toBe(403);
      }
    });
  });

  describe('alerts from darknet uploads', () => {
    it('groups per organisation, host and day, with the darknet evidence', async () => {
      const mine = await alertsOf('anaA');
      expect(mine.map((a) => a.host).sort()).toEqual(['198.51.100.7', '2001:db8:a::5']);
      const alert = mine.find((a) => a.host === '198.51.100.7')!;
      expect(alert).toMatchObject({
        orgId: orgs.A,
        day,
        kinds: ['darknet'],
        packets: 700,
        ports: ['tcp/23', 'tcp/2323'],
        status: 'open',
        acknowledgedBy: null,
      });
      expect(alert.evidence.darknet?.scans).toHaveLength(1);
      expect(alert.history.map((e) => e.action)).toEqual(['opened', 'notified']);
    });

    it('shows an organisation’s alerts to its members only, and all of them to platform admins', async () => {
      expect((await alertsOf('learnerA')).map((a) => a.host).sort()).toEqual(['198.51.100.7', '2001:db8:a::5']);
      expect((await alertsOf('anaB')).map((a) => a.host)).toEqual(['203.0.113.9']);
      expect(await alertsOf('adminC')).toEqual([]);
      expect(await alertsOf('adminC', `?orgId=${orgs.A}`)).toEqual([]);
      expect((await alertsOf('padmin')).map((a) => a.host).sort()).toEqual([
        '198.51.100.7',
        '2001:db8:a::5',
        '203.0.113.9',
      ]);
      expect((await alertsOf('padmin', `?orgId=${orgs.B}`)).map((a) => a.host)).toEqual(['203.0.113.9']);
      const [theirs] = await alertsOf('anaA');
      const hidden = await call('anaB', 'GET', `/api/v1/alerts/${theirs!.id}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error.code).toBe('ALERT_NOT_FOUND');
      expect((await call('padmin', 'GET', `/api/v1/alerts/${theirs!.id}`)).statusCode).toBe(200);
      expect((await hub.app.inject({ method: 'GET', url: '/api/v1/alerts' })).statusCode).toBe(401);
    });

    it('notifies the organisation’s admins and analysts in the console', async () => {
      for (const who of ['adminA', 'anaA'] as const) {
        const items = (await call(who, 'GET', '/api/v1/notifications')).json().items as {
          kind: string;
          text: string;
        }[];
        expect(
          items.filter((n) => n.kind === 'alert'),
          who,
        ).toHaveLength(1);
        expect(items[0]!.text).toContain('2 darknet alerts');
      }
      const learner = (await call('learnerA', 'GET', '/api/v1/notifications')).json().items;
      expect(learner).toEqual([]);
    });

    it('changes nothing on a retried upload, and records an update when the evidence grows', async () => {
      const retry = await upload(hub, token, darknetBatch());
      expect(retry.json().alerts).toBe(3);
      let alert = (await alertsOf('anaA')).find((a) => a.host === '198.51.100.7')!;
      expect(alert.history.map((e) => e.action)).toEqual(['opened', 'notified']);
      await upload(
        hub,
        token,
        batch({ sources: [source('198.51.100.7', '2024-05-01T10:30:00.000Z', { packets: 50 })] }),
      );
      alert = (await alertsOf('anaA')).find((a) => a.host === '198.51.100.7')!;
      expect(alert.packets).toBe(750);
      expect(alert.history.map((e) => e.action)).toEqual(['opened', 'notified', 'updated']);
      const notes = (await call('anaA', 'GET', '/api/v1/notifications')).json().items;
      expect(notes.filter((n: { kind: string }) => n.kind === 'alert')).toHaveLength(1);
    });
  });

  describe('acknowledgement', () => {
    it('is for the organisation’s admins and analysts; others get 403 or 404', async () => {
      const alert = (await alertsOf('anaA')).find((a) => a.host === '2001:db8:a::5')!;
      const url = `/api/v1/alerts/${alert.id}/acknowledge`;
      expect((await call('learnerA', 'POST', url, {})).statusCode).toBe(403);
      expect((await call('padmin', 'POST', url, {})).statusCode).toBe(403);
      expect((await call('anaB', 'POST', url, {})).statusCode).toBe(404);
      expect((await hub.app.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(401);
      const done = await call('anaA', 'POST', url, { note: 'router reflashed' });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ana' });
      expect(done.json().acknowledgedAt).toEqual(expect.any(String));
      const twice = (await call('adminA', 'POST', url)).json();
      expect(twice.acknowledgedBy).toBe('ana');
      expect(twice.history.map((e: { action: string }) => e.action)).toEqual(['opened', 'notified', 'acknowledged']);
      expect(twice.history[2]).toMatchObject({ by: 'ana', note: 'router reflashed' });
      expect((await alertsOf('anaA', '?status=open')).map((a) => a.host)).toEqual(['198.51.100.7']);
      expect((await alertsOf('anaA', '?status=acknowledged')).map((a) => a.host)).toEqual(['2001:db8:a::5']);
    });
  });

  describe('decoy sightings', () => {
    it('adds the decoy kind to the day’s darknet alert and notifies again', async () => {
      const { alerts } = await hub.services.alerts.recordDecoySighting({
        key: 'decoy-7:session-1',
        host: '198.51.100.7',
        sensorId: 'decoy-7',
        environmentCode: 'CL12',
        kind: 'login',
        port: 23,
        firstSeen: seenAt,
      });
      expect(alerts.map((a) => a.kinds)).toEqual([['darknet', 'decoy']]);
      const alert = (await alertsOf('anaA')).find((a) => a.host === '198.51.100.7')!;
      expect(alert.kinds).toEqual(['darknet', 'decoy']);
      expect(alert.evidence.decoy?.count).toBe(1);
      expect(alert.history.map((e) => e.action).slice(-2)).toEqual(['updated', 'notified']);
      const notes = (await call('anaA', 'GET', '/api/v1/notifications')).json().items;
      expect(notes.filter((n: { kind: string }) => n.kind === 'alert')).toHaveLength(2);
      const detail = (await call('anaB', 'GET', '/api/v1/telescope/sources/198.51.100.7')).json();
      expect(detail.decoySightings).toMatchObject([{ id: 'decoy-7:session-1', kind: 'login', port: 23 }]);
    });

    it('opens a decoy-only alert, is idempotent per sighting key, and ignores hosts outside every prefix', async () => {
      const sighting = { key: 'decoy-7:session-2', host: '198.51.100.20', port: 22, firstSeen: seenAt };
      const first = await hub.services.alerts.recordDecoySighting(sighting);
      expect(first.alerts.map((a) => [a.host, a.kinds])).toEqual([['198.51.100.20', ['decoy']]]);
      await hub.services.alerts.recordDecoySighting(sighting);
      const alert = (await alertsOf('anaA')).find((a) => a.host === '198.51.100.20')!;
      expect(alert).toMatchObject({ kinds: ['decoy'], packets: 0, ports: ['22'] });
      expect(alert.history.map((e) => e.action)).toEqual(['opened', 'notified']);
      const outside = await hub.services.alerts.recordDecoySighting({ ...sighting, key: 'x', host: '192.0.2.99' });
      expect(outside.alerts).toEqual([]);
      await expect(
        hub.services.alerts.recordDecoySighting({ ...sighting, key: 'y', host: 'not-an-address' }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
});
