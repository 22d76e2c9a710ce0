import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P, startDecoyHub, type DecoyHub, type Headers } from '../decoy/decoy.fixtures.js';
import { TaxiiService } from './taxii.service.js';

const TAXII = 'application/taxii+json;version=2.1';
const NOW = '2026-11-01T00:00:00.000Z';
const uuidFor = (n: number, tag: string) =>
  `${tag}${String(n).padStart(8 - tag.length, '0')}-0000-4000-8000-000000000000`;
const indicator = (n: number, tag = 'a', extra: object = {}) => ({
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
const malware = (n: number) => ({
  type: 'malware',
  spec_version: '2.1',
  id: `malware--${uuidFor(n, 'c')}`,
  created: NOW,
  modified: NOW,
  name: `family ${n}`,
  is_family: true,
});
const bundle = (objects: object[]) => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });

interface Envelope {
  more: boolean;
  next?: string;
  objects?: { id: string; type: string; modified?: string }[];
  versions?: string[];
}

describe(TaxiiService.name, () => {
  let d: DecoyHub;
  let community: string;
  let myOrg: string;
  /** A's organisation-scoped (TLP:AMBER) indicators: nobody outside A reads them. */
  const secret = [1, 2, 3].map((n) => indicator(n, 'e'));

  const importBundle = async (headers: Headers, objects: object[], query: string) => {
    const response = await d.hub.app.inject({
      method: 'POST',
      url: `${P}/intel/bundles${query}`,
      headers: { ...headers, 'content-type': 'application/stix+json;version=2.1' },
      payload: JSON.stringify(bundle(objects)),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const taxii = (headers: Headers, url: string, accept = TAXII) =>
    d.hub.app.inject({ url: `/taxii2${url}`, headers: { accept, ...headers } });
  const read = async (headers: Headers, url: string) => {
    const response = await taxii(headers, url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(TAXII);
    return { body: response.json<Envelope>(), headers: response.headers };
  };
  /** Pages through a collection's objects until more is false. */
  const readAll = async (headers: Headers, collection: string, query: string, limit: number) => {
    const seen: string[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const cursor = next ? `&next=${encodeURIComponent(next)}` : '';
      const { body } = await read(headers, `/api/collections/${collection}/objects/?limit=${limit}${query}${cursor}`);
      expect(body.objects!.length).toBeLessThanOrEqual(limit);
      seen.push(...body.objects!.map((o) => o.id));
      if (!body.more) return seen;
      expect(body.next).toBeTruthy();
      next = body.next;
    }
    throw new Error('paging never ended');
  };

  beforeAll(async () => {
    d = await startDecoyHub('taxii');
    const shared = Array.from({ length: 300 }, (_, n) => indicator(n + 1));
    await importBundle(d.analystA, [...shared, ...[1, 2, 3, 4, 5].map(malware)], '?tlp=GREEN&scope=community');
    await importBundle(d.analystA, secret, '?tlp=AMBER&scope=organisation');
    // A second version of indicator 1: the default (last) shows it, match[version]=all shows both.
    await importBundle(
      d.analystA,
      [indicator(1, 'a', { modified: '2026-11-02T00:00:00.000Z' })],
      '?tlp=GREEN&scope=community',
    );
    const { body } = await read(d.analystB, '/api/collections/');
    const collections = (body as unknown as { collections: { id: string; title: string }[] }).collections;
    community = collections.find((c) => c.title === 'Community')!.id;
    myOrg = collections.find((c) => c.title === 'My organisation')!.id;
  });
  afterAll(async () => d.hub.dispose());

  it("discovers the server, the community API root and the caller's organisation's root", async () => {
    const discovery = (await taxii(d.analystA, '/')).json();
    expect(discovery).toMatchObject({
      title: expect.any(String),
      default: '/taxii2/api/',
      api_roots: ['/taxii2/api/', `/taxii2/${d.orgA.slug}/`],
    });
    const root = await taxii(d.analystA, '/api/');
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toBe(TAXII);
    expect(root.json()).toMatchObject({ versions: [TAXII], max_content_length: expect.any(Number) });
  });

  it('lists the community and organisation collections, readable, only the organisation one writable', async () => {
    const { collections } = (await taxii(d.analystA, '/api/collections/')).json<{ collections: object[] }>();
    expect(collections).toEqual([
      expect.objectContaining({ title: 'Community', can_read: true, can_write: false }),
      expect.objectContaining({ title: 'My organisation', can_read: true, can_write: true }),
    ]);
    expect((await taxii(d.analystA, `/api/collections/${community}/`)).json()).toMatchObject({ id: community });
    const missing = await taxii(d.analystA, '/api/collections/00000000-0000-4000-8000-000000000000/');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ title: expect.any(String), http_status: '404' });
  });

  it('pages through the community collection with limit and next, each object once', async () => {
    const seen = await readAll(d.analystB, community, '', 37);
    expect(seen).toHaveLength(305);
    expect(new Set(seen).size).toBe(305);
    const first = await read(d.analystB, `/api/collections/${community}/objects/`);
    expect(first.body.objects).toHaveLength(100);
    expect(first.body.more).toBe(true);
  });

  it('filters by type, by id and by version', async () => {
    const malwareIds = await readAll(d.analystB, community, '&match[type]=malware', 2);
    expect(malwareIds.sort()).toEqual([1, 2, 3, 4, 5].map((n) => malware(n).id).sort());
    const one = indicator(1).id;
    const last = await read(d.analystB, `/api/collections/${community}/objects/?match[id]=${one}`);
    expect(last.body.objects!.map((o) => o.modified)).toEqual(['2026-11-02T00:00:00.000Z']);
    const all = await read(d.analystB, `/api/collections/${community}/objects/${one}/?match[version]=all`);
    expect(all.body.objects!.map((o) => o.modified).sort()).toEqual([NOW, '2026-11-02T00:00:00.000Z']);
    const versions = await read(d.analystB, `/api/collections/${community}/objects/${one}/versions/`);
    expect(versions.body.versions!.sort()).toEqual([NOW, '2026-11-02T00:00:00.000Z']);
    const first = await read(d.analystB, `/api/collections/${community}/objects/${one}/?match[version]=first`);
    expect(first.body.objects!.map((o) => o.modified)).toEqual([NOW]);
  });

  it('returns only what was added after added_after, and says the first and last date added', async () => {
    const before = await read(d.analystB, `/api/collections/${community}/manifest/?limit=1000`);
    const entries = (before.body.objects as unknown as { id: string; date_added: string; version: string }[]) ?? [];
    expect(entries).toHaveLength(305);
    const lastAdded = before.headers['x-taxii-date-added-last'] as string;
    expect(lastAdded).toBe(entries.at(-1)!.date_added);
    expect(before.headers['x-taxii-date-added-first']).toBe(entries[0]!.date_added);

    const fresh = [1, 2].map((n) => indicator(n, 'f'));
    await importBundle(d.analystA, fresh, '?tlp=GREEN&scope=community');
    const after = await read(d.analystB, `/api/collections/${community}/objects/?added_after=${lastAdded}`);
    expect(after.body.objects!.map((o) => o.id).sort()).toEqual(fresh.map((o) => o.id).sort());
    expect(after.body.more).toBe(false);
  });

  it('answers 406 when the client does not accept TAXII 2.1', async () => {
    for (const accept of ['application/json', 'application/taxii+json;version=2.0', 'text/html']) {
      const response = await taxii(d.analystA, '/api/collections/', accept);
      expect(response.statusCode, accept).toBe(406);
      expect(response.json()).toMatchObject({ http_status: '406' });
    }
    expect((await taxii(d.analystA, '/api/collections/', '*/*')).statusCode).toBe(200);
    expect((await taxii(d.analystA, '/api/collections/', 'application/taxii+json')).statusCode).toBe(200);
  });

  it('asks anonymous callers for credentials (401, WWW-Authenticate) on every route', async () => {
    for (const url of ['/', '/api/', '/api/collections/', `/api/collections/${community}/objects/`]) {
      const response = await taxii({}, url);
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Basic realm="cynex TAXII", Bearer');
      expect(response.json()).toMatchObject({
        title: expect.any(String),
        description: expect.any(String),
        http_status: '401',
      });
    }
  });

  it('takes an API token as the HTTP Basic password or as a bearer, and refuses a wrong one', async () => {
    const created = await d.hub.app.inject({
      method: 'POST',
      url: `${P}/tokens`,
      headers: d.analystB,
      payload: { name: 'taxii client', scopes: ['read'] },
    });
    const { token } = created.json<{ token: string }>();
    const basic = (password: string) => `Basic ${Buffer.from(`anyone:${password}`).toString('base64')}`;
    const url = `/api/collections/${community}/objects/?limit=1`;
    expect((await taxii({ authorization: basic(token) }, url)).statusCode).toBe(200);
    expect((await taxii({ authorization: `Bearer ${token}` }, url)).statusCode).toBe(200);
    const wrong = await taxii({ authorization: basic('cnx_not-a-token') }, url);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('Basic');
  });

  it("never shows B organisation A's organisation-scoped objects, through any route", async () => {
    const ids = secret.map((o) => o.id);
    const mine = await readAll(d.analystA, myOrg, '', 1000);
    for (const id of ids) expect(mine).toContain(id);
    for (const collection of [community, myOrg]) {
      const base = `/api/collections/${collection}`;
      const paged = await readAll(d.analystB, collection, '', 1000);
      for (const id of ids) expect(paged).not.toContain(id);
      const manifest = await taxii(d.analystB, `${base}/manifest/?limit=1000`);
      const listed = await taxii(d.analystB, `${base}/objects/?match[id]=${ids.join(',')}&match[version]=all`);
      for (const response of [manifest, listed]) {
        expect(response.statusCode).toBe(200);
        for (const id of ids) expect(response.body).not.toContain(id);
      }
      for (const id of ids) {
        for (const path of [`${base}/objects/${id}/`, `${base}/objects/${id}/versions/`]) {
          const response = await taxii(d.analystB, path);
          expect(response.statusCode, path).toBe(404);
          expect(response.body).not.toContain(id);
        }
      }
    }
  });
});
