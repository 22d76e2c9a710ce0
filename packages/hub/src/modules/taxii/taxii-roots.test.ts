import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { AuditService } from '../audit/audit.service.js';
import { TaxiiRootsRepository } from './taxii-roots.repository.js';
import { TaxiiRoots } from './taxii-roots.js';
import { INTERRUPTED, TaxiiWriteService } from './taxii-write.service.js';
import { TaxiiWriteRepository } from './taxii-write.repository.js';
import { taxiiStatuses } from './taxii.table.js';

type Headers = Record<string, string>;
const TAXII = 'application/taxii+json;version=2.1';
const NOW = '2026-11-01T00:00:00.000Z';
const uuidFor = (n: number, tag: string) =>
  `${tag}${String(n).padStart(8 - tag.length, '0')}-0000-4000-8000-000000000000`;
const indicator = (n: number, tag: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuidFor(n, tag)}`,
  created: NOW,
  modified: NOW,
  pattern: `[ipv4-addr:value = '203.0.113.${n % 250}']`,
  pattern_type: 'stix',
  valid_from: NOW,
});

interface Collection {
  id: string;
  title: string;
  can_read: boolean;
  can_write: boolean;
}
interface Status {
  id: string;
  status: 'pending' | 'complete';
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  failures: { id: string; message: string }[];
}

describe(TaxiiRoots.name, () => {
  let hub: TestHub;
  let orgA: { id: string; slug: string };
  let orgB: { id: string; slug: string };
  let orgC: { id: string; slug: string };
  const h: Record<'anaA' | 'viewerA' | 'anaB' | 'anaC' | 'padmin', Headers> = {} as never;

  const get = (who: Headers, url: string) => hub.app.inject({ url, headers: { ...who, accept: TAXII } });
  const read = async <T>(who: Headers, url: string) => {
    const response = await get(who, url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json<T>();
  };
  const collections = async (who: Headers, root: string) =>
    (await read<{ collections: Collection[] }>(who, `/taxii2/${root}/collections/`)).collections;
  const collectionOf = async (who: Headers, root: string, title: string) =>
    (await collections(who, root)).find((c) => c.title === title)!;
  const post = (who: Headers, url: string, objects: unknown[]) =>
    hub.app.inject({
      method: 'POST',
      url,
      headers: { ...who, accept: TAXII, 'content-type': TAXII },
      payload: JSON.stringify({ objects }),
    });
  const ids = async (who: Headers, url: string) =>
    ((await read<{ objects?: { id: string }[] }>(who, url)).objects ?? []).map((o) => o.id);

  beforeAll(async () => {
    hub = await startTestHub();
    orgA = await hub.org('roots-a');
    orgB = await hub.org('roots-b');
    orgC = await hub.org('roots-c');
    await hub.user('ana@roots-a.example', { memberships: [{ orgId: orgA.id, role: 'analyst' }] });
    await hub.user('viewer@roots-a.example', { memberships: [{ orgId: orgA.id, role: 'viewer' }] });
    await hub.user('ana@roots-b.example', { memberships: [{ orgId: orgB.id, role: 'analyst' }] });
    await hub.user('ana@roots-c.example', { memberships: [{ orgId: orgC.id, role: 'analyst' }] });
    await hub.user('padmin@roots.example', { platformAdmin: true });
    h.anaA = await hub.signIn('ana@roots-a.example');
    h.viewerA = await hub.signIn('viewer@roots-a.example');
    h.anaB = await hub.signIn('ana@roots-b.example');
    h.anaC = await hub.signIn('ana@roots-c.example');
    h.padmin = await hub.signIn('padmin@roots.example');
    const group = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: h.anaA,
      payload: { name: 'A and B', orgIds: [orgB.id] },
    });
    expect(group.statusCode, group.body).toBe(201);
  });
  afterAll(async () => hub.dispose());

  it("lists the community root and the caller's organisation roots; a platform admin sees every one", async () => {
    const forA = await read<{ api_roots: string[] }>(h.anaA, '/taxii2/');
    expect(forA.api_roots).toEqual(['/taxii2/api/', `/taxii2/${orgA.slug}/`]);
    const forAdmin = await read<{ api_roots: string[] }>(h.padmin, '/taxii2/');
    expect(forAdmin.api_roots).toEqual(
      expect.arrayContaining([
        '/taxii2/api/',
        `/taxii2/${orgA.slug}/`,
        `/taxii2/${orgB.slug}/`,
        `/taxii2/${orgC.slug}/`,
      ]),
    );
    const root = await read<{ title: string; versions: string[] }>(h.anaA, `/taxii2/${orgA.slug}/`);
    expect(root).toMatchObject({ title: `cynex ${orgA.slug} Inc.`, versions: [TAXII] });
  });

  it("answers 404 for another organisation's root, as for one that does not exist", async () => {
    for (const url of [`/taxii2/${orgA.slug}/`, `/taxii2/${orgA.slug}/collections/`, '/taxii2/no-such-org/']) {
      const response = await get(h.anaC, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ http_status: '404' });
    }
    const collection = await collectionOf(h.anaA, orgA.slug, 'Organisation');
    const objects = await get(h.anaC, `/taxii2/${orgA.slug}/collections/${collection.id}/objects/`);
    expect(objects.statusCode).toBe(404);
  });

  it('gives an organisation root one collection per scope and sharing group, with stable ids', async () => {
    const first = await collections(h.anaA, orgA.slug);
    expect(first.map((c) => c.title)).toEqual(['Organisation', 'Sharing group A and B', 'Community']);
    expect(first.every((c) => c.can_read && c.can_write)).toBe(true);
    expect(await collections(h.anaA, orgA.slug)).toEqual(first);
    // A viewer reads but does not write; B's root has the same group with its own collection id.
    expect((await collections(h.viewerA, orgA.slug)).map((c) => c.can_write)).toEqual([false, false, false]);
    const groupOfB = await collectionOf(h.anaB, orgB.slug, 'Sharing group A and B');
    expect(groupOfB.id).not.toBe(first[1]!.id);
    // The community root has the group too, read-only.
    const communityGroup = await collectionOf(h.anaB, 'api', 'Sharing group A and B');
    expect(communityGroup).toMatchObject({ can_write: false });
    expect((await collections(h.anaC, 'api')).map((c) => c.title)).not.toContain('Sharing group A and B');
  });

  it('writes each collection in its own scope: the group collection reaches B, never C', async () => {
    const group = await collectionOf(h.anaA, orgA.slug, 'Sharing group A and B');
    const own = await collectionOf(h.anaA, orgA.slug, 'Organisation');
    const shared = indicator(1, 'a1');
    const kept = indicator(2, 'a1');
    for (const [collection, object] of [
      [group, shared],
      [own, kept],
    ] as const) {
      const response = await post(h.anaA, `/taxii2/${orgA.slug}/collections/${collection.id}/objects/`, [object]);
      expect(response.statusCode, response.body).toBe(202);
      expect(response.json<Status>(), response.body).toMatchObject({ status: 'complete', success_count: 1 });
    }
    const objectsOf = (c: Collection) => `/taxii2/${orgA.slug}/collections/${c.id}/objects/`;
    expect(await ids(h.anaA, objectsOf(group))).toEqual([shared.id]);
    expect(await ids(h.anaA, objectsOf(own))).toEqual([kept.id]);
    const communityGroup = await collectionOf(h.anaB, 'api', 'Sharing group A and B');
    expect(await ids(h.anaB, `/taxii2/api/collections/${communityGroup.id}/objects/`)).toEqual([shared.id]);
    for (const c of await collections(h.anaC, 'api')) {
      const seen = await ids(h.anaC, `/taxii2/api/collections/${c.id}/objects/`);
      expect(seen).not.toContain(shared.id);
      expect(seen).not.toContain(kept.id);
    }
    // A viewer may not write; the community root's group collection is read-only.
    const refused = await post(h.viewerA, objectsOf(own), [indicator(3, 'a1')]);
    expect(refused.statusCode).toBe(403);
    const readOnly = await post(h.anaB, `/taxii2/api/collections/${communityGroup.id}/objects/`, [indicator(4, 'a1')]);
    expect(readOnly.statusCode).toBe(403);
  });

  it('answers a large envelope at once as pending, then completes it with the right counts', async () => {
    const own = await collectionOf(h.anaA, orgA.slug, 'Organisation');
    const objects: unknown[] = Array.from({ length: 1200 }, (_, n) => indicator(n, 'b2'));
    objects[700] = { ...indicator(700, 'b2'), pattern_type: undefined };
    const response = await post(h.anaA, `/taxii2/${orgA.slug}/collections/${own.id}/objects/`, objects);
    expect(response.statusCode, response.body).toBe(202);
    const pending = response.json<Status>();
    expect(pending).toMatchObject({ status: 'pending', total_count: 1200, pending_count: 1200, success_count: 0 });
    let status = pending;
    for (let polls = 0; polls < 200 && status.status === 'pending'; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await read<Status>(h.anaA, `/taxii2/${orgA.slug}/status/${pending.id}/`);
      expect(status.success_count + status.failure_count + status.pending_count).toBe(1200);
    }
    expect(status).toMatchObject({ status: 'complete', success_count: 1199, failure_count: 1, pending_count: 0 });
    expect(status.failures).toEqual([expect.objectContaining({ id: indicator(700, 'b2').id })]);
    // Nobody outside A reads the status.
    expect((await get(h.anaB, `/taxii2/api/status/${pending.id}/`)).statusCode).toBe(404);
  });

  it('closes a status left pending by a hub that stopped, naming the objects to send again', async () => {
    const db = hub.database.db;
    const [row] = await db
      .insert(taxiiStatuses)
      .values({
        ownerOrgId: orgA.id,
        status: 'pending',
        requestTimestamp: new Date(Date.now() - 11 * 60_000),
        totalCount: 3,
        successCount: 1,
        failureCount: 0,
        pendingCount: 2,
        pendings: [0, 1, 2].map((n) => ({ id: indicator(n, 'c3').id, version: NOW })),
      })
      .returning();
    const write = new TaxiiWriteService(
      new TaxiiWriteRepository(db),
      new TaxiiRoots(new TaxiiRootsRepository(db)),
      hub.services.intel,
      new AuditService(db),
    );
    expect(await write.expireStale()).toBeGreaterThanOrEqual(1);
    const status = await read<Status>(h.anaA, `/taxii2/api/status/${row!.id}/`);
    expect(status).toMatchObject({ status: 'complete', success_count: 1, failure_count: 2, pending_count: 0 });
    expect(status.failures).toEqual([
      { id: indicator(1, 'c3').id, version: NOW, message: INTERRUPTED },
      { id: indicator(2, 'c3').id, version: NOW, message: INTERRUPTED },
    ]);
  });

  it("refuses to delete an object derived from a case (403), and deletes imported ones, even another hub's derived", async () => {
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: h.anaA,
      payload: {
        environmentCode: 'DV1',
        startDate: '2026-11-20',
        malwareFamily: 'NanoCore',
        scope: 'organisation',
        marking: 'AMBER',
        summaryEn: 'An operator stole browser credentials.',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const own = await collectionOf(h.anaA, orgA.slug, 'Organisation');
    const objects = `/taxii2/${orgA.slug}/collections/${own.id}/objects/`;
    let incidents: string[] = [];
    for (let polls = 0; polls < 100 && incidents.length === 0; polls++) {
      incidents = await ids(h.anaA, `${objects}?match[type]=incident`);
      if (incidents.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(incidents).toHaveLength(1);
    const remove = (id: string) =>
      hub.app.inject({ method: 'DELETE', url: `${objects}${id}/`, headers: { ...h.anaA, accept: TAXII } });
    const refused = await remove(incidents[0]!);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json<{ description: string }>().description).toMatch(/derived/);
    expect(await ids(h.anaA, `${objects}?match[type]=incident`)).toEqual(incidents);
    expect((await remove(indicator(2, 'a1').id)).statusCode).toBe(200);
    expect(await ids(h.anaA, `${objects}?match[id]=${indicator(2, 'a1').id}`)).toEqual([]);
    // Another hub's derived object, imported here: its x_cynex_source names a case of that hub, not of this one.
    const foreign = { ...indicator(1, 'f9'), x_cynex_source: 'case:00000000-0000-4000-8000-000000000001' };
    const added = await post(h.anaA, objects, [foreign]);
    expect(added.statusCode, added.body).toBe(202);
    expect(await ids(h.anaA, `${objects}?match[id]=${foreign.id}`)).toEqual([foreign.id]);
    const removed = await remove(foreign.id);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await ids(h.anaA, `${objects}?match[id]=${foreign.id}`)).toEqual([]);
  });
});
