import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/multipart.js';
import { P, startDecoyHub, type DecoyHub } from '../decoy/decoy.fixtures.js';
import { FeedsService } from './feeds.service.js';

const NOW = '2026-12-01T00:00:00.000Z';
let serial = 0;
const indicator = (pattern: string, extra: object = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${String(++serial).padStart(8, '0')}-0000-4000-8000-00000000feed`,
  created: NOW,
  modified: NOW,
  pattern,
  pattern_type: 'stix',
  valid_from: NOW,
  ...extra,
});

describe(FeedsService.name, () => {
  let d: DecoyHub;
  const importAs = async (headers: Record<string, string>, objects: object[], query: string) => {
    const response = await d.hub.app.inject({
      method: 'POST',
      url: `${P}/intel/bundles${query}`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-00000000feed', objects }),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  beforeAll(async () => {
    d = await startDecoyHub('feeds');
    // Public and CLEAR: on every list, the public one too.
    await importAs(d.analystA, [indicator("[ipv4-addr:value = '203.0.113.10']")], '?tlp=CLEAR&scope=public');
    // Community GREEN: members only.
    await importAs(
      d.analystA,
      [
        indicator("[domain-name:value = 'c2.example'] OR [url:value = 'http://c2.example/a.sh']"),
        indicator("[file:hashes.'SHA-256' = 'ABCDEF0123']"),
      ],
      '?tlp=GREEN&scope=community',
    );
    // A's own AMBER+STRICT, one revoked, one expired: only A's list, and only the live one.
    await importAs(
      d.analystA,
      [
        indicator("[ipv4-addr:value = '198.51.100.20']"),
        indicator("[ipv4-addr:value = '198.51.100.21']", { revoked: true }),
        indicator("[ipv4-addr:value = '198.51.100.22']", { valid_until: '2026-12-02T00:00:00.000Z' }),
      ],
      '?tlp=AMBER%2BSTRICT&scope=organisation',
    );
  });
  afterAll(async () => d.hub.dispose());

  const lines = async (headers: Record<string, string>, query = '') => {
    const response = await d.hub.app.inject({ url: `${P}/feeds/blocklist.txt${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return response.body.split('\n').filter((line) => line && !line.startsWith('#'));
  };

  it('gives each reader the values of the indicators they may read, never revoked or expired ones', async () => {
    expect((await lines(d.analystA)).sort()).toEqual(
      ['198.51.100.20', '203.0.113.10', 'abcdef0123', 'c2.example', 'http://c2.example/a.sh'].sort(),
    );
    expect((await lines(d.analystB)).sort()).toEqual(
      ['203.0.113.10', 'abcdef0123', 'c2.example', 'http://c2.example/a.sh'].sort(),
    );
    // Without credentials: the public feed, CLEAR only.
    expect(await lines({})).toEqual(['203.0.113.10']);
  });

  it('filters by kind and by the time indicators were added, and serves CSV with the provenance', async () => {
    expect((await lines(d.analystA, '?kind=ipv4')).sort()).toEqual(['198.51.100.20', '203.0.113.10']);
    expect(await lines(d.analystA, '?kind=domain,url')).toHaveLength(2);
    expect(
      await lines(d.analystA, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
    ).toEqual([]);
    const bad = await d.hub.app.inject({ url: `${P}/feeds/blocklist.txt?kind=ipv4,mac`, headers: d.analystA });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('unknown kinds mac');
    const csv = await d.hub.app.inject({ url: `${P}/feeds/blocklist.csv?kind=sha256`, headers: d.analystB });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = csv.body.trim().split('\n');
    expect(header).toBe('kind,value,indicator,tlp,date_added,valid_until');
    expect(row).toMatch(/^sha256,abcdef0123,indicator--\S+,GREEN,/);
  });

  it('serves a MISP feed (manifest, hashes, one event per import) with only what each reader may receive', async () => {
    const get = async (headers: Record<string, string>, file: string) =>
      d.hub.app.inject({ url: `${P}/feeds/misp/${file}`, headers });
    type Manifest = Record<string, { info: string; Tag: { name: string }[]; Orgc: { name: string } }>;
    const manifestA = (await get(d.analystA, 'manifest.json')).json<Manifest>();
    const manifestB = (await get(d.analystB, 'manifest.json')).json<Manifest>();
    const manifestPublic = (await get({}, 'manifest.json')).json<Manifest>();
    // Three imports; B may read two of them, the public one.
    expect(Object.keys(manifestA)).toHaveLength(3);
    expect(Object.keys(manifestB)).toHaveLength(2);
    expect(Object.keys(manifestPublic)).toHaveLength(1);
    expect(Object.values(manifestPublic)[0]!.Tag).toEqual([{ name: 'tlp:clear' }]);
    const tags = Object.values(manifestA)
      .map((e) => e.Tag[0]!.name)
      .sort();
    expect(tags).toEqual(['tlp:amber+strict', 'tlp:clear', 'tlp:green']);

    // The event A alone may read: its attributes are the live indicator's address, and B cannot fetch it.
    const strict = Object.entries(manifestA).find(([, e]) => e.Tag[0]!.name === 'tlp:amber+strict')![0];
    const event = (await get(d.analystA, `${strict}.json`)).json<{
      Event: { uuid: string; Attribute: { type: string; value: string; to_ids: boolean }[] };
    }>();
    expect(event.Event.uuid).toBe(strict);
    expect(event.Event.Attribute.map((a) => [a.type, a.value])).toEqual([['ip-dst', '198.51.100.20']]);
    expect((await get(d.analystB, `${strict}.json`)).statusCode).toBe(404);
    expect((await get({}, `${strict}.json`)).statusCode).toBe(404);

    // hashes.csv: MD5 of each attribute value with its event, for MISP's cache.
    const hashes = (await get(d.analystB, 'hashes.csv')).body.trim().split('\n');
    expect(hashes).toHaveLength(4);
    expect(hashes.every((line) => /^[0-9a-f]{32},[0-9a-f-]{36}$/.test(line))).toBe(true);
    expect(hashes.join('\n')).not.toContain(strict);
  });
  it('drops an indicator from every feed once a newer version revokes it, and brings back one a newer version renews', async () => {
    const revoked = indicator("[ipv4-addr:value = '192.0.2.77']");
    const renewed = indicator("[domain-name:value = 'renewed.example']", { valid_until: '2026-12-02T00:00:00.000Z' });
    await importAs(d.analystA, [revoked, renewed], '?tlp=GREEN&scope=community');
    expect(await lines(d.analystB)).toContain('192.0.2.77');
    expect(await lines(d.analystB)).not.toContain('renewed.example');

    const later = '2026-12-03T00:00:00.000Z';
    await importAs(
      d.analystA,
      [
        { ...revoked, modified: later, revoked: true },
        { ...renewed, modified: later, valid_until: '2099-01-01T00:00:00.000Z' },
      ],
      '?tlp=GREEN&scope=community',
    );
    expect(await lines(d.analystB)).not.toContain('192.0.2.77');
    expect(await lines(d.analystB)).toContain('renewed.example');

    // The MISP feed agrees: the revoked address is in no event, the renewed domain is in the newer import's event.
    const get = async (file: string) => d.hub.app.inject({ url: `${P}/feeds/misp/${file}`, headers: d.analystB });
    const values: string[] = [];
    for (const uuid of Object.keys((await get('manifest.json')).json<object>())) {
      const event = (await get(`${uuid}.json`)).json<{ Event: { Attribute: { value: string }[] } }>();
      values.push(...event.Event.Attribute.map((a) => a.value));
    }
    expect(values).not.toContain('192.0.2.77');
    expect(values.filter((v) => v === 'renewed.example')).toHaveLength(1);
  });
  it("gives each observation case's derived indicators their own MISP event, under the case's sharing", async () => {
    const caseWithSample = async (scope: string, marking: string, content: string) => {
      const created = await d.hub.app.inject({
        method: 'POST',
        url: `${P}/cases`,
        headers: d.analystA,
        payload: { environmentCode: 'FD1', startDate: '2026-11-30', malwareFamily: 'Emotet', scope, marking },
      });
      expect(created.statusCode, created.body).toBe(201);
      const row = created.json<{ id: string; caseId: string }>();
      const body = multipart({ kind: 'sample' }, { filename: 'sample.exe', content });
      const uploaded = await d.hub.app.inject({
        method: 'POST',
        url: `${P}/cases/${row.id}/files`,
        headers: { ...d.analystA, 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      return { ...row, sha256: createHash('sha256').update(content).digest('hex') };
    };
    const shared = await caseWithSample('community', 'GREEN', 'MZ shared sample');
    const strict = await caseWithSample('organisation', 'AMBER+STRICT', 'MZ strict sample');

    type Manifest = Record<string, { info: string; Tag: { name: string }[] }>;
    const get = (headers: Record<string, string>, file: string) =>
      d.hub.app.inject({ url: `${P}/feeds/misp/${file}`, headers });
    const eventOf = async (headers: Record<string, string>, caseId: string) => {
      const manifest = (await get(headers, 'manifest.json')).json<Manifest>();
      const uuid = Object.keys(manifest).find((key) => manifest[key]!.info === `cynex observation case ${caseId}`);
      if (!uuid) return undefined;
      const event = await get(headers, `${uuid}.json`);
      expect(event.statusCode, event.body).toBe(200);
      return {
        uuid,
        ...event.json<{ Event: { Tag: { name: string }[]; Attribute: { type: string; value: string }[] } }>(),
      };
    };

    const seenByB = await eventOf(d.analystB, shared.caseId);
    expect(seenByB?.Event.Tag).toEqual([{ name: 'tlp:green' }]);
    expect(seenByB?.Event.Attribute).toContainEqual(expect.objectContaining({ type: 'sha256', value: shared.sha256 }));
    expect(await eventOf({}, shared.caseId)).toBeUndefined();

    const seenByA = await eventOf(d.analystA, strict.caseId);
    expect(seenByA?.Event.Tag).toEqual([{ name: 'tlp:amber+strict' }]);
    expect(await eventOf(d.analystB, strict.caseId)).toBeUndefined();
    expect((await get(d.analystB, `${seenByA!.uuid}.json`)).statusCode).toBe(404);
    expect((await get(d.analystB, 'hashes.csv')).body).not.toContain(seenByA!.uuid);
  });

  it('keeps an imported object that names a case as its source when the case is derived again', async () => {
    const created = await d.hub.app.inject({
      method: 'POST',
      url: `${P}/cases`,
      headers: d.analystA,
      payload: {
        environmentCode: 'FD2',
        startDate: '2026-11-30',
        malwareFamily: 'Qakbot',
        scope: 'community',
        marking: 'GREEN',
      },
    });
    const caseRow = created.json<{ id: string }>();
    // Exported by another cynex hub: it carries that hub's source key, which here names this case.
    await importAs(
      d.analystB,
      [indicator("[domain-name:value = 'imported-derived.example']", { x_cynex_source: `case:${caseRow.id}` })],
      '?tlp=GREEN&scope=community',
    );
    const changed = await d.hub.app.inject({
      method: 'PATCH',
      url: `${P}/cases/${caseRow.id}`,
      headers: d.analystA,
      payload: { summaryEn: 'changed, so derived again' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await d.hub.services.derived.reconcile();
    expect(await lines(d.analystA)).toContain('imported-derived.example');
  });
});
