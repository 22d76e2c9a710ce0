import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = Record<string, string>;

const countBy = (values: number[]) =>
  values.reduce<Record<number, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/*
 * Hostile test findings 3, 4, 11 and 14: parallel creations failed with 500 on PostgreSQL (PGlite serialises and hid
 * it), imports past 3,120 rows broke PostgreSQL's bind-parameter limit, case ids told outsiders which hidden cases
 * exist, and a CSV round trip lost a genuine leading apostrophe. The whole suite runs on both databases in CI.
 */
describe('case ids under concurrency and across organisations', () => {
  let hub: TestHub;
  let a: { id: string; headers: Headers };
  let c: { id: string; headers: Headers };

  beforeAll(async () => {
    hub = await startTestHub();
    const team = async (slug: string) => {
      const org = await hub.org(slug);
      await hub.user(`analyst@${slug}.example`, { memberships: [{ orgId: org.id, role: 'analyst' }] });
      return { id: org.id, headers: await hub.signIn(`analyst@${slug}.example`) };
    };
    a = await team('conc-a');
    c = await team('conc-c');
  });
  afterAll(async () => hub.dispose());

  const create = (headers: Headers, extra: Record<string, unknown> = {}) =>
    hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'PAR1', startDate: '2024-02-01', malwareFamily: 'Racer', ...extra },
    });

  it('200 parallel creations with one case id: one 201, the rest 409 CASE_ID_CONFLICT, no 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => create(a.headers, { caseId: '240201_PAR1_777' })),
    );
    const statuses = countBy(responses.map((r) => r.statusCode));
    expect(statuses).toEqual({ 201: 1, 409: 199 });
    for (const r of responses.filter((x) => x.statusCode === 409)) {
      expect(r.json().error.code).toBe('CASE_ID_CONFLICT');
    }
  });

  it('200 parallel auto-numbered creations: 200 × 201 with 200 different ids', async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => create(a.headers, { environmentCode: 'AUTO' })),
    );
    expect(countBy(responses.map((r) => r.statusCode))).toEqual({ 201: 200 });
    const ids = responses.map((r) => r.json().caseId as string);
    expect(new Set(ids).size).toBe(200);
    const serials = ids.map((id) => Number(id.split('_')[2])).sort((x, y) => x - y);
    expect(serials[0]).toBe(1);
    expect(serials.at(-1)).toBe(200);
  });

  it('mixed parallel load (creations with and without ids, updates, reads) never answers 500', async () => {
    const seed = (await create(a.headers, { environmentCode: 'MIX' })).json().id as string;
    const work = Array.from({ length: 120 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return create(a.headers, { environmentCode: 'MIX' });
        case 1:
          return create(a.headers, { environmentCode: 'MIX', caseId: `240201_MIX_${500 + (i % 8)}` });
        case 2:
          return hub.app.inject({
            method: 'PATCH',
            url: `/api/v1/cases/${seed}`,
            headers: a.headers,
            payload: { summaryEn: `edit ${i}` },
          });
        default:
          return hub.app.inject({ method: 'GET', url: '/api/v1/cases?limit=50', headers: a.headers });
      }
    });
    const statuses = (await Promise.all(work)).map((r) => r.statusCode);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => [200, 201, 409].includes(s))).toBe(true);
  });

  it("an outsider's case id is their own: the same id as a hidden case of another organisation is not 'taken'", async () => {
    const hidden = await create(a.headers, { caseId: '240201_SAME_001', marking: 'AMBER+STRICT' });
    expect(hidden.statusCode).toBe(201);
    const outsider = await create(c.headers, { caseId: '240201_SAME_001' });
    expect(outsider.statusCode, outsider.body).toBe(201);
    const csv = 'caseId,environmentCode,startDate,malwareFamily\n240201_SAME_002,SAME,2024-02-01,x\n';
    await create(a.headers, { caseId: '240201_SAME_002', marking: 'AMBER+STRICT' });
    const imported = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import',
      headers: { ...c.headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(201);
  });

  it('auto-numbering counts per organisation: nothing tells an outsider how many cases another one has', async () => {
    for (let i = 0; i < 3; i += 1) await create(a.headers, { environmentCode: 'CNT' });
    const first = await create(c.headers, { environmentCode: 'CNT' });
    expect(first.json().caseId).toBe('240201_CNT_001');
  });
});

describe('CSV import and export at size', () => {
  let hub: TestHub;
  let headers: Headers;
  beforeAll(async () => {
    hub = await startTestHub();
    const org = await hub.org('bulk');
    await hub.user('analyst@bulk.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    headers = await hub.signIn('analyst@bulk.example');
  });
  afterAll(async () => hub.dispose());

  it('imports the documented maximum of 5,000 rows in one all-or-nothing transaction and exports them all', async () => {
    const header = 'caseId,environmentCode,environmentName,startDate,sampleName,malwareFamily,summaryEn,summaryJa';
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const serial = String(i + 1).padStart(4, '0');
      return `240301_BULK_${serial},BULK,bulk import network,2024-03-01,sample-${i}.exe,Family${i % 7},summary ${i},要約 ${i}`;
    });
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: [header, ...rows].join('\n') + '\n',
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
    expect(response.json()).toEqual({ imported: 5000 });
    const exported = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv', headers });
    const records: { caseId: string }[] = parse(exported.body.replace(/^\uFEFF/, ''), { columns: true });
    expect(records).toHaveLength(5000);
    expect(new Set(records.map((r) => r.caseId)).size).toBe(5000);
    const json = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=json', headers });
    expect(json.json().cases).toHaveLength(5000);
    expect(json.json().total).toBe(5000);
  });

  it('keeps a genuine leading apostrophe through an export and re-import', async () => {
    const made = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: {
        caseId: '240302_APO_001',
        environmentCode: 'APO',
        startDate: '2024-03-02',
        malwareFamily: "'quoted",
        summaryEn: "'=not a formula",
        sampleName: '=formula',
      },
    });
    expect(made.statusCode).toBe(201);
    const csv = (await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?q=240302_APO', headers })).body;
    const deleted = await hub.app.inject({ method: 'DELETE', url: `/api/v1/cases/${made.json().id}`, headers });
    expect(deleted.statusCode).toBe(204);
    const reimported = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(reimported.statusCode, reimported.body).toBe(201);
    const back = (await hub.app.inject({ method: 'GET', url: '/api/v1/cases?q=240302_APO', headers })).json().items[0];
    expect(back).toMatchObject({ malwareFamily: "'quoted", summaryEn: "'=not a formula", sampleName: '=formula' });
  });
});
