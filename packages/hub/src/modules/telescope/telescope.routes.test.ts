import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { rowsOf } from '../../db/rows.js';
import { batch, interval, scan, sensorToken, source, starts, upload } from './telescope.fixtures.js';

type Headers = Record<string, string>;

describe('telescope routes', () => {
  let hub: TestHub;
  let token: string;
  let member: Headers;
  let admin: Headers;

  // Two hours of one sensor: the first hour at n = 1 (100 packets per interval), the second at n = 2.
  const day = '2024-03-01';
  const hour0 = starts(`${day}T00:00:00.000Z`, 12).map((s) => interval(s, 1));
  const hour1 = starts(`${day}T01:00:00.000Z`, 12).map((s) => interval(s, 2));
  const twoHours = `from=${day}T00:00:00Z&to=${day}T02:00:00Z`;

  const get = async (url: string, headers: Headers = member) => {
    const response = await hub.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const org = await hub.org('watchers');
    await hub.user('ana@watchers.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    member = await hub.signIn('ana@watchers.example');
    token = await sensorToken(hub);
    admin = await hub.signIn('sensors@platform.example');
    const first = await upload(
      hub,
      token,
      batch({
        intervals: [...hour0, ...hour1],
        scans: [
          scan('203.0.113.9', `${day}T00:01:00Z`),
          scan('203.0.113.9', `${day}T00:20:00Z`, { port: 2323 }),
          scan('198.51.100.77', `${day}T01:10:00Z`, { protocol: 'udp', port: 53, tags: [] }),
        ],
        dos: [
          {
            victim: '192.0.2.200',
            start: `${day}T00:30:00Z`,
            end: `${day}T00:40:00Z`,
            packets: 9000,
            bytes: 540_000,
            maxRate: 40,
            attackerPorts: [80, 443],
            protocol: 'tcp',
            method: 'moore',
          },
        ],
        sources: [source('203.0.113.9', `${day}T00:01:00Z`), source('2001:DB8::0:9', `${day}T00:02:00Z`)],
      }),
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ intervals: 24, scans: 3, dos: 1, sources: 2, alerts: 0 });
  });
  afterAll(async () => hub.dispose());

  describe('upload', () => {
    it('refuses anonymous callers (401) and members who are not platform admins (403)', async () => {
      const anonymous = await hub.app.inject({ method: 'POST', url: '/api/v1/telescope/batches', payload: batch() });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
      const learner = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/telescope/batches',
        headers: member,
        payload: batch(),
      });
      expect(learner.statusCode).toBe(403);
      expect(learner.json().error.code).toBe('FORBIDDEN');
    });

    it('accepts a platform admin by session too, and refuses a read-only token', async () => {
      const bySession = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/telescope/batches',
        headers: admin,
        payload: batch({ sensorId: 'session-probe' }),
      });
      expect(bySession.statusCode, bySession.body).toBe(200);
      const readOnly = (
        await hub.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: admin,
          payload: { name: 'read only', scopes: ['read'] },
        })
      ).json().token as string;
      const refused = await upload(hub, readOnly, batch());
      expect(refused.statusCode).toBe(403);
    });

    it('answers 400 for JSON that does not parse', async () => {
      const response = await upload(hub, token, '{"sensorId": "tokyo-1", "intervals": [');
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('BAD_REQUEST');
    });

    it('answers 400 with the fields for wrong types', async () => {
      const bad = batch({ intervals: [interval(`${day}T03:00:00Z`)] }) as unknown as Record<string, unknown>;
      (bad.intervals as Record<string, unknown>[])[0]!.packets = 'many';
      bad.sensorId = 'Tokyo 1';
      const response = await upload(hub, token, JSON.stringify(bad));
      expect(response.statusCode).toBe(400);
      const { code, fields } = response.json().error;
      expect(code).toBe('VALIDATION_FAILED');
      const paths = (fields as { path: string }[]).map((f) => f.path);
      expect(paths).toContain('sensorId');
      expect(paths).toContain('intervals.0.packets');
    });

    it('answers 413 past 20 MiB, and takes batches larger than the usual 1 MiB JSON limit', async () => {
      const huge = JSON.stringify({ ...batch(), padding: 'x'.repeat(21 * 1024 * 1024) });
      const tooLarge = await upload(hub, token, huge);
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');

      const many = Array.from({ length: 12_000 }, (_, i) =>
        source(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, '2023-01-01T00:00:00Z', { cc: 'ZZ' }),
      );
      const body = JSON.stringify(batch({ sensorId: 'bulk-probe', sources: many }));
      expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
      const response = await upload(hub, token, body);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().sources).toBe(12_000);
      const stored = await rowsOf<{ n: number }>(
        hub.database.db,
        sql`select count(*)::int as n from telescope_sources where ip like '10.%'`,
      );
      expect(stored[0]!.n).toBe(12_000);
    });
  });

  describe('idempotent uploads', () => {
    it('a re-upload returns the same counts and changes no total', async () => {
      const again = batch({
        intervals: [...hour0, ...hour1],
        scans: [
          scan('203.0.113.9', `${day}T00:01:00Z`),
          scan('203.0.113.9', `${day}T00:20:00Z`, { port: 2323 }),
          scan('198.51.100.77', `${day}T01:10:00Z`, { protocol: 'udp', port: 53, tags: [] }),
        ],
        sources: [source('203.0.113.9', `${day}T00:01:00Z`), source('2001:db8::9', `${day}T00:02:00Z`)],
      });
      const before = await get(`/api/v1/telescope/summary?${twoHours}`);
      const profileBefore = await get('/api/v1/telescope/sources/203.0.113.9');
      const response = await upload(hub, token, again);
      expect(response.json()).toEqual({ intervals: 24, scans: 3, dos: 0, sources: 2, alerts: 0 });
      expect(await get(`/api/v1/telescope/summary?${twoHours}`)).toMatchObject({
        packets: before.packets,
        bytes: before.bytes,
      });
      const profileAfter = await get('/api/v1/telescope/sources/203.0.113.9');
      expect(profileAfter.profile.packets).toBe(profileBefore.profile.packets);
      expect(profileAfter.scans).toHaveLength(2);
      const events = await get(`/api/v1/telescope/events?kind=scan&${twoHours}`);
      expect(events.total).toBe(3);
    });

    it('merges a source over batches: packets add up per interval key, seen times widen, ports join', async () => {
      const later = batch({
        sources: [source('203.0.113.9', `${day}T01:30:00Z`, { packets: 300, ports: ['tcp/80'] })],
      });
      await upload(hub, token, later);
      await upload(hub, token, later);
      const { profile } = await get('/api/v1/telescope/sources/203.0.113.9');
      expect(profile).toMatchObject({
        source: '203.0.113.9',
        packets: 1000,
        firstSeen: `${day}T00:01:00.000Z`,
        lastSeen: `${day}T01:32:00.000Z`,
        ports: ['tcp/23', 'tcp/2323', 'tcp/80'],
        tags: ['mirai'],
        cc: 'JP',
        asn: 2497,
      });
    });

    it('a replaced interval changes its hour and its day, and nothing else', async () => {
      const sensor = 'replace-probe';
      await upload(
        hub,
        token,
        batch({ sensorId: sensor, intervals: starts('2024-04-01T10:00:00Z', 3).map((s) => interval(s)) }),
      );
      await upload(hub, token, batch({ sensorId: sensor, intervals: [interval('2024-04-01T10:05:00Z', 5)] }));
      const range = 'from=2024-04-01T00:00:00Z&to=2024-04-02T00:00:00Z&sensor=replace-probe';
      const hourly = await get(`/api/v1/telescope/series?granularity=1h&${range}`);
      expect(hourly.items.map((p: { packets: number }) => p.packets)).toEqual([700]);
      const daily = await get(`/api/v1/telescope/series?granularity=1d&${range}`);
      expect(daily.items.map((p: { packets: number }) => p.packets)).toEqual([700]);
    });
  });

  describe('series', () => {
    it('serves 5-minute points, and hourly and daily rollups equal to the sums of the intervals', async () => {
      const fine = await get(`/api/v1/telescope/series?granularity=5m&${twoHours}&sensor=tokyo-1`);
      expect(fine.granularity).toBe('5m');
      expect(fine.items).toHaveLength(24);
      expect(fine.items[0]).toEqual({
        t: `${day}T00:00:00.000Z`,
        packets: 100,
        bytes: 6000,
        uniqueSources: 10,
        uniqueDestinations: 50,
        tcp: 70,
        udp: 20,
        icmp: 10,
        backscatter: 8,
      });
      const hourly = await get(`/api/v1/telescope/series?granularity=1h&${twoHours}&sensor=tokyo-1`);
      type Point = Record<string, number | string>;
      for (const [i, hour] of (hourly.items as Point[]).entries()) {
        const inHour = (fine.items as Point[]).slice(i * 12, i * 12 + 12);
        for (const field of ['packets', 'bytes', 'tcp', 'udp', 'icmp', 'backscatter']) {
          expect(hour[field], field).toBe(inHour.reduce((n, p) => n + (p[field] as number), 0));
        }
        // Unique counts: the largest 5-minute estimate (no sketches are stored).
        expect(hour.uniqueSources).toBe(Math.max(...inHour.map((p) => p.uniqueSources as number)));
      }
      expect(hourly.items.map((p: Point) => [p.t, p.packets])).toEqual([
        [`${day}T00:00:00.000Z`, 1200],
        [`${day}T01:00:00.000Z`, 2400],
      ]);
      const daily = await get(
        `/api/v1/telescope/series?granularity=1d&from=${day}T00:00:00Z&to=2024-03-02T00:00:00Z&sensor=tokyo-1`,
      );
      expect(daily.items).toHaveLength(1);
      expect(daily.items[0]).toMatchObject({ t: `${day}T00:00:00.000Z`, packets: 3600, uniqueSources: 20, tcp: 2520 });
    });

    it('defaults to the last 24 hours at 5 minutes and refuses more than 2,000 points', async () => {
      const recent = await get('/api/v1/telescope/series');
      expect(recent).toEqual({ granularity: '5m', items: [] });
      const tooMany = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/telescope/series?granularity=5m&from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z',
        headers: member,
      });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().error.code).toBe('TOO_MANY_POINTS');
      const backwards = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/telescope/series?from=${day}T02:00:00Z&to=${day}T01:00:00Z`,
        headers: member,
      });
      expect(backwards.statusCode).toBe(400);
      const badGranularity = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/telescope/series?granularity=1w',
        headers: member,
      });
      expect(badGranularity.statusCode).toBe(400);
    });
  });

  describe('rankings and maps', () => {
    it('ranks ports by unique sources, not packets, with the rest in other and shares of sources', async () => {
      const top = await get(`/api/v1/telescope/top?dimension=tcp_port&limit=2&${twoHours}`);
      expect(top).toEqual({
        dimension: 'tcp_port',
        total: { packets: 2520, sources: 20 },
        items: [
          { key: 23, packets: 1080, sources: 10, share: 0.5 },
          { key: 22, packets: 540, sources: 6, share: 0.3 },
        ],
        other: { packets: 900, sources: 4 },
      });
    });

    it('ranks the same over a day read from the hourly rollups, with AS names as labels', async () => {
      const range = `from=${day}T00:00:00Z&to=2024-03-02T00:00:00Z`;
      const ports = await get(`/api/v1/telescope/top?dimension=tcp_port&${range}`);
      expect(ports.items.map((i: { key: number }) => i.key)).toEqual([23, 22, 445]);
      expect(ports.other).toEqual({ packets: 0, sources: 0 });
      const asns = await get(`/api/v1/telescope/top?dimension=asn&${range}`);
      expect(asns.items[0]).toMatchObject({ key: 4134, label: 'CHINANET', packets: 1440, sources: 8 });
      const udp = await get(`/api/v1/telescope/top?dimension=udp_port&${range}`);
      expect(udp.items).toEqual([{ key: 53, packets: 720, sources: 8, share: 1 }]);
    });

    it('serves the world map and the heat map', async () => {
      const map = await get(`/api/v1/telescope/map?${twoHours}`);
      expect(map.items).toEqual([
        { cc: 'CN', packets: 1440, sources: 8 },
        { cc: 'US', packets: 1260, sources: 6 },
        { cc: 'JP', packets: 900, sources: 6 },
      ]);
      const heat = await get(`/api/v1/telescope/heatmap?${twoHours}`);
      expect(heat).toEqual({
        items: [
          { dstBlock: 0, portBucket: 0, packets: 2160 },
          { dstBlock: 1, portBucket: 3, packets: 1440 },
        ],
        dstBlocks: 2,
        portBuckets: 4,
      });
    });

    it('summarises packets per monitored address and the research and Mirai shares', async () => {
      const summary = await get(`/api/v1/telescope/summary?${twoHours}`);
      expect(summary).toMatchObject({
        packets: 3600,
        bytes: 216_000,
        monitoredAddresses: 65_536,
        packetsPerAddress: 3600 / 65_536,
        secondsPerPacketPerAddress: 7200 / (3600 / 65_536),
        researchShare: 0.1,
        miraiShare: 0.3,
      });
      expect(summary.sensors.find((s: { sensorId: string }) => s.sensorId === 'tokyo-1')).toMatchObject({
        monitoredAddresses: 65_536,
        packets: 3600,
      });
    });
  });

  describe('events and sources', () => {
    it('lists scans with filters and pagination', async () => {
      const all = await get(`/api/v1/telescope/events?kind=scan&${twoHours}`);
      expect(all.total).toBe(3);
      expect(all.items.map((e: { source: string; port: number }) => `${e.source}:${e.port}`)).toEqual([
        '198.51.100.77:53',
        '203.0.113.9:2323',
        '203.0.113.9:23',
      ]);
      const bySource = await get(`/api/v1/telescope/events?kind=scan&source=203.0.113.9&limit=1&offset=1&${twoHours}`);
      expect(bySource.total).toBe(2);
      expect(bySource.items).toHaveLength(1);
      expect(bySource.items[0]).toMatchObject({ kind: 'scan', source: '203.0.113.9', port: 23, tags: ['mirai'] });
      const byPort = await get(`/api/v1/telescope/events?kind=scan&port=53&${twoHours}`);
      expect(byPort.items.map((e: { source: string }) => e.source)).toEqual(['198.51.100.77']);
    });

    it('lists DoS attacks by victim and attacker port', async () => {
      const dos = await get(`/api/v1/telescope/events?kind=dos&port=443&${twoHours}`);
      expect(dos.total).toBe(1);
      expect(dos.items[0]).toMatchObject({
        kind: 'dos',
        victim: '192.0.2.200',
        attackerPorts: [80, 443],
        maxRate: 40,
        method: 'moore',
      });
      const none = await get(`/api/v1/telescope/events?kind=dos&source=192.0.2.201&${twoHours}`);
      expect(none).toEqual({ items: [], total: 0 });
    });

    it('lists backscatter victims summed over the intervals that named them, DoS event or not', async () => {
      const victims = await get(`/api/v1/telescope/events?kind=backscatter&${twoHours}`);
      // 12 intervals at n = 1 and 12 at n = 2, each naming 192.0.2.80 with 8·n packets; the re-upload of the same
      // intervals (idempotent uploads, above) replaced them rather than adding.
      expect(victims).toEqual({
        items: [
          {
            kind: 'backscatter',
            victimKind: 'flood',
            victim: '192.0.2.80',
            protocol: 'tcp',
            packets: 12 * 8 + 12 * 16,
            bytes: 12 * 480 + 12 * 960,
            reflectors: 1,
            intervals: 24,
            first: `${day}T00:00:00.000Z`,
            last: `${day}T02:00:00.000Z`,
            ports: [80],
          },
        ],
        total: 1,
      });
      const byPort = await get(`/api/v1/telescope/events?kind=backscatter&port=443&${twoHours}`);
      expect(byPort.total).toBe(0);
      // The address was never a source, yet its page shows what the darknet saw of it (over all time: other tests
      // uploaded more intervals naming it).
      const page = await get('/api/v1/telescope/sources/192.0.2.80');
      expect(page.profile).toBeNull();
      expect(page.backscatter).toEqual([
        expect.objectContaining({ victimKind: 'flood', victim: '192.0.2.80', protocol: 'tcp', ports: [80] }),
      ]);
      expect(page.backscatter[0].packets).toBeGreaterThanOrEqual(victims.items[0].packets);
    });

    it('keeps a vertical scan (one source, many ports) apart from the one-port scans of the same source', async () => {
      const at = '2024-03-05T10:00:00Z';
      const response = await upload(
        hub,
        token,
        batch({
          intervals: [],
          scans: [
            scan('203.0.113.9', at, { kind: 'vertical', port: 0, portCount: 1000, destinations: 1, packets: 1994 }),
            scan('203.0.113.9', at, { port: 0, protocol: 'icmp' }),
          ],
        }),
      );
      expect(response.json()).toMatchObject({ scans: 2 });
      const events = await get('/api/v1/telescope/events?kind=scan&from=2024-03-05T00:00:00Z&to=2024-03-06T00:00:00Z');
      expect(
        events.items.map((e: { scanKind: string; protocol: string; portCount: number }) => [
          e.scanKind,
          e.protocol,
          e.portCount,
        ]),
      ).toEqual(
        expect.arrayContaining([
          ['vertical', 'tcp', 1000],
          ['horizontal', 'icmp', 1],
        ]),
      );
    });

    it('shows a source in canonical form, and 404 for an address never seen', async () => {
      const v6 = await get('/api/v1/telescope/sources/2001:0db8:0:0::9');
      expect(v6.source).toBe('2001:db8::9');
      expect(v6.profile).toMatchObject({ source: '2001:db8::9', packets: 700 });
      expect(v6.decoySightings).toEqual([]);
      const victim = await get('/api/v1/telescope/sources/192.0.2.200');
      expect(victim.profile).toBeNull();
      expect(victim.dos).toHaveLength(1);
      const unseen = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/telescope/sources/192.0.2.1',
        headers: member,
      });
      expect(unseen.statusCode).toBe(404);
      expect(unseen.json().error.code).toBe('SOURCE_NOT_FOUND');
      const notAnAddress = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/telescope/sources/not-an-ip',
        headers: member,
      });
      expect(notAnAddress.statusCode).toBe(400);
    });
  });

  describe('who reads', () => {
    const reads = [
      '/api/v1/telescope/series',
      '/api/v1/telescope/top',
      '/api/v1/telescope/map',
      '/api/v1/telescope/heatmap',
      '/api/v1/telescope/events',
      '/api/v1/telescope/summary',
      '/api/v1/telescope/sources/203.0.113.9',
    ];

    it.each(reads)('anonymous %s → 401', async (url) => {
      const response = await hub.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    });

    it('an account without a membership gets 403; a platform admin reads', async () => {
      await hub.user('loner@nowhere.example');
      const loner = await hub.signIn('loner@nowhere.example');
      for (const url of reads) {
        expect((await hub.app.inject({ method: 'GET', url, headers: loner })).statusCode, url).toBe(403);
        expect((await hub.app.inject({ method: 'GET', url, headers: admin })).statusCode, url).toBe(200);
      }
    });
  });
});
