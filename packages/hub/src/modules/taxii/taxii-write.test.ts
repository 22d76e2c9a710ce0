import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P, startDecoyHub, type DecoyHub, type Headers } from '../decoy/decoy.fixtures.js';
import { TaxiiWriteService } from './taxii-write.service.js';
import { COLLECTIONS } from './taxii.schema.js';

const MEDALLION = fileURLToPath(
  new URL('../../../../../../shared/data/taxii/medallion-default_data.json', import.meta.url),
);
const TAXII = 'application/taxii+json;version=2.1';
const NOW = '2026-11-01T00:00:00.000Z';
const MINE = `/taxii2/api/collections/${COLLECTIONS.myOrganisation}`;
const COMMUNITY = `/taxii2/api/collections/${COLLECTIONS.community}`;
const uuidFor = (n: number, tag: string) =>
  `${tag}${String(n).padStart(8 - tag.length, '0')}-0000-4000-8000-000000000000`;
const indicator = (n: number, tag: string, extra: object = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuidFor(n, tag)}`,
  created: NOW,
  modified: NOW,
  pattern: `[ipv4-addr:value = '198.51.100.${n % 250}']`,
  pattern_type: 'stix',
  valid_from: NOW,
  ...extra,
});
const TLP_RED = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
const TLP_AMBER_STRICT = 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003';

interface Status {
  id: string;
  status: string;
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: { id: string; version: string }[];
  failure_count: number;
  failures: { id: string; version: string; message: string }[];
  pending_count: number;
  pendings: unknown[];
}

describe(TaxiiWriteService.name, () => {
  let d: DecoyHub;
  let learnerA: Headers;

  const post = (headers: Headers, url: string, payload: string, contentType = TAXII) =>
    d.hub.app.inject({
      method: 'POST',
      url: `${url}/objects/`,
      headers: { ...headers, accept: TAXII, 'content-type': contentType },
      payload,
    });
  const add = async (headers: Headers, objects: unknown[]) => {
    const response = await post(headers, MINE, JSON.stringify({ objects }));
    expect(response.statusCode, response.body).toBe(202);
    expect(response.headers['content-type']).toBe(TAXII);
    return response.json<Status>();
  };
  const get = (headers: Headers, url: string) => d.hub.app.inject({ url, headers: { ...headers, accept: TAXII } });
  const remove = (headers: Headers, url: string) =>
    d.hub.app.inject({ method: 'DELETE', url, headers: { ...headers, accept: TAXII } });
  const idsIn = async (headers: Headers, url: string) => {
    const response = await get(headers, url);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json<{ objects?: { id: string }[] }>().objects ?? []).map((o) => o.id);
  };

  beforeAll(async () => {
    d = await startDecoyHub('taxii-write');
    await d.hub.user('learner@taxii-write-a.example', { memberships: [{ orgId: d.orgA.id, role: 'learner' }] });
    learnerA = await d.hub.signIn('learner@taxii-write-a.example');
  });
  afterAll(async () => d.hub.dispose());

  it('says which collection a writer may write, and takes objects there with a complete status', async () => {
    const collections = (await get(d.analystA, '/taxii2/api/collections/')).json<{
      collections: { id: string; can_write: boolean }[];
    }>().collections;
    expect(collections.find((c) => c.id === COLLECTIONS.myOrganisation)!.can_write).toBe(true);
    expect(collections.find((c) => c.id === COLLECTIONS.community)!.can_write).toBe(false);

    const objects = [1, 2].map((n) => indicator(n, 'a'));
    const status = await add(d.analystA, objects);
    expect(status).toMatchObject({
      status: 'complete',
      total_count: 2,
      success_count: 2,
      failure_count: 0,
      pending_count: 0,
      pendings: [],
      failures: [],
    });
    expect(status.successes).toEqual(objects.map((o) => ({ id: o.id, version: NOW })));
    expect(Date.parse(status.request_timestamp)).not.toBeNaN();

    const again = await get(d.analystA, `/taxii2/api/status/${status.id}/`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(status);
    const stored = await idsIn(d.analystA, `${MINE}/objects/?match[id]=${objects.map((o) => o.id).join(',')}`);
    expect(stored.sort()).toEqual(objects.map((o) => o.id).sort());
  });

  it('refuses a learner (403, not writable for them) and the read-only community collection (403)', async () => {
    const collection = (await get(learnerA, `${MINE}/`)).json<{ can_write: boolean }>();
    expect(collection.can_write).toBe(false);
    const payload = JSON.stringify({ objects: [indicator(1, 'b')] });
    const learner = await post(learnerA, MINE, payload);
    expect(learner.statusCode, learner.body).toBe(403);
    expect(learner.json()).toMatchObject({ http_status: '403' });
    const community = await post(d.analystA, COMMUNITY, payload);
    expect(community.statusCode).toBe(403);
    expect(community.json()).toMatchObject({ http_status: '403' });
    expect(await idsIn(d.analystA, `${MINE}/objects/?match[id]=${indicator(1, 'b').id}`)).toEqual([]);
  });

  it('answers 415 to another content type, 400 to broken JSON and 413 past max_content_length', async () => {
    const body = JSON.stringify({ objects: [indicator(1, 'c')] });
    for (const type of ['application/json', 'application/taxii+json;version=2.0', 'text/plain']) {
      const response = await post(d.analystA, MINE, body, type);
      expect(response.statusCode, type).toBe(415);
      expect(response.json()).toMatchObject({ http_status: '415' });
    }
    const broken = await post(d.analystA, MINE, '{"objects": [');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ http_status: '400', description: expect.stringContaining('JSON') });
    const notEnvelope = await post(d.analystA, MINE, '{"type":"bundle"}');
    expect(notEnvelope.statusCode).toBe(400);

    const root = (await get(d.analystA, '/taxii2/api/')).json<{ max_content_length: number }>();
    const huge = `{"objects":[${' '.repeat(root.max_content_length)}]}`;
    const tooLarge = await post(d.analystA, MINE, huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ http_status: '413' });
  });

  it('reports invalid objects as failures naming the property path, and stores the valid ones', async () => {
    const good = indicator(1, 'd');
    const noPattern = { ...indicator(2, 'd'), pattern: undefined };
    const badDate = indicator(3, 'd', { valid_from: 'yesterday' });
    const status = await add(d.analystA, [good, noPattern, badDate, 'not an object']);
    expect(status).toMatchObject({ total_count: 4, success_count: 1, failure_count: 3 });
    expect(status.successes.map((s) => s.id)).toEqual([good.id]);
    const failure = (id: string) => status.failures.find((f) => f.id === id)!;
    expect(failure(noPattern.id).message).toMatch(/pattern/);
    expect(failure(badDate.id).message).toMatch(/valid_from/);
    expect(status.failures.find((f) => f.id === '')!.message).toBeTruthy();
    expect(
      await idsIn(d.analystA, `${MINE}/objects/?match[id]=${[good, noPattern, badDate].map((o) => o.id).join(',')}`),
    ).toEqual([good.id]);
  });

  it('keeps RED and AMBER+STRICT objects of A from B, and A keeps its status to itself', async () => {
    const red = indicator(1, 'e', { object_marking_refs: [TLP_RED] });
    const strict = indicator(2, 'e', { object_marking_refs: [TLP_AMBER_STRICT] });
    const status = await add(d.analystA, [red, strict]);
    expect(status.success_count).toBe(2);
    const query = `objects/?match[id]=${red.id},${strict.id}&match[version]=all`;
    expect((await idsIn(d.analystA, `${MINE}/${query}`)).sort()).toEqual([red.id, strict.id].sort());
    for (const base of [MINE, COMMUNITY]) {
      expect(await idsIn(d.analystB, `${base}/${query}`)).toEqual([]);
      for (const id of [red.id, strict.id])
        expect((await get(d.analystB, `${base}/objects/${id}/`)).statusCode).toBe(404);
    }
    const other = await get(d.analystB, `/taxii2/api/status/${status.id}/`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(red.id);
    const unknown = await get(d.analystA, '/taxii2/api/status/00000000-0000-4000-8000-000000000000/');
    expect(unknown.statusCode).toBe(404);
  });

  it("deletes the caller's own object and never another organisation's copy of it", async () => {
    const shared = indicator(1, 'f');
    const newer = { ...shared, modified: '2026-11-02T00:00:00.000Z' };
    await add(d.analystA, [shared, newer]);
    await add(d.analystB, [shared]);
    const url = `${MINE}/objects/${shared.id}/`;

    const learner = await remove(learnerA, url);
    expect(learner.statusCode).toBe(403);
    expect((await remove(d.analystA, `${COMMUNITY}/objects/${shared.id}/`)).statusCode).toBe(403);

    const one = await remove(d.analystA, `${url}?match[version]=${NOW}`);
    expect(one.statusCode, one.body).toBe(200);
    const left = await get(d.analystA, `${url}?match[version]=all`);
    expect(left.json<{ objects: { modified: string }[] }>().objects.map((o) => o.modified)).toEqual([newer.modified]);

    expect((await remove(d.analystA, url)).statusCode).toBe(200);
    expect((await get(d.analystA, url)).statusCode).toBe(404);
    expect((await remove(d.analystA, url)).statusCode).toBe(404);
    // B's copy is untouched, and B cannot delete what only A holds.
    expect(await idsIn(d.analystB, `${MINE}/objects/?match[id]=${shared.id}`)).toEqual([shared.id]);
    const onlyA = indicator(2, 'f');
    await add(d.analystA, [onlyA]);
    expect((await remove(d.analystB, `${MINE}/objects/${onlyA.id}/`)).statusCode).toBe(404);
    expect(await idsIn(d.analystA, `${MINE}/objects/?match[id]=${onlyA.id}`)).toEqual([onlyA.id]);

    const audit = await d.hub.app.inject({ url: `${P}/audit?action=intel.delete`, headers: d.padmin });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.body).toContain(shared.id);
  });

  it("adds medallion's default collections and reads them back by type, page by page", async () => {
    const data = JSON.parse(await readFile(MEDALLION, 'utf8')) as Record<
      string,
      { collections?: { objects?: object[] }[] }
    >;
    const objects = Object.values(data).flatMap((root) => root.collections?.flatMap((c) => c.objects ?? []) ?? []);
    expect(objects.length).toBeGreaterThan(0);
    // Its own organisation, so that nothing the other tests added shows here.
    const org = await d.hub.org('taxii-write-medallion');
    await d.hub.user('ana@taxii-write-medallion.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const analyst = await d.hub.signIn('ana@taxii-write-medallion.example');
    const status = await add(analyst, objects);
    expect(status.total_count).toBe(objects.length);
    expect(status.success_count + status.failure_count).toBe(objects.length);
    // One object of medallion's sample data is not STIX 2.1: the 2018 version of its malware has no spec_version
    // (required on every SDO in 2.1; medallion does not validate). The other seven are stored.
    expect(status.failures).toEqual([
      {
        id: 'malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec',
        version: '2018-02-23T18:30:00.000Z',
        message: 'spec_version: required',
      },
    ]);
    expect(status.success_count).toBe(objects.length - 1);

    const indicators = new Set(
      objects.filter((o) => (o as { type: string }).type === 'indicator').map((o) => (o as { id: string }).id),
    );
    const seen: string[] = [];
    let next = '';
    for (let page = 0; page < 20; page += 1) {
      const response = await get(
        analyst,
        `${MINE}/objects/?match[type]=indicator&limit=1${next ? `&next=${encodeURIComponent(next)}` : ''}`,
      );
      const body = response.json<{ more: boolean; next?: string; objects: { id: string; type: string }[] }>();
      expect(body.objects).toHaveLength(1);
      expect(body.objects[0]!.type).toBe('indicator');
      seen.push(body.objects[0]!.id);
      if (!body.more) break;
      next = body.next!;
    }
    // The last version of each indicator once (indicator--6770298f… has three versions).
    expect(new Set(seen)).toEqual(indicators);
    expect(seen).toHaveLength(indicators.size);
    const versions = await get(analyst, `${MINE}/objects/indicator--6770298f-0fd8-471a-ab8c-1c658a46574e/versions/`);
    expect(versions.json<{ versions: string[] }>().versions).toHaveLength(3);
    const malware = await get(analyst, `${MINE}/objects/?match[type]=malware&match[version]=all`);
    expect(malware.json<{ objects: { modified: string }[] }>().objects.map((o) => o.modified)).toEqual([
      '2017-01-27T13:49:53.997Z',
    ]);
  });
});
