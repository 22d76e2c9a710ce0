import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import { notifications } from '../cases/cases.table.js';
import { deliveryJobs } from '../deliveries/deliveries.table.js';
import { observedValues } from '../fusion/fusion.table.js';
import { WatchlistsService } from './watchlists.service.js';

const P = '/api/v1';
const PLATFORM = {
  kind: 'user' as const,
  userId: '00000000-0000-4000-8000-000000000000',
  email: 'platform@test.invalid',
  displayName: 'test set-up',
  isPlatformAdmin: true,
  memberships: [],
  ip: 'test',
};
type Headers = Record<string, string>;
interface WatchlistEvidence {
  entries: { value: string }[];
  records: { recordType: string; value: string; link: string }[];
}

describe(WatchlistsService.name, () => {
  let hub: TestHub;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let anaA: string;
  const h = {} as Record<'adminA' | 'anaA' | 'viewerA' | 'learnerA' | 'anaC' | 'anaB', Headers>;

  const call = async (headers: Headers, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const add = async (headers: Headers, orgId: string, body: object) => {
    const r = await call(headers, 'POST', `${P}/orgs/${orgId}/watchlist`, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json<{ items: { id: string; value: string }[]; created: number; duplicates: number; alerts: number }>();
  };
  const alertsOf = async (headers: Headers) =>
    (await call(headers, 'GET', `${P}/alerts?limit=500`)).json<{
      items: {
        id: string;
        orgId: string;
        host: string;
        kinds: string[];
        evidence: { watchlist: WatchlistEvidence };
      }[];
    }>().items;

  /** A row of the fusion index, as the indexer writes it, with its record's sharing. */
  let serial = 0;
  const observe = async (row: {
    kind: 'ip' | 'domain' | 'hash' | 'email' | 'url';
    value: string;
    addr?: string;
    ownerOrgId: string | null;
    scope: 'organisation' | 'community' | 'public' | 'sharing_group';
    marking: 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';
    label?: string;
    recipientUserIds?: string[];
  }) => {
    serial += 1;
    await hub.database.db.insert(observedValues).values({
      kind: row.kind,
      value: row.value,
      addr: row.addr ?? null,
      recordType: 'case',
      recordId: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
      recordLabel: row.label ?? `CASE-${serial}`,
      source: `test:${serial}`,
      firstSeen: new Date('2026-12-01T00:00:00Z'),
      lastSeen: new Date('2026-12-01T01:00:00Z'),
      ownerOrgId: row.ownerOrgId,
      scope: row.scope,
      marking: row.marking,
      recipientUserIds: row.recipientUserIds ?? [],
    });
  };

  beforeAll(async () => {
    hub = await startTestHub({ watchlistSettleSeconds: 0, watchlistIntervalSeconds: 0, jobsPollMs: 0 });
    orgA = (await hub.org('watch-a')).id;
    orgB = (await hub.org('watch-b')).id;
    orgC = (await hub.org('watch-c')).id;
    await hub.user('admin@watch-a.example', { memberships: [{ orgId: orgA, role: 'org_admin' }] });
    anaA = await hub.user('ana@watch-a.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
    await hub.user('viewer@watch-a.example', { memberships: [{ orgId: orgA, role: 'viewer' }] });
    await hub.user('learner@watch-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    await hub.user('ana@watch-b.example', { memberships: [{ orgId: orgB, role: 'analyst' }] });
    await hub.user('ana@watch-c.example', { memberships: [{ orgId: orgC, role: 'analyst' }] });
    h.adminA = await hub.signIn('admin@watch-a.example');
    h.anaA = await hub.signIn('ana@watch-a.example');
    h.viewerA = await hub.signIn('viewer@watch-a.example');
    h.learnerA = await hub.signIn('learner@watch-a.example');
    h.anaB = await hub.signIn('ana@watch-b.example');
    h.anaC = await hub.signIn('ana@watch-c.example');
    // A's webhook: every alert A gets is also a delivery job (the worker is off, so the jobs stay queued).
    await new AlertsRepository(hub.database.db).saveSettings({
      orgId: orgA,
      emails: [],
      webhookUrl: 'https://hooks.watch-a.example/cynex',
      webhookSecret: 'whsec_watch_a',
    });
  });
  afterAll(async () => hub.dispose());

  describe('validation', () => {
    it.each([
      [{ kind: 'address', value: '198.51.100.0/24' }, 'value', 'one IPv4 or IPv6 address'],
      [{ kind: 'address', value: '256.1.1.1' }, 'value', 'one IPv4 or IPv6 address'],
      [{ kind: 'prefix', value: '10.0.0.0/7' }, 'value', 'wider than /8'],
      [{ kind: 'prefix', value: '2001:db8::/31' }, 'value', 'wider than /32'],
      [{ kind: 'prefix', value: '198.51.100.1/24' }, 'value', 'host bits are set'],
      [{ kind: 'domain', value: 'com' }, 'value', 'host name'],
      [{ kind: 'domain', value: '198.51.100.1' }, 'value', 'host name'],
      [{ kind: 'email', value: 'soc@' }, 'value', 'e-mail'],
      [{ kind: 'hash', value: 'abc123' }, 'value', 'hash'],
      [{ kind: 'keyword', value: 'ab' }, 'value', '3 to 200'],
      [{ kind: 'mac', value: 'aa:bb' }, 'kind', ''],
      [{ value: 'evil.example' }, 'kind', ''],
      [
        { kind: 'domain', value: 'evil.example', entries: [{ kind: 'domain', value: 'x.example' }] },
        'entries',
        'not both',
      ],
      [
        {
          entries: [
            { kind: 'domain', value: 'ok.example' },
            { kind: 'hash', value: 'zz' },
          ],
        },
        'entries.1.value',
        'hash',
      ],
      [{ entries: [] }, 'entries', ''],
    ])('refuses %j with 400 naming %s', async (body, path, message) => {
      const r = await call(h.anaA, 'POST', `${P}/orgs/${orgA}/watchlist`, body);
      expect(r.statusCode, r.body).toBe(400);
      const fields = r.json<{ error: { code: string; fields: { path: string; message: string }[] } }>().error;
      expect(fields.code).toBe('VALIDATION_FAILED');
      expect(fields.fields.find((f) => f.path === path)?.message ?? '', r.body).toContain(message);
    });

    it('refuses more than 1,000 entries at once', async () => {
      const entries = Array.from({ length: 1001 }, (_, i) => ({ kind: 'keyword', value: `word ${i}` }));
      const r = await call(h.anaA, 'POST', `${P}/orgs/${orgA}/watchlist`, { entries });
      expect(r.statusCode).toBe(400);
    });
  });

  describe('access', () => {
    it("lets C neither list nor add to A's watchlist, and A's viewer read but not add", async () => {
      expect((await call(h.anaC, 'GET', `${P}/orgs/${orgA}/watchlist`)).statusCode).toBe(403);
      const cAdds = await call(h.anaC, 'POST', `${P}/orgs/${orgA}/watchlist`, { kind: 'domain', value: 'c.example' });
      expect(cAdds.statusCode).toBe(403);
      expect((await call(h.viewerA, 'GET', `${P}/orgs/${orgA}/watchlist`)).statusCode).toBe(200);
      const viewerAdds = await call(h.viewerA, 'POST', `${P}/orgs/${orgA}/watchlist`, {
        kind: 'domain',
        value: 'v.example',
      });
      expect(viewerAdds.statusCode).toBe(403);
      // A learner of A reads no intelligence, so not the watchlist either.
      expect((await call(h.learnerA, 'GET', `${P}/orgs/${orgA}/watchlist`)).statusCode).toBe(403);
      expect((await call({}, 'GET', `${P}/orgs/${orgA}/watchlist`)).statusCode).toBe(401);
    });
  });

  describe('entries', () => {
    it('normalises, refuses a duplicate single entry, skips duplicates in bulk, lists, searches and deletes', async () => {
      const one = await add(h.anaA, orgA, { kind: 'domain', value: 'Shop.Watch-A.Example.', note: 'our shop' });
      expect(one.items.map((e) => e.value)).toEqual(['shop.watch-a.example']);
      const again = await call(h.anaA, 'POST', `${P}/orgs/${orgA}/watchlist`, {
        kind: 'domain',
        value: 'shop.watch-a.example',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('WATCHLIST_ENTRY_CONFLICT');
      const bulk = await add(h.adminA, orgA, {
        entries: [
          { kind: 'domain', value: 'shop.watch-a.example' },
          { kind: 'address', value: '2001:DB8:0:0::1' },
          { kind: 'hash', value: 'D41D8CD98F00B204E9800998ECF8427E' },
          { kind: 'email', value: 'CEO@Watch-A.example' },
        ],
      });
      expect(bulk.created).toBe(3);
      expect(bulk.duplicates).toBe(1);
      expect(bulk.items.map((e) => e.value).sort()).toEqual(
        ['2001:db8::1', 'ceo@watch-a.example', 'd41d8cd98f00b204e9800998ecf8427e'].sort(),
      );
      const list = async (query: string) =>
        (await call(h.viewerA, 'GET', `${P}/orgs/${orgA}/watchlist${query}`)).json<{
          items: { id: string; value: string; note: string; matches: number }[];
          total: number;
        }>();
      expect((await list('?q=shop')).items.map((e) => [e.value, e.note])).toEqual([
        ['shop.watch-a.example', 'our shop'],
      ]);
      expect((await list('?kind=hash')).items.map((e) => e.value)).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
      const page = await list('?limit=2&offset=0');
      expect([page.items.length, page.total]).toEqual([2, 4]);
      const shop = (await list('?q=shop')).items[0]!;
      expect((await call(h.viewerA, 'DELETE', `${P}/orgs/${orgA}/watchlist/${shop.id}`)).statusCode).toBe(403);
      expect((await call(h.anaC, 'DELETE', `${P}/orgs/${orgA}/watchlist/${shop.id}`)).statusCode).toBe(403);
      expect((await call(h.anaA, 'DELETE', `${P}/orgs/${orgA}/watchlist/${shop.id}`)).statusCode).toBe(204);
      expect((await call(h.anaA, 'DELETE', `${P}/orgs/${orgA}/watchlist/${shop.id}`)).statusCode).toBe(404);
      expect((await list('?q=shop')).total).toBe(0);
      const audited = await hub.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.orgId, orgA));
      expect(audited.map((a) => a.action)).toEqual(
        expect.arrayContaining(['watchlist.add', 'watchlist.add', 'watchlist.remove']),
      );
    });
  });

  describe('matching', () => {
    const jobsOfA = async () =>
      (await hub.database.db.select({ n: count() }).from(deliveryJobs).where(eq(deliveryJobs.orgId, orgA)))[0]!.n;
    const bellOfA = async () =>
      (
        await hub.database.db
          .select({ n: count() })
          .from(notifications)
          .where(and(eq(notifications.userId, anaA), eq(notifications.kind, 'alert')))
      )[0]!.n;

    it('alerts each organisation once per value and day, only about records it may read', async () => {
      await add(h.anaA, orgA, {
        entries: [
          { kind: 'domain', value: 'evil.example' },
          { kind: 'prefix', value: '198.51.100.0/24' },
          { kind: 'keyword', value: 'Lazarus' },
        ],
      });
      await add(h.anaC, orgC, { kind: 'domain', value: 'evil.example' });
      // A's own organisation-scoped case: A may read it, C may not.
      await observe({
        kind: 'domain',
        value: 'c2.evil.example',
        ownerOrgId: orgA,
        scope: 'organisation',
        marking: 'AMBER',
      });
      // B's community case: both may read it.
      await observe({
        kind: 'domain',
        value: 'www.evil.example',
        ownerOrgId: orgB,
        scope: 'community',
        marking: 'GREEN',
      });
      // B's AMBER+STRICT organisation case, and A's RED case for one analyst: no organisation matches them.
      await observe({
        kind: 'domain',
        value: 'b.evil.example',
        ownerOrgId: orgB,
        scope: 'organisation',
        marking: 'AMBER+STRICT',
      });
      await observe({
        kind: 'domain',
        value: 'red.evil.example',
        ownerOrgId: orgA,
        scope: 'organisation',
        marking: 'RED',
        recipientUserIds: [anaA],
      });
      // Telescope material (community, no owner) inside A's prefix; a look-alike domain that is not a subdomain.
      await observe({
        kind: 'ip',
        value: '198.51.100.9',
        addr: '198.51.100.9',
        ownerOrgId: null,
        scope: 'community',
        marking: 'GREEN',
      });
      await observe({
        kind: 'domain',
        value: 'notevil.example',
        ownerOrgId: orgB,
        scope: 'community',
        marking: 'GREEN',
      });
      await observe({
        kind: 'url',
        value: 'http://dl.evil.example/a.sh',
        ownerOrgId: orgB,
        scope: 'community',
        marking: 'GREEN',
        label: 'LAZARUS downloader',
      });
      const jobsBefore = await jobsOfA();
      const bellBefore = await bellOfA();

      await hub.services.watchlistMatcher.run();

      const ofA = await alertsOf(h.anaA);
      expect(ofA.map((a) => a.host).sort()).toEqual(
        ['198.51.100.9', 'c2.evil.example', 'http://dl.evil.example/a.sh', 'lazarus', 'www.evil.example'].sort(),
      );
      expect(ofA.every((a) => a.kinds.join() === 'watchlist')).toBe(true);
      const c2 = ofA.find((a) => a.host === 'c2.evil.example')!;
      expect(c2.evidence.watchlist.entries.map((e: { value: string }) => e.value)).toEqual(['evil.example']);
      expect(c2.evidence.watchlist.records).toMatchObject([{ recordType: 'case', value: 'c2.evil.example' }]);
      expect(c2.evidence.watchlist.records[0]!.link).toMatch(/^\/cases\//);
      const ofC = await alertsOf(h.anaC);
      expect(ofC.map((a) => a.host).sort()).toEqual(['http://dl.evil.example/a.sh', 'www.evil.example']);
      // The bell and the webhook: once for A's new alerts.
      expect(await bellOfA()).toBe(bellBefore + 1);
      expect(await jobsOfA()).toBe(jobsBefore + 1);

      // The same day, the same values again (a record re-indexed) and a second pass: nothing new is raised.
      await observe({
        kind: 'domain',
        value: 'c2.evil.example',
        ownerOrgId: orgA,
        scope: 'organisation',
        marking: 'AMBER',
      });
      await hub.services.watchlistMatcher.run();
      await hub.services.watchlistMatcher.run();
      const after = await alertsOf(h.anaA);
      expect(after).toHaveLength(ofA.length);
      expect(after.find((a) => a.host === 'c2.evil.example')!.evidence.watchlist.records).toHaveLength(2);
      expect(await bellOfA()).toBe(bellBefore + 1);
      expect(await jobsOfA()).toBe(jobsBefore + 1);

      // The entry's matches, for its readers only; A's learner sees no watchlist alert at all.
      const entries = (await call(h.viewerA, 'GET', `${P}/orgs/${orgA}/watchlist?kind=domain&q=evil`)).json().items;
      expect(entries[0].matches).toBe(3);
      const matches = await call(h.viewerA, 'GET', `${P}/orgs/${orgA}/watchlist/${entries[0].id}/matches`);
      expect(matches.json().items.map((a: { host: string }) => a.host)).toContain('c2.evil.example');
      expect((await call(h.anaC, 'GET', `${P}/orgs/${orgA}/watchlist/${entries[0].id}/matches`)).statusCode).toBe(403);
      expect((await alertsOf(h.learnerA)).filter((a) => a.kinds.includes('watchlist'))).toEqual([]);
    });

    it('alerts about a real case whose behaviour names a watched domain, through the fusion index', async () => {
      await add(h.anaA, orgA, { kind: 'domain', value: 'e2e-evil.example' });
      await add(h.anaC, orgC, { kind: 'domain', value: 'e2e-evil.example' });
      const makeCase = async (scope: 'organisation' | 'community', marking: 'AMBER' | 'GREEN', action: string) => {
        const created = await call(h.anaA, 'POST', `${P}/cases`, {
          environmentCode: 'WA1',
          startDate: '2026-12-01',
          malwareFamily: 'watchbot',
          scope,
          marking,
        });
        expect(created.statusCode, created.body).toBe(201);
        const behaviour = await call(h.anaA, 'POST', `${P}/cases/${created.json().id}/behaviours`, {
          occurredAt: '2026-12-01T09:00:00+09:00',
          category: 'command',
          action,
          techniqueIds: ['T1071'],
        });
        expect(behaviour.statusCode, behaviour.body).toBe(201);
        return created.json<{ id: string }>().id;
      };
      const orgCase = await makeCase('organisation', 'AMBER', 'beacons to c2.e2e-evil.example every minute');
      await hub.services.watchlistMatcher.run();
      const ofA = (await alertsOf(h.anaA)).find((a) => a.host === 'c2.e2e-evil.example');
      expect(ofA?.evidence.watchlist.records.map((r) => r.recordType)).toEqual(expect.arrayContaining(['case']));
      expect(ofA?.evidence.watchlist.records.find((r) => r.recordType === 'case')?.link).toBe(`/cases/${orgCase}`);
      // C watches the same domain but may not read A's organisation case: no alert.
      expect((await alertsOf(h.anaC)).filter((a) => a.host.includes('e2e-evil.example'))).toEqual([]);
      // A community case names it too: now C hears about it.
      await makeCase('community', 'GREEN', 'downloads from dl.e2e-evil.example');
      await hub.services.watchlistMatcher.run();
      expect((await alertsOf(h.anaC)).map((a) => a.host)).toContain('dl.e2e-evil.example');
      expect((await alertsOf(h.anaC)).map((a) => a.host)).not.toContain('c2.e2e-evil.example');
    });

    it('takes % and _ in a keyword literally', async () => {
      await add(h.anaB, orgB, { kind: 'keyword', value: 'x_9%' });
      await observe({
        kind: 'domain',
        value: 'xa9b.example',
        ownerOrgId: orgB,
        scope: 'organisation',
        marking: 'AMBER',
      });
      await observe({
        kind: 'domain',
        value: 'plain.example',
        ownerOrgId: orgB,
        scope: 'organisation',
        marking: 'AMBER',
        label: 'Campaign X_9% off',
      });
      await hub.services.watchlistMatcher.run();
      const ofB = (await alertsOf(h.anaB)).filter((a) => a.host === 'x_9%');
      expect(ofB.map((a) => a.evidence.watchlist.records.map((r) => r.value))).toEqual([['plain.example']]);
    });

    it('matches a new entry against what was indexed in the last days at once', async () => {
      const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
      await observe({ kind: 'hash', value: hash, ownerOrgId: orgB, scope: 'community', marking: 'GREEN' });
      await observe({
        kind: 'ip',
        value: '203.0.113.0/24',
        addr: '203.0.113.0/24',
        ownerOrgId: orgB,
        scope: 'community',
        marking: 'GREEN',
      });
      await hub.services.watchlistMatcher.run();
      const added = await add(h.anaC, orgC, {
        entries: [
          { kind: 'hash', value: hash.toUpperCase() },
          { kind: 'address', value: '203.0.113.5' },
        ],
      });
      expect(added.alerts).toBe(2);
      const hosts = (await alertsOf(h.anaC)).map((a) => a.host);
      expect(hosts).toEqual(expect.arrayContaining([hash, '203.0.113.0/24']));
    });

    it('adds the watchlist to a telescope alert of the same host and day, and the telescope keeps it', async () => {
      const now = new Date();
      const prefix = (await call(h.adminA, 'POST', `${P}/orgs/${orgA}/prefixes`, { cidr: '192.0.2.0/24' })).json<{
        id: string;
      }>();
      await hub.approvePrefix(prefix.id);
      const darknet = async (packets: number) =>
        hub.services.telescope.ingest(PLATFORM, {
          sensorId: 'watch-sensor',
          monitoredAddresses: 256,
          intervals: [],
          scans: [],
          dos: [],
          sources: [
            {
              source: '192.0.2.44',
              firstSeen: now.toISOString(),
              lastSeen: now.toISOString(),
              packets,
              bytes: packets * 60,
              ports: ['tcp/23'],
              portCount: 1,
              destinations: 3,
              tags: [],
              cc: 'JP',
              asn: 64500,
            },
          ],
        });
      await darknet(5);
      await add(h.anaA, orgA, { kind: 'address', value: '192.0.2.44' });
      await observe({
        kind: 'ip',
        value: '192.0.2.44',
        addr: '192.0.2.44',
        ownerOrgId: orgB,
        scope: 'community',
        marking: 'GREEN',
      });
      await hub.services.watchlistMatcher.run();
      const find = async () => (await alertsOf(h.anaA)).filter((a) => a.host === '192.0.2.44');
      expect((await find()).map((a) => a.kinds)).toEqual([['darknet', 'watchlist']]);
      await darknet(7);
      const [merged] = await find();
      expect(merged!.kinds).toEqual(['darknet', 'watchlist']);
      expect(Object.keys(merged!.evidence).sort()).toEqual(['darknet', 'watchlist']);
    });
  });
});
