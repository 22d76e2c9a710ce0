/**
 * A TAXII 2.1 client written from the specification's text (OASIS TAXII Version 2.1, sections 1.6 (media
 * types, authentication), 3 (filtering, pagination, headers), 4 (discovery, API root, status), 5 (collections,
 * objects, manifest, versions, delete)), talking HTTP to a listening hub. It knows nothing of the hub's code:
 * the harness only starts the hub and makes an organisation, a user and an API token.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './harness.js';

const MEDIA = 'application/taxii+json;version=2.1';
const MEDALLION = fileURLToPath(new URL('../../../../shared/data/taxii/medallion-default_data.json', import.meta.url));

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: { id: string; type: string; modified?: string; spec_version?: string }[];
}
interface Status {
  id: string;
  status: 'pending' | 'complete';
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  failures?: { id: string; version: string; message?: string }[];
}

/** The client: every request with Accept: TAXII 2.1 and the credentials it was given. */
class TaxiiClient {
  constructor(
    private readonly server: string,
    private readonly authorization: string | undefined,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', MEDIA);
    if (this.authorization) headers.set('authorization', this.authorization);
    return fetch(new URL(path, this.server), { ...init, headers });
  }

  async json<T>(path: string): Promise<{ body: T; response: Response }> {
    const response = await this.request(path);
    expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
    expect(response.headers.get('content-type')).toBe(MEDIA);
    return { body: (await response.json()) as T, response };
  }

  async add(collection: string, objects: unknown[]): Promise<Status> {
    const response = await this.request(`${collection}objects/`, {
      method: 'POST',
      headers: { 'content-type': MEDIA },
      body: JSON.stringify({ objects }),
    });
    expect(response.status, await response.clone().text()).toBe(202);
    return (await response.json()) as Status;
  }

  /** Polls a status resource until it is complete (section 4.3). */
  async settle(root: string, status: Status): Promise<Status> {
    let current = status;
    for (let polls = 0; polls < 100 && current.status === 'pending'; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = (await this.json<Status>(`${root}status/${status.id}/`)).body;
    }
    return current;
  }

  /** Every page of an objects (or manifest) listing, following `next` while `more` is true (section 3.4). */
  async all(path: string, limit: number): Promise<{ pages: number; objects: NonNullable<Envelope['objects']> }> {
    const objects: NonNullable<Envelope['objects']> = [];
    let next: string | undefined;
    for (let pages = 1; pages <= 100; pages++) {
      const separator = path.includes('?') ? '&' : '?';
      const cursor = next ? `&next=${encodeURIComponent(next)}` : '';
      const { body } = await this.json<Envelope>(`${path}${separator}limit=${limit}${cursor}`);
      expect((body.objects ?? []).length).toBeLessThanOrEqual(limit);
      objects.push(...(body.objects ?? []));
      if (!body.more) return { pages, objects };
      next = body.next;
      expect(next).toBeTruthy();
    }
    throw new Error('paging never ended');
  }
}

describe('TAXII 2.1 over HTTP, black box', () => {
  let hub: TestHub;
  let server: string;
  let token: string;
  let client: TaxiiClient;
  let root: string;
  let collection: string;
  let objects: { id: string; type: string; modified?: string; spec_version?: string }[];

  beforeAll(async () => {
    hub = await startTestHub({ host: '127.0.0.1' });
    server = (await hub.listen()).url;
    const org = await hub.org('blackbox');
    await hub.user('ana@blackbox.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const session = await hub.signIn('ana@blackbox.example');
    const made = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: session,
      payload: { name: 'taxii client', scopes: ['read', 'write'] },
    });
    token = made.json<{ token: string }>().token;
    client = new TaxiiClient(server, `Basic ${Buffer.from(`ana:${token}`).toString('base64')}`);
    const data = JSON.parse(await readFile(MEDALLION, 'utf8')) as Record<
      string,
      { collections?: { objects?: typeof objects }[] }
    >;
    objects = Object.values(data).flatMap((r) => r.collections?.flatMap((c) => c.objects ?? []) ?? []);
  });
  afterAll(async () => hub.dispose());

  it('asks for credentials with 401 and WWW-Authenticate, and takes the token as Basic password or bearer', async () => {
    const anonymous = await new TaxiiClient(server, undefined).request('/taxii2/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/Basic/);
    expect(anonymous.headers.get('content-type')).toBe(MEDIA);
    const wrong = await new TaxiiClient(server, `Basic ${Buffer.from('ana:nope').toString('base64')}`).request(
      '/taxii2/',
    );
    expect(wrong.status).toBe(401);
    expect((await new TaxiiClient(server, `Bearer ${token}`).request('/taxii2/')).status).toBe(200);
  });

  it('discovers its API roots and a collection it can write (sections 4.1, 4.2, 5.1)', async () => {
    const { body: discovery } = await client.json<{ default?: string; api_roots: string[] }>('/taxii2/');
    expect(discovery.api_roots.length).toBeGreaterThanOrEqual(2);
    expect(discovery.api_roots).toContain(discovery.default);
    for (const candidate of discovery.api_roots) {
      const { body: info } = await client.json<{ versions: string[]; max_content_length: number }>(candidate);
      expect(info.versions).toContain(MEDIA);
      expect(info.max_content_length).toBeGreaterThan(0);
      const { body } = await client.json<{ collections?: { id: string; can_write: boolean; title: string }[] }>(
        `${candidate}collections/`,
      );
      const writable = body.collections?.find((c) => c.can_write && c.title === 'Organisation');
      if (writable) {
        root = new URL(candidate, server).pathname;
        collection = `${root}collections/${writable.id}/`;
      }
    }
    expect(collection).toBeTruthy();
    const { body: one } = await client.json<{ id: string; media_types: string[] }>(collection);
    expect(one.media_types).toContain('application/stix+json;version=2.1');
  });

  it('adds the medallion sample objects in envelopes and polls their status to complete (section 5.4)', async () => {
    const first = await client.settle(root, await client.add(collection, objects.slice(0, 4)));
    const second = await client.settle(root, await client.add(collection, objects.slice(4)));
    for (const status of [first, second]) {
      expect(status.status).toBe('complete');
      expect(status.pending_count).toBe(0);
    }
    expect(first.success_count + second.success_count).toBe(objects.length - 1);
    // The 2018 malware version has no spec_version: not STIX 2.1, refused with the property named.
    expect(second.failures).toEqual([
      expect.objectContaining({ id: 'malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec', message: expect.any(String) }),
    ]);
  });

  it('gets objects by type, id, version and spec version (section 3.5)', async () => {
    const ids = async (query: string) =>
      ((await client.json<Envelope>(`${collection}objects/${query}`)).body.objects ?? []).map((o) =>
        o.modified ? `${o.id}@${o.modified}` : o.id,
      );
    const last = await ids('');
    expect(last).toHaveLength(5);
    expect(last).toContain('indicator--6770298f-0fd8-471a-ab8c-1c658a46574e@2017-01-27T13:49:53.935Z');
    expect((await ids('?match[type]=indicator')).sort()).toEqual([
      'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e@2017-01-27T13:49:53.935Z',
      'indicator--cd981c25-8042-4166-8945-51178443bdac@2014-05-08T09:00:00.000Z',
    ]);
    expect(await ids('?match[type]=indicator,malware&match[id]=malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec')).toEqual(
      ['malware--c0931cc6-c75e-47e5-9036-78fabc95d4ec@2017-01-27T13:49:53.997Z'],
    );
    const indicator = '?match[id]=indicator--6770298f-0fd8-471a-ab8c-1c658a46574e';
    expect(await ids(`${indicator}&match[version]=all`)).toHaveLength(3);
    expect(await ids(`${indicator}&match[version]=first`)).toEqual([
      'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e@2016-11-03T12:30:59.000Z',
    ]);
    expect(await ids(`${indicator}&match[version]=2016-12-25T12:30:59.444Z`)).toEqual([
      'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e@2016-12-25T12:30:59.444Z',
    ]);
    expect(await ids(`${indicator}&match[version]=first,last`)).toHaveLength(2);
    expect(await ids('?match[spec_version]=2.1')).toHaveLength(5);
    expect(await ids('?match[spec_version]=2.0')).toEqual([]);
  });

  it('pages through every version with limit and next, each once, and says the dates added (section 3.4)', async () => {
    const { pages, objects: versions } = await client.all(`${collection}objects/?match[version]=all`, 2);
    expect(versions).toHaveLength(objects.length - 1);
    expect(new Set(versions.map((o) => `${o.id}@${o.modified ?? ''}`)).size).toBe(versions.length);
    expect(pages).toBe(Math.ceil(versions.length / 2));

    const { response } = await client.json<Envelope>(`${collection}objects/`);
    const lastAdded = response.headers.get('x-taxii-date-added-last');
    expect(response.headers.get('x-taxii-date-added-first')).toBeTruthy();
    expect(lastAdded).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
    const later = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--0b1ac0b0-0000-4000-8000-000000000001',
      created: '2026-11-01T00:00:00.000Z',
      modified: '2026-11-01T00:00:00.000Z',
      pattern: "[domain-name:value = 'later.example']",
      pattern_type: 'stix',
      valid_from: '2026-11-01T00:00:00.000Z',
    };
    expect((await client.settle(root, await client.add(collection, [later]))).success_count).toBe(1);
    const { body: after } = await client.json<Envelope>(
      `${collection}objects/?added_after=${encodeURIComponent(lastAdded!)}`,
    );
    expect(after.objects?.map((o) => o.id)).toEqual([later.id]);
  });

  it('lists the manifest, the versions of an object and one object by id (sections 5.3, 5.6, 5.7)', async () => {
    const { objects: manifest } = await client.all(`${collection}manifest/?match[type]=indicator`, 10);
    expect(manifest).toHaveLength(3);
    for (const entry of manifest as unknown as Record<string, string>[]) {
      expect(entry).toEqual({
        id: expect.stringMatching(/^indicator--/),
        date_added: expect.any(String),
        version: expect.any(String),
        media_type: 'application/stix+json;version=2.1',
      });
    }
    const id = 'indicator--6770298f-0fd8-471a-ab8c-1c658a46574e';
    const { body: versions } = await client.json<{ versions: string[] }>(`${collection}objects/${id}/versions/`);
    expect([...versions.versions].sort()).toEqual([
      '2016-11-03T12:30:59.000Z',
      '2016-12-25T12:30:59.444Z',
      '2017-01-27T13:49:53.935Z',
    ]);
    const { body: one } = await client.json<Envelope>(`${collection}objects/${id}/`);
    expect(one.objects).toEqual([expect.objectContaining({ id, modified: '2017-01-27T13:49:53.935Z' })]);
  });

  it('deletes an object, after which it is not found (section 5.8)', async () => {
    const id = 'relationship--2f9a9aa9-108a-4333-83e2-4fb25add0463';
    const deleted = await client.request(`${collection}objects/${id}/`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const gone = await client.request(`${collection}objects/${id}/`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { http_status: string }).http_status).toBe('404');
  });

  it('answers 406 to an Accept it cannot serve and 415 to a body in another media type (section 1.6.8)', async () => {
    const notAcceptable = await client.request('/taxii2/', { headers: { accept: 'application/xml' } });
    expect(notAcceptable.status).toBe(406);
    const oldVersion = await client.request('/taxii2/', { headers: { accept: 'application/taxii+json;version=2.0' } });
    expect(oldVersion.status).toBe(406);
    const unsupported = await client.request(`${collection}objects/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objects: [] }),
    });
    expect(unsupported.status).toBe(415);
  });
});
