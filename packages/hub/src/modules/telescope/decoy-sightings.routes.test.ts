import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { DecoySightingsService } from './decoy-sightings.service.js';
import { sensorToken } from './telescope.fixtures.js';

type Headers = Record<string, string>;
type Who = 'adminA' | 'anaA' | 'anaB' | 'padmin';
interface Alert {
  host: string;
  kinds: string[];
  ports: string[];
  evidence: { decoy?: { count: number; sightings: { id: string; details: Record<string, unknown> }[] } };
  history: { action: string }[];
}

const URL = '/api/v1/telescope/decoy-sightings';
/** Within the self-check's 24 hours, on whole minutes. */
const minutesAgo = (minutes: number) => new Date(Math.floor(Date.now() / 60_000 - minutes) * 60_000).toISOString();

describe(DecoySightingsService.name, () => {
  let hub: TestHub;
  let token: string;
  const h = {} as Record<Who, Headers>;
  const orgs = {} as Record<'A' | 'B', string>;

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const post = (payload: unknown, headers: Headers = bearer(token)) =>
    hub.app.inject({ method: 'POST', url: URL, headers, payload: payload as object });
  const selfCheck = async (address: string) =>
    (await hub.app.inject({ method: 'GET', url: '/api/v1/public/self-check', remoteAddress: address })).json();
  const get = async (who: Who, url: string) => {
    const response = await hub.app.inject({ method: 'GET', url, headers: h[who] });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const alertOf = async (who: Who, host: string): Promise<Alert | undefined> =>
    ((await get(who, '/api/v1/alerts')).items as Alert[]).find((a) => a.host === host);
  const tokenOf = async (who: Who, scopes: string[]) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: h[who],
      payload: { name: `${who} ${scopes.join('+')}`, scopes },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ token: string }>().token;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    orgs.A = (await hub.org('decoy-a')).id;
    orgs.B = (await hub.org('decoy-b')).id;
    const people: [Who, string, { orgId: string; role: 'org_admin' | 'analyst' }[], boolean?][] = [
      ['adminA', 'admin@decoy-a.example', [{ orgId: orgs.A, role: 'org_admin' }]],
      ['anaA', 'ana@decoy-a.example', [{ orgId: orgs.A, role: 'analyst' }]],
      ['anaB', 'ana@decoy-b.example', [{ orgId: orgs.B, role: 'analyst' }]],
      ['padmin', 'root@decoy.example', [], true],
    ];
    for (const [who, email, memberships, platformAdmin] of people) {
      await hub.user(email, { memberships, platformAdmin: Boolean(platformAdmin) });
      h[who] = await hub.signIn(email);
    }
    for (const [org, cidr] of [
      [orgs.A, '198.51.100.0/24'],
      [orgs.A, '2001:db8:a::/48'],
      [orgs.B, '203.0.113.0/24'],
    ] as const) {
      const response = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org}/prefixes`,
        headers: h.padmin,
        payload: { cidr },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    token = await sensorToken(hub);
  });
  afterAll(async () => hub.dispose());

  it('stores a batch, shows it on the self-check and the source page, and alerts the prefix’s owner', async () => {
    const at = minutesAgo(60);
    const later = minutesAgo(55);
    const response = await post({
      sensorId: 'decoy-1',
      sightings: [
        {
          key: 'session-1',
          host: '198.51.100.7',
          environmentCode: 'CL12',
          service: 'telnet',
          kind: 'login',
          port: 23,
          firstSeen: at,
          lastSeen: later,
          count: 3,
          summary: 'logged in as root/xc3511, fetched a Mirai sample',
        },
        { key: 'session-2', host: '198.51.100.7', kind: 'download', port: 80, firstSeen: at },
        { key: 'session-3', host: '192.0.2.99', firstSeen: at }, // in nobody's prefix
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ sightings: 3, hosts: 2, alerts: 1 });

    expect(await selfCheck('198.51.100.7')).toMatchObject({
      address: '198.51.100.7',
      seen: true,
      darknet: null,
      decoy: { count: 4, kinds: ['download', 'login'], ports: ['23', '80'], firstSeen: at, lastSeen: later },
    });
    expect(await selfCheck('192.0.2.99')).toMatchObject({
      seen: true,
      decoy: { count: 1, kinds: ['connection'], ports: [] },
    });

    const alert = await alertOf('anaA', '198.51.100.7');
    expect(alert).toMatchObject({ kinds: ['decoy'], ports: ['23', '80'], evidence: { decoy: { count: 4 } } });
    expect(alert?.evidence.decoy?.sightings.map((s) => s.id)).toEqual(['decoy-1:session-1', 'decoy-1:session-2']);
    expect(alert?.evidence.decoy?.sightings[0]?.details).toEqual({
      service: 'telnet',
      summary: 'logged in as root/xc3511, fetched a Mirai sample',
    });
    expect(alert?.history.map((e) => e.action)).toEqual(['opened', 'notified']);
    const notes = (await get('anaA', '/api/v1/notifications')).items as { kind: string; text: string }[];
    expect(notes.filter((n) => n.kind === 'alert').map((n) => n.text)).toEqual([
      expect.stringContaining('decoy alert: 198.51.100.7'),
    ]);
    // Organisation B owns neither address: it sees no alert, and nobody has one for the unregistered host.
    expect(await alertOf('anaB', '198.51.100.7')).toBeUndefined();
    expect(await alertOf('padmin', '192.0.2.99')).toBeUndefined();

    const source = await get('anaB', '/api/v1/telescope/sources/198.51.100.7');
    expect(source.decoySightings).toMatchObject([
      { id: 'decoy-1:session-1', sensorId: 'decoy-1', environmentCode: 'CL12', kind: 'login', port: 23, count: 3 },
      { id: 'decoy-1:session-2', sensorId: 'decoy-1', environmentCode: '', kind: 'download', port: 80, count: 1 },
    ]);
  });

  it('is idempotent by the sensor’s own key: a resend changes nothing, an update replaces the sighting', async () => {
    const at = minutesAgo(30);
    const batch = (count: number) => ({
      sensorId: 'decoy-1',
      sightings: [
        { key: 'ssh-77', host: '2001:DB8:A:0::20', service: 'ssh', kind: 'login', port: 22, firstSeen: at, count },
      ],
    });
    for (let i = 0; i < 2; i++) {
      const response = await post(batch(2));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ sightings: 1, hosts: 1, alerts: 1 });
    }
    expect((await selfCheck('2001:db8:a::20')).decoy).toMatchObject({ count: 2 });
    expect((await alertOf('anaA', '2001:db8:a::20'))?.history.map((e) => e.action)).toEqual(['opened', 'notified']);

    expect((await post(batch(5))).statusCode).toBe(200);
    expect((await selfCheck('2001:db8:a::20')).decoy).toMatchObject({ count: 5 });
    const updated = await alertOf('anaA', '2001:db8:a::20');
    expect(updated?.evidence.decoy?.count).toBe(5);
    expect(updated?.history.map((e) => e.action)).toEqual(['opened', 'notified', 'updated']);

    // The key is the sensor's own: another sensor's "ssh-77" is another sighting.
    expect((await post({ ...batch(1), sensorId: 'decoy-2' })).statusCode).toBe(200);
    expect((await selfCheck('2001:db8:a::20')).decoy).toMatchObject({ count: 6 });
  });

  it('answers 400 naming the fields of a bad batch, and stores none of it', async () => {
    const at = minutesAgo(20);
    const ok = { key: 'fine', host: '198.51.100.50', firstSeen: at };
    const cases: [unknown, string[]][] = [
      [{}, ['sensorId', 'sightings']],
      [{ sensorId: 'Decoy 1', sightings: [] }, ['sensorId', 'sightings']],
      [
        { sensorId: 'decoy-1', sightings: [{ ...ok, firstSeen: 'yesterday', port: 70_000, kind: 'Login!' }] },
        ['sightings.0.firstSeen', 'sightings.0.kind', 'sightings.0.port'],
      ],
      [{ sensorId: 'decoy-1', sightings: [{ ...ok, lastSeen: minutesAgo(80) }] }, ['sightings.0.lastSeen']],
      [{ sensorId: 'decoy-1', sightings: [ok, { ...ok, host: '198.51.100.51' }] }, ['sightings.1.key']],
      [
        { sensorId: 'decoy-1', sightings: [{ ...ok, summary: 'x'.repeat(501), count: 0 }] },
        ['sightings.0.count', 'sightings.0.summary'],
      ],
      [
        { sensorId: 'decoy-1', sightings: Array.from({ length: 1001 }, (_, i) => ({ ...ok, key: `k${i}` })) },
        ['sightings'],
      ],
      [
        { sensorId: 'decoy-1', sightings: [ok, { ...ok, key: 'bad-host', host: 'not-an-address' }] },
        ['sightings.1.host'],
      ],
    ];
    for (const [body, fields] of cases) {
      const response = await post(body);
      expect(response.statusCode, response.body).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect([...new Set((error.fields as { path: string }[]).map((f) => f.path))].sort(), response.body).toEqual(
        fields,
      );
    }
    expect(await selfCheck('198.51.100.50')).toMatchObject({ seen: false, decoy: null });
    expect(await alertOf('anaA', '198.51.100.50')).toBeUndefined();
  });

  it('takes uploads from platform admins only: 401 anonymous, 403 members and read-only tokens', async () => {
    const body = {
      sensorId: 'decoy-1',
      sightings: [{ key: 'intruder', host: '198.51.100.60', firstSeen: minutesAgo(10) }],
    };
    const refused: [Headers, number, string][] = [
      [{}, 401, 'UNAUTHENTICATED'],
      [bearer('cnx_not-a-real-token'), 401, 'UNAUTHENTICATED'],
      [h.anaA, 403, 'FORBIDDEN'],
      [h.adminA, 403, 'FORBIDDEN'],
      [bearer(await tokenOf('adminA', ['read', 'write'])), 403, 'FORBIDDEN'],
      [bearer(await tokenOf('padmin', ['read'])), 403, 'FORBIDDEN'],
    ];
    for (const [headers, status, code] of refused) {
      const response = await post(body, headers);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().error.code, response.body).toBe(code);
    }
    expect(await selfCheck('198.51.100.60')).toMatchObject({ seen: false, decoy: null });
    // A platform admin's own session may send one too, as for darknet batches.
    const own = await post(body, h.padmin);
    expect(own.statusCode, own.body).toBe(200);
    expect((await selfCheck('198.51.100.60')).decoy).toMatchObject({ count: 1 });
  });
});
