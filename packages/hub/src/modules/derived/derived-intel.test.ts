import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStixObject } from '@cynex/core';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { COLLECTIONS } from '../taxii/taxii.schema.js';
import { PROGRESS_EXTENSION } from './case-intel.js';
import { DerivedIntel } from './derived-intel.service.js';

type Headers = Record<string, string>;
type StixRow = { stixId: string; type: string; tlp: string; label: string | null };

/** A multipart/form-data body with one file. */
function multipart(fields: Record<string, string>, file: { filename: string; content: Buffer }) {
  const boundary = `----cynex-test-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe(DerivedIntel.name, () => {
  let hub: TestHub;
  let analystA: Headers;
  let analystB: Headers;
  let caseId: string;
  const sample = Buffer.from('MZ pretend NanoCore sample');

  beforeAll(async () => {
    hub = await startTestHub();
    const a = await hub.org('derived-a');
    const b = await hub.org('derived-b');
    await hub.user('ana@derived-a.example', { memberships: [{ orgId: a.id, role: 'analyst' }] });
    await hub.user('ana@derived-b.example', { memberships: [{ orgId: b.id, role: 'analyst' }] });
    analystA = await hub.signIn('ana@derived-a.example');
    analystB = await hub.signIn('ana@derived-b.example');

    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: analystA,
      payload: {
        environmentCode: 'DV1',
        startDate: '2026-11-20',
        malwareFamily: 'NanoCore',
        scope: 'community',
        marking: 'GREEN',
        summaryEn: 'An operator browsed mail and stole browser credentials.',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json<{ id: string }>().id;
    for (const payload of [
      {
        occurredAt: '2026-11-20T10:00:00Z',
        category: 'network_connection',
        action: 'Beacon to C2 198.51.100.7:8080 and a download from http://dl.example.net/stage2.exe',
        techniqueIds: ['T1071.001'],
      },
      {
        occurredAt: '2026-11-20T12:00:00Z',
        category: 'network_connection',
        action: 'Beacon to C2 198.51.100.7:8080 again; internal host 10.0.0.5 scanned',
        techniqueIds: ['T1071.001'],
      },
      { occurredAt: '2026-11-20T12:30:00Z', category: 'command', action: 'Ran systeminfo', techniqueIds: ['T1082'] },
    ]) {
      const response = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/behaviours`,
        headers: analystA,
        payload,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const body = multipart({ kind: 'sample' }, { filename: 'invoice.exe', content: sample });
    const uploaded = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/files`,
      headers: { ...analystA, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
  });
  afterAll(async () => hub?.dispose());

  const objects = async (headers: Headers, type?: string) => {
    const response = await hub.app.inject({
      url: `/api/v1/intel/objects?limit=500${type ? `&type=${type}` : ''}`,
      headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: StixRow[] }>().items;
  };
  const blocklist = async (headers: Headers) =>
    (await hub.app.inject({ url: '/api/v1/feeds/blocklist.txt', headers })).body
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
  const taxiiIds = async (headers: Headers) => {
    const response = await hub.app.inject({
      url: `/taxii2/api/collections/${COLLECTIONS.community}/objects/?limit=1000`,
      headers: { ...headers, accept: 'application/taxii+json;version=2.1' },
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json<{ objects?: { id: string }[] }>().objects ?? []).map((o) => o.id);
  };
  const versionsOf = async (headers: Headers, stixId: string) =>
    (await hub.app.inject({ url: `/api/v1/intel/objects/${stixId}`, headers })).json<{
      versions: { object: Record<string, unknown> }[];
    }>().versions;

  it('turns a case into an incident, malware, ATT&CK attack-patterns, indicators and sightings, all valid STIX', async () => {
    const seen = await objects(analystB);
    const types = seen.map((o) => o.type);
    for (const type of ['identity', 'incident', 'malware', 'attack-pattern', 'indicator', 'sighting', 'relationship']) {
      expect(types, type).toContain(type);
    }
    expect(seen.every((o) => o.tlp === 'GREEN')).toBe(true);
    const patterns = seen.filter((o) => o.type === 'attack-pattern').map((o) => o.label);
    expect(patterns.sort()).toEqual(['System Information Discovery', 'Web Protocols']);

    const incident = seen.find((o) => o.type === 'incident')!;
    const [version] = await versionsOf(analystB, incident.stixId);
    expect(version!.object.name).toMatch(/: NanoCore$/);
    expect(
      (version!.object.extensions as Record<string, { progress_level: number }>)[PROGRESS_EXTENSION],
    ).toMatchObject({ progress_level: expect.any(Number) });

    // The C2 address sighted twice, first and last as the behaviours say; the internal address is no indicator.
    const indicators = await objects(analystB, 'indicator');
    expect(indicators.map((o) => o.label).sort()).toEqual(
      ['198.51.100.7', 'http://dl.example.net/stage2.exe', 'invoice.exe'].sort(),
    );
    const sightings = await objects(analystB, 'sighting');
    const bodies = await Promise.all(sightings.map(async (s) => (await versionsOf(analystB, s.stixId))[0]!.object));
    expect(bodies.find((s) => s.count === 2)).toMatchObject({
      first_seen: '2026-11-20T10:00:00.000Z',
      last_seen: '2026-11-20T12:00:00.000Z',
    });
    for (const body of bodies) expect(validateStixObject(body)).toEqual([]);
  });

  it('reaches members through blocklists and TAXII like any other shared intelligence', async () => {
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(sample).digest('hex');
    expect(await blocklist(analystB)).toEqual(
      expect.arrayContaining(['198.51.100.7', 'http://dl.example.net/stage2.exe', sha256]),
    );
    expect(await taxiiIds(analystB)).toEqual(expect.arrayContaining((await objects(analystB)).map((o) => o.stixId)));
  });

  it('follows the case: narrowed to AMBER+STRICT, its objects vanish from every channel for other members', async () => {
    const changed = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}`,
      headers: analystA,
      payload: { scope: 'organisation', marking: 'AMBER+STRICT' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await objects(analystB)).toEqual([]);
    expect(await blocklist(analystB)).not.toContain('198.51.100.7');
    expect(await taxiiIds(analystB)).toEqual([]);
    const own = await objects(analystA);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((o) => o.tlp === 'AMBER+STRICT')).toBe(true);
    expect(await blocklist(analystA)).toContain('198.51.100.7');
  });

  it('drops what a deleted case stood for, and reconcile has nothing left to do', async () => {
    const removed = await hub.app.inject({ method: 'DELETE', url: `/api/v1/cases/${caseId}`, headers: analystA });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await objects(analystA)).toEqual([]);
    expect(await hub.services.derived.reconcile()).toEqual({ refreshed: 0, removed: 0 });
  });
  it('reconcile derives cases changed behind its back and removes what deleted cases left', async () => {
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: analystA,
      payload: { environmentCode: 'DV2', startDate: '2026-11-21', malwareFamily: 'Emotet' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const { cases } = await import('../cases/cases.table.js');
    const { stixObjects } = await import('../intel/intel.table.js');
    const { eq, sql } = await import('drizzle-orm');
    const db = hub.database.db;
    // A path that does not notify: the family changes in the database, and one derived object is lost.
    await db
      .update(cases)
      .set({ malwareFamily: 'QakBot', updatedAt: new Date(Date.now() + 1000) })
      .where(eq(cases.id, id));
    expect(await hub.services.derived.reconcile()).toEqual({ refreshed: 1, removed: 0 });
    const malware = (await objects(analystA, 'malware')).map((o) => o.label);
    expect(malware).toEqual(['QakBot']);
    // Objects whose case is gone (deleted in the database) are dropped.
    await db.delete(cases).where(eq(cases.id, id));
    expect(await hub.services.derived.reconcile()).toEqual({ refreshed: 0, removed: 1 });
    const left = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(stixObjects)
      .where(sql`${stixObjects.object} ->> 'x_cynex_source' = ${`case:${id}`}`);
    expect(left[0]!.n).toBe(0);
  });
});
