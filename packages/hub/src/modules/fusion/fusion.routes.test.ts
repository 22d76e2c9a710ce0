import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { batch, recent, scan, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';
import type { Graph, LookupResult } from './fusion.service.js';
import { FusionService } from './fusion.service.js';

type Headers = Record<string, string>;

const C2 = '203.0.113.7';
const DOMAIN = 'c2.fusion-test.example';

const bundle = () =>
  JSON.stringify({
    type: 'bundle',
    id: 'bundle--6d7a1c9e-1f55-4d0a-9a49-3c2b0f6f3a11',
    objects: [
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--0b4d3f0e-2b39-4f3c-9a3a-7c6f1e2d4a01',
        created: '2026-11-01T00:00:00.000Z',
        modified: '2026-11-01T00:00:00.000Z',
        name: 'Partner C2',
        pattern: `[ipv4-addr:value = '${C2}']`,
        pattern_type: 'stix',
        valid_from: '2026-11-01T00:00:00.000Z',
      },
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--0b4d3f0e-2b39-4f3c-9a3a-7c6f1e2d4a02',
        created: '2026-11-01T00:00:00.000Z',
        modified: '2026-11-01T00:00:00.000Z',
        name: 'Bulletproof hosting range',
        pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
        pattern_type: 'stix',
        valid_from: '2026-11-01T00:00:00.000Z',
      },
    ],
  });

describe(FusionService.name, () => {
  let hub: TestHub;
  let anaA: Headers;
  let anaC: Headers;
  let orgCase: string;
  let strictCase: string;

  const lookup = async (headers: Headers, query: string) => {
    const response = await hub.app.inject({ url: `/api/v1/fusion?${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<LookupResult>();
  };
  const graph = async (headers: Headers, query: string) => {
    const response = await hub.app.inject({ url: `/api/v1/fusion/graph?${query}`, headers });
    return { status: response.statusCode, body: response.json<Graph & { error?: { code: string } }>() };
  };
  const createCase = async (payload: object, behaviour: string) => {
    const created = await hub.app.inject({ method: 'POST', url: '/api/v1/cases', headers: anaA, payload });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const added = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/behaviours`,
      headers: anaA,
      payload: {
        occurredAt: '2026-11-20T10:00:00Z',
        category: 'network_connection',
        action: behaviour,
        techniqueIds: ['T1071.001'],
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    return id;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const a = await hub.org('fusion-a');
    const c = await hub.org('fusion-c');
    await hub.user('ana@fusion-a.example', { memberships: [{ orgId: a.id, role: 'analyst' }] });
    await hub.user('ana@fusion-c.example', { memberships: [{ orgId: c.id, role: 'analyst' }] });
    anaA = await hub.signIn('ana@fusion-a.example');
    anaC = await hub.signIn('ana@fusion-c.example');

    orgCase = await createCase(
      {
        environmentCode: 'FU1',
        startDate: '2026-11-20',
        malwareFamily: 'FusionRat',
        scope: 'organisation',
        marking: 'AMBER',
      },
      `Beacon to C2 ${C2}:443 and ${DOMAIN} every minute`,
    );
    strictCase = await createCase(
      {
        environmentCode: 'FU2',
        startDate: '2026-11-21',
        malwareFamily: 'StrictRat',
        scope: 'organisation',
        marking: 'AMBER+STRICT',
      },
      `Connection to ${C2}`,
    );

    const imported = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/intel/bundles?scope=community&tlp=GREEN',
      headers: { ...anaA, 'content-type': 'application/stix+json;version=2.1' },
      payload: bundle(),
    });
    expect(imported.statusCode, imported.body).toBe(200);

    const token = await sensorToken(hub);
    const at = recent(30);
    const uploaded = await upload(hub, token, batch({ scans: [scan(C2, at)], sources: [source(C2, at)] }));
    expect(uploaded.statusCode, uploaded.body).toBe(200);
  });
  afterAll(async () => hub.dispose());

  it('finds the case, its behaviour, its derived indicator, imported STIX and the darknet source of an address', async () => {
    const result = await lookup(anaA, `q=${C2}`);
    expect(result.query).toEqual({ kind: 'ip', value: C2 });
    const types = Object.fromEntries(result.groups.map((g) => [g.recordType, g.count]));
    expect(types).toMatchObject({ case: 2, behaviour: 2, telescope_source: 1 });
    expect(result.total).toBe(result.groups.reduce((n, g) => n + g.count, 0));
    expect(result.records.length).toBe(result.total);
    const byLabel = (text: string) => result.records.filter((r) => r.label.includes(text));
    expect(result.records.find((r) => r.recordType === 'case' && r.recordId === orgCase)).toMatchObject({
      link: `/cases/${orgCase}`,
      kind: 'ip',
      value: C2,
      scope: 'organisation',
      marking: 'AMBER',
    });
    expect(result.records.filter((r) => r.recordType === 'behaviour').map((r) => r.link)).toEqual(
      expect.arrayContaining([`/cases/${orgCase}`, `/cases/${strictCase}`]),
    );
    // Imported: the indicator of the address and the one of the prefix containing it; derived: each case's indicator.
    expect(byLabel('Partner C2')[0]).toMatchObject({
      recordType: 'stix',
      link: expect.stringMatching(/^\/intel\/objects\/indicator--/),
    });
    expect(byLabel('Bulletproof hosting range')[0]).toMatchObject({ value: '203.0.113.0/24', scope: 'community' });
    expect(result.records.filter((r) => r.recordType === 'stix' && r.label === `indicator: ${C2}`)).toHaveLength(2);
    expect(result.records.some((r) => r.label.startsWith('sighting:'))).toBe(true);
    expect(result.records.find((r) => r.recordType === 'telescope_source')).toMatchObject({
      ownerOrgId: null,
      scope: 'community',
      marking: 'GREEN',
      link: `/telescope/sources/${C2}`,
    });
    const times = result.records.map((r) => r.lastSeen ?? r.firstSeen ?? '');
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('finds what a prefix contains, and filters by record type', async () => {
    const byAddress = await lookup(anaA, `q=${C2}`);
    const byPrefix = await lookup(anaA, 'q=203.0.113.9/24');
    expect(byPrefix.query).toEqual({ kind: 'ip', value: '203.0.113.0/24' });
    expect(byPrefix.records.map((r) => `${r.recordType}:${r.recordId}`).sort()).toEqual(
      byAddress.records.map((r) => `${r.recordType}:${r.recordId}`).sort(),
    );
    const onlyCases = await lookup(anaA, 'q=203.0.113.0/24&types=case,telescope_source');
    expect(new Set(onlyCases.records.map((r) => r.recordType))).toEqual(new Set(['case', 'telescope_source']));
    const future = await lookup(anaA, `q=${C2}&from=2099-01-01T00:00:00Z`);
    expect(future.total).toBe(0);
    // The cases' behaviours happened on 20 November; the darknet source an hour ago.
    const november = await lookup(anaA, `q=${C2}&from=2026-11-19T00:00:00Z&to=2026-11-21T23:59:59Z&types=behaviour`);
    expect(november.records.map((r) => r.recordType)).toEqual(['behaviour', 'behaviour']);
    const reversed = await hub.app.inject({
      url: `/api/v1/fusion?q=${C2}&from=2026-11-21T00:00:00Z&to=2026-11-19T00:00:00Z`,
      headers: anaA,
    });
    expect(reversed.statusCode).toBe(400);
    const page = await lookup(anaA, `q=${C2}&limit=2&offset=1`);
    expect(page.records.map((r) => r.recordId)).toEqual(byAddress.records.slice(1, 3).map((r) => r.recordId));
    expect(page.total).toBe(byAddress.total);
  });

  it('finds a domain, a family and an ATT&CK technique the case mentions', async () => {
    const domain = await lookup(anaA, `q=${DOMAIN.toUpperCase()}`);
    expect(domain.query).toEqual({ kind: 'domain', value: DOMAIN });
    expect(domain.records.map((r) => r.recordId)).toContain(orgCase);
    const family = await lookup(anaA, 'q=fusionrat');
    expect(family.records.map((r) => r.recordType).sort()).toEqual(['case', 'stix']);
    const technique = await lookup(anaA, 'q=t1071.001&types=case');
    expect(technique.records.map((r) => r.recordId).sort()).toEqual([orgCase, strictCase].sort());
  });

  it("shows another organisation the community records but not A's organisation-scoped and AMBER+STRICT cases", async () => {
    const result = await lookup(anaC, `q=${C2}`);
    expect(result.records.map((r) => r.recordType).sort()).toEqual(['stix', 'stix', 'telescope_source']);
    expect(result.records.map((r) => r.label).sort()).toEqual(
      ['indicator: Bulletproof hosting range', 'indicator: Partner C2', `darknet source ${C2} (mirai)`].sort(),
    );
    expect(JSON.stringify(result)).not.toContain(orgCase);
    expect(JSON.stringify(result)).not.toContain(strictCase);
    expect((await lookup(anaC, 'q=fusionrat')).total).toBe(0);
    expect((await lookup(anaC, `q=${DOMAIN}`)).total).toBe(0);
    const g = await graph(anaC, `q=${C2}`);
    expect(g.status).toBe(200);
    expect(g.body.nodes.filter((n) => n.type === 'case')).toEqual([]);
    expect((await graph(anaC, `record=case:${orgCase}`)).status).toBe(404);
  });

  it('refuses anonymous callers and explains bad queries', async () => {
    expect((await hub.app.inject({ url: `/api/v1/fusion?q=${C2}` })).statusCode).toBe(401);
    expect((await hub.app.inject({ url: `/api/v1/fusion/graph?q=${C2}` })).statusCode).toBe(401);
    for (const query of ['q=', 'q=%20%20', `q=${'a'.repeat(2049)}`, 'q=!!!', 'q=abc&kind=ip', 'q=x&types=planet']) {
      const response = await hub.app.inject({ url: `/api/v1/fusion?${query}`, headers: anaA });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message.length).toBeGreaterThan(0);
    }
    expect((await hub.app.inject({ url: '/api/v1/fusion/graph', headers: anaA })).statusCode).toBe(400);
  });

  it('draws the graph around a value and expands a record', async () => {
    const { status, body } = await graph(anaA, `q=${C2}`);
    expect(status).toBe(200);
    const centre = `value:ip:${C2}`;
    expect(body.nodes).toContainEqual({ id: centre, kind: 'value', type: 'ip', label: C2, value: C2 });
    expect(body.nodes).toContainEqual(
      expect.objectContaining({ id: `record:case:${orgCase}`, kind: 'record', type: 'case' }),
    );
    expect(body.edges).toContainEqual({ source: centre, target: `record:case:${orgCase}` });
    // One hop further: the domain the case also mentions.
    expect(body.edges).toContainEqual({ source: `record:case:${orgCase}`, target: `value:domain:${DOMAIN}` });
    const ids = new Set(body.nodes.map((n) => n.id));
    for (const e of body.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);

    const expanded = await graph(anaA, `record=case:${orgCase}`);
    expect(expanded.status).toBe(200);
    expect(expanded.body.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining([
        `record:case:${orgCase}`,
        'value:family:fusionrat',
        `value:ip:${C2}`,
        'value:attack:T1071.001',
      ]),
    );
  });

  it('indexes again what is missing after an upgrade, and follows a deleted case', async () => {
    const before = await lookup(anaA, `q=${C2}`);
    await hub.database.db.execute(sql`delete from observed_values`);
    expect((await lookup(anaA, `q=${C2}`)).total).toBe(0);
    const report = await hub.services.fusionIndexer.reconcile();
    expect(report.rows).toBeGreaterThan(0);
    expect((await lookup(anaA, `q=${C2}`)).records.map((r) => r.recordId).sort()).toEqual(
      before.records.map((r) => r.recordId).sort(),
    );
    const deleted = await hub.app.inject({ method: 'DELETE', url: `/api/v1/cases/${strictCase}`, headers: anaA });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(JSON.stringify(await lookup(anaA, `q=${C2}`))).not.toContain(strictCase);
  });
});
