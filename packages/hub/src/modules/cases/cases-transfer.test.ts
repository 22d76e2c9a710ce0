import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = { cookie: string; 'x-csrf-token': string };

/** The CSV layout of the overview report (export and import). */
const COLUMNS = [
  'caseId',
  'ownerOrg',
  'environmentKind',
  'environmentCode',
  'environmentName',
  'startDate',
  'endDate',
  'sampleName',
  'malwareFamily',
  'progressLevel',
  'status',
  'scope',
  'marking',
  'sharingGroupId',
  'summaryEn',
  'summaryJa',
] as const;
type Column = (typeof COLUMNS)[number];
type CsvRow = Partial<Record<Column, string>>;

interface ListedCase {
  id: string;
  caseId: string;
  malwareFamily: string;
  progressLevel: number;
  status: string;
  startDate: string;
  endDate: string | null;
  sampleName: string;
  summaryEn: string;
  summaryJa: string;
  ownerOrgId: string;
}

interface RowProblem {
  row: number;
  column: string;
  message: string;
}

function toCsv(rows: Record<string, string | undefined>[], columns: readonly string[] = COLUMNS): string {
  const cell = (value = '') => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}

const goodRow = (extra: CsvRow = {}): CsvRow => ({
  environmentKind: 'decoy',
  environmentCode: 'IMP1',
  environmentName: 'decoy office network',
  startDate: '2023-05-01',
  endDate: '2023-05-03',
  sampleName: 'invoice.exe',
  malwareFamily: 'Formbook',
  progressLevel: '3',
  status: 'closed',
  scope: 'organisation',
  marking: 'AMBER',
  summaryEn: 'tried to reach its C2 and failed',
  summaryJa: 'C2 への接続に失敗した',
  ...extra,
});

/** The (row, column) pairs of an import failure, sorted and without duplicates. */
const pairsOf = (rows: RowProblem[]) =>
  [...new Set(rows.map((r) => `${r.row}:${r.column}`))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

describe('cases transfer (export, import, list filters)', () => {
  let hub: TestHub;
  let adminHeaders: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.user('root@platform.example', { platformAdmin: true });
    adminHeaders = await hub.signIn('root@platform.example');
  });
  afterAll(async () => hub.dispose());

  /** An organisation with one signed-in analyst; every case in this file stays organisation-scoped. */
  const team = async (slug: string) => {
    const org = await hub.org(slug);
    await hub.user(`analyst@${slug}.example`, { memberships: [{ orgId: org.id, role: 'analyst' }] });
    return { org, email: `analyst@${slug}.example`, headers: await hub.signIn(`analyst@${slug}.example`) };
  };

  const createCase = async (headers: Headers, extra: Record<string, unknown>) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'EXP1', startDate: '2023-01-01', malwareFamily: 'NanoCore', ...extra },
    });
    expect(response.statusCode).toBe(201);
    return response.json<ListedCase>();
  };

  const list = async (headers: Headers, query = '') => {
    const response = await hub.app.inject({ method: 'GET', url: `/api/v1/cases?${query}`, headers });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: ListedCase[]; total: number; limit: number; offset: number }>();
  };

  const importCsv = (headers: Record<string, string>, body: string, contentType = 'text/csv') =>
    hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import',
      headers: { ...headers, 'content-type': contentType },
      payload: body,
    });

  describe('export', () => {
    it('exports CSV with a UTF-8 BOM, the documented header row and one row per visible case', async () => {
      const { headers, org } = await team('exp-csv');
      const other = await team('exp-csv-other');
      await createCase(headers, {
        environmentCode: 'CSV1',
        malwareFamily: 'Formbook',
        summaryJa: '第 2 段階の検体を取得、"引用" と, カンマ',
      });
      await createCase(headers, { environmentCode: 'CSV1', malwareFamily: 'AgentTesla', endDate: '2023-01-04' });
      await createCase(other.headers, { environmentCode: 'CSV9', malwareFamily: 'SecretFamily' });

      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv', headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="cynex-cases-[\d-]+\.csv"$/);
      expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

      const text = response.rawPayload.toString('utf8').replace(/^\uFEFF/, '');
      const headerLine = text.split(/\r?\n/)[0];
      expect(headerLine).toBe(COLUMNS.join(','));
      const records = parse<Record<string, string>>(text, { columns: true });
      expect(records).toHaveLength(2);
      const formbook = records.find((r) => r.malwareFamily === 'Formbook')!;
      expect(formbook).toMatchObject({
        ownerOrg: org.slug,
        environmentCode: 'CSV1',
        startDate: '2023-01-01',
        endDate: '',
        scope: 'organisation',
        marking: 'AMBER',
        summaryJa: '第 2 段階の検体を取得、"引用" と, カンマ',
      });
      expect(formbook.caseId).toMatch(/^230101_CSV1_\d{3}$/);
      expect(records.find((r) => r.malwareFamily === 'AgentTesla')!.endDate).toBe('2023-01-04');
      expect(text).not.toContain('SecretFamily');
    });

    it('exports JSON listing the visible cases', async () => {
      const { headers } = await team('exp-json');
      const a = await createCase(headers, { environmentCode: 'JSN1', malwareFamily: 'Remcos' });
      const b = await createCase(headers, { environmentCode: 'JSN1', malwareFamily: 'Lokibot' });
      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=json', headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.json"$/);
      const body = response.json<{ exportedAt: string; cases: ListedCase[] }>();
      expect(Number.isNaN(new Date(body.exportedAt).getTime())).toBe(false);
      expect(body.cases.map((c) => c.caseId).sort()).toEqual([a.caseId, b.caseId].sort());
      expect(body.cases.find((c) => c.id === a.id)).toMatchObject({ malwareFamily: 'Remcos', environmentCode: 'JSN1' });
    });

    it('applies the list filters to the export', async () => {
      const { headers } = await team('exp-filter');
      await createCase(headers, { environmentCode: 'FLT1', malwareFamily: 'Emotet', progressLevel: 2 });
      const kept = await createCase(headers, { environmentCode: 'FLT1', malwareFamily: 'Qakbot', progressLevel: 5 });
      const response = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/cases/export?format=csv&family=qakbot',
        headers,
      });
      const records = parse<Record<string, string>>(response.body.replace(/^\uFEFF/, ''), { columns: true });
      expect(records.map((r) => r.caseId)).toEqual([kept.caseId]);
      expect(records[0]!.progressLevel).toBe('5');
    });

    it('records every export in the audit log as case.export', async () => {
      const { headers, email } = await team('exp-audit');
      await createCase(headers, { environmentCode: 'AUD1' });
      await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv', headers });
      await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=json&family=NanoCore', headers });
      const audit = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/audit?action=case.export&actor=${encodeURIComponent(email)}`,
        headers: adminHeaders,
      });
      expect(audit.statusCode).toBe(200);
      const items = audit.json<{ items: { action: string; actorLabel: string; details: Record<string, unknown> }[] }>()
        .items;
      expect(items).toHaveLength(2);
      expect(items.map((i) => i.details.format).sort()).toEqual(['csv', 'json']);
      for (const item of items) {
        expect(item).toMatchObject({ action: 'case.export', actorLabel: email, details: { count: 1 } });
      }
    });

    it('exports only public CLEAR cases to anonymous callers', async () => {
      const { headers } = await team('exp-anon');
      await createCase(headers, { environmentCode: 'ANO1', malwareFamily: 'AnonHidden' });
      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv' });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('AnonHidden');
    });
    it('defuses spreadsheet formulas in exported cells and restores them on import', async () => {
      const { headers } = await team('exp-formula');
      await createCase(headers, {
        environmentCode: 'FML',
        caseId: '230101_FML_001',
        summaryEn: '=HYPERLINK("http://x.example","open")',
        sampleName: '@cmd',
      });
      const csv = (
        await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv&q=230101_FML_001', headers })
      ).body;
      const rows: Record<string, string>[] = parse(csv.replace(/^\uFEFF/, ''), { columns: true });
      expect(rows[0]?.summaryEn).toBe('\'=HYPERLINK("http://x.example","open")');
      expect(rows[0]?.sampleName).toBe("'@cmd");

      const { headers: other } = await team('imp-formula');
      const reimported = toCsv([{ ...rows[0], caseId: '230101_FML_002', ownerOrg: '' }]);
      expect((await importCsv(other, reimported)).statusCode).toBe(201);
      const back = (await list(other, 'q=230101_FML_002')).items[0];
      expect(back?.summaryEn).toBe('=HYPERLINK("http://x.example","open")');
      expect(back?.sampleName).toBe('@cmd');
    });
  });

  describe('list filters, sorting and pagination', () => {
    it('filters by family (any letter case), level and status', async () => {
      const { headers } = await team('lst-filter');
      const emotet = await createCase(headers, {
        environmentCode: 'LF1',
        malwareFamily: 'Emotet',
        progressLevel: 4,
        status: 'closed',
      });
      const emotet2 = await createCase(headers, { environmentCode: 'LF1', malwareFamily: 'Emotet', progressLevel: 6 });
      const qakbot = await createCase(headers, { environmentCode: 'LF1', malwareFamily: 'Qakbot', progressLevel: 4 });

      const byFamily = await list(headers, 'family=EMOTET');
      expect(byFamily.total).toBe(2);
      expect(byFamily.items.map((c) => c.id).sort()).toEqual([emotet.id, emotet2.id].sort());

      const byLevel = await list(headers, 'level=4');
      expect(byLevel.items.map((c) => c.id).sort()).toEqual([emotet.id, qakbot.id].sort());

      const closed = await list(headers, 'status=closed');
      expect(closed.items.map((c) => c.id)).toEqual([emotet.id]);

      const combined = await list(headers, 'family=emotet&level=6&status=observing');
      expect(combined.items.map((c) => c.id)).toEqual([emotet2.id]);
    });

    it('filters by observation period with from and to', async () => {
      const { headers } = await team('lst-period');
      const january = await createCase(headers, {
        environmentCode: 'LP1',
        startDate: '2021-01-01',
        endDate: '2021-01-05',
      });
      const march = await createCase(headers, {
        environmentCode: 'LP1',
        startDate: '2021-03-01',
        endDate: '2021-03-02',
      });
      const june = await createCase(headers, { environmentCode: 'LP1', startDate: '2021-06-01' });

      const ids = async (query: string) => (await list(headers, query)).items.map((c) => c.id).sort();
      expect(await ids('from=2021-02-01')).toEqual([march.id, june.id].sort());
      expect(await ids('to=2021-02-01')).toEqual([january.id]);
      expect(await ids('from=2021-02-01&to=2021-04-01')).toEqual([march.id]);
      expect(await ids('from=2022-01-01')).toEqual([]);
    });

    it('answers an invalid date filter with 400 naming the field', async () => {
      const { headers } = await team('lst-bad-date');
      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?from=last-week', headers });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['querystring.from']);
    });

    it('searches case id, family, sample name and summaries with q, taking % and _ literally', async () => {
      const { headers } = await team('lst-search');
      const bySummary = await createCase(headers, {
        environmentCode: 'LQ1',
        summaryEn: 'operator browsed the zebrafish folder',
      });
      const bySample = await createCase(headers, { environmentCode: 'LQ1', sampleName: 'Zebrafish_dropper.exe' });
      const byJa = await createCase(headers, { environmentCode: 'LQ1', summaryJa: 'メールを閲覧した' });
      await createCase(headers, { environmentCode: 'LQ1', summaryEn: 'nothing to see' });

      const zebra = await list(headers, 'q=ZEBRAFISH');
      expect(zebra.items.map((c) => c.id).sort()).toEqual([bySummary.id, bySample.id].sort());
      expect((await list(headers, `q=${encodeURIComponent('メール')}`)).items.map((c) => c.id)).toEqual([byJa.id]);
      expect((await list(headers, `q=${encodeURIComponent(byJa.caseId)}`)).items.map((c) => c.id)).toEqual([byJa.id]);
      expect((await list(headers, `q=${encodeURIComponent('%')}`)).total).toBe(0);
      expect((await list(headers, 'q=fish_')).items.map((c) => c.id)).toEqual([bySample.id]);
    });

    it('sorts by the requested column in either order', async () => {
      const { headers } = await team('lst-sort');
      const levels = [3, 1, 4, 2];
      const families = ['Delta', 'Alpha', 'Charlie', 'Bravo'];
      for (const [i, level] of levels.entries()) {
        await createCase(headers, {
          environmentCode: 'LS1',
          startDate: `2022-0${i + 1}-10`,
          progressLevel: level,
          malwareFamily: families[i],
        });
      }
      const byLevelAsc = await list(headers, 'sort=progressLevel&order=asc');
      expect(byLevelAsc.items.map((c) => c.progressLevel)).toEqual([1, 2, 3, 4]);
      const byLevelDesc = await list(headers, 'sort=progressLevel&order=desc');
      expect(byLevelDesc.items.map((c) => c.progressLevel)).toEqual([4, 3, 2, 1]);
      const byStart = await list(headers, 'sort=startDate&order=asc');
      expect(byStart.items.map((c) => c.startDate)).toEqual(['2022-01-10', '2022-02-10', '2022-03-10', '2022-04-10']);
      const byDefault = await list(headers);
      expect(byDefault.items.map((c) => c.startDate)).toEqual(['2022-04-10', '2022-03-10', '2022-02-10', '2022-01-10']);
      const byCaseId = await list(headers, 'sort=caseId&order=asc');
      const caseIds = byCaseId.items.map((c) => c.caseId);
      expect(caseIds).toEqual([...caseIds].sort());
      const byFamily = await list(headers, 'sort=malwareFamily&order=asc');
      expect(byFamily.items.map((c) => c.malwareFamily)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
      const byFamilyDesc = await list(headers, 'sort=malwareFamily&order=desc');
      expect(byFamilyDesc.items.map((c) => c.malwareFamily)).toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha']);
    });

    it('sorts malware families alphabetically whatever their letter case', async () => {
      const { headers } = await team('lst-sort-case');
      for (const family of ['njRAT', 'Remcos', 'xworm', 'AgentTesla']) {
        await createCase(headers, { environmentCode: 'LSC1', malwareFamily: family });
      }
      const byFamily = await list(headers, 'sort=malwareFamily&order=asc');
      expect(byFamily.items.map((c) => c.malwareFamily)).toEqual(['AgentTesla', 'njRAT', 'Remcos', 'xworm']);
    });

    it('pages with limit and offset, keeping the total', async () => {
      const { headers } = await team('lst-page');
      for (let day = 1; day <= 5; day += 1) {
        await createCase(headers, { environmentCode: 'LG1', startDate: `2022-07-0${day}` });
      }
      const all = await list(headers, 'sort=startDate&order=asc&limit=50');
      expect(all.total).toBe(5);
      const first = await list(headers, 'sort=startDate&order=asc&limit=2&offset=0');
      const second = await list(headers, 'sort=startDate&order=asc&limit=2&offset=2');
      const third = await list(headers, 'sort=startDate&order=asc&limit=2&offset=4');
      expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
      expect([first.limit, first.offset, second.offset]).toEqual([2, 0, 2]);
      expect([first.items.length, second.items.length, third.items.length]).toEqual([2, 2, 1]);
      expect([...first.items, ...second.items, ...third.items].map((c) => c.id)).toEqual(all.items.map((c) => c.id));
      const beyond = await list(headers, 'limit=2&offset=10');
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(5);
    });

    it('answers a limit above 500 or an unknown sort column with 400', async () => {
      const { headers } = await team('lst-bad-page');
      for (const query of ['limit=501', 'sort=password', 'order=sideways', 'level=9']) {
        const response = await hub.app.inject({ method: 'GET', url: `/api/v1/cases?${query}`, headers });
        expect(response.statusCode, query).toBe(400);
      }
    });
  });

  describe('CSV import', () => {
    it('imports valid rows with 201 {imported: n}; the cases are visible afterwards', async () => {
      const { headers, org } = await team('imp-valid');
      const csv = toCsv([
        goodRow({ caseId: '230501_IMPV_001', ownerOrg: org.slug, malwareFamily: 'Formbook' }),
        goodRow({ environmentCode: 'IMPV', malwareFamily: 'AgentTesla', endDate: '', status: 'observing' }),
        goodRow({
          environmentCode: 'IMPV',
          malwareFamily: 'Lokibot',
          summaryJa: '複数行の\n要約, "引用"付き',
          progressLevel: '',
        }),
      ]);
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ imported: 3 });

      const listed = await list(headers, 'sort=malwareFamily&order=asc');
      expect(listed.total).toBe(3);
      expect(listed.items.map((c) => c.malwareFamily)).toEqual(['AgentTesla', 'Formbook', 'Lokibot']);
      const formbook = listed.items.find((c) => c.malwareFamily === 'Formbook')!;
      expect(formbook).toMatchObject({
        caseId: '230501_IMPV_001',
        ownerOrgId: org.id,
        progressLevel: 3,
        status: 'closed',
        startDate: '2023-05-01',
        endDate: '2023-05-03',
        summaryJa: 'C2 への接続に失敗した',
      });
      const agentTesla = listed.items.find((c) => c.malwareFamily === 'AgentTesla')!;
      expect(agentTesla.caseId).toMatch(/^230501_IMPV_\d{3}$/);
      expect(agentTesla.endDate).toBeNull();
      expect(listed.items.find((c) => c.malwareFamily === 'Lokibot')!.summaryJa).toBe('複数行の\n要約, "引用"付き');
    });

    it('accepts the file with a BOM and only some of the columns', async () => {
      const { headers } = await team('imp-bom');
      const csv =
        '\uFEFF' +
        toCsv(
          [{ environmentCode: 'IMPB', startDate: '2023-06-01', malwareFamily: 'Remcos' }],
          ['environmentCode', 'startDate', 'malwareFamily'],
        );
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ imported: 1 });
      const listed = await list(headers);
      expect(listed.items[0]).toMatchObject({ malwareFamily: 'Remcos', status: 'observing' });
    });

    it('imports its own CSV export back after the cases were deleted', async () => {
      const { headers } = await team('imp-roundtrip');
      const a = await createCase(headers, {
        environmentCode: 'RT1',
        malwareFamily: 'NanoCore',
        summaryJa: '認証情報を窃取、"引用"',
        summaryEn: 'stole passwords, then left',
        progressLevel: 6,
        endDate: '2023-01-09',
      });
      const b = await createCase(headers, { environmentCode: 'RT1', malwareFamily: 'Formbook', status: 'closed' });
      const exported = (await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=csv', headers })).body;
      for (const c of [a, b]) {
        expect((await hub.app.inject({ method: 'DELETE', url: `/api/v1/cases/${c.id}`, headers })).statusCode).toBe(
          204,
        );
      }
      expect((await list(headers)).total).toBe(0);

      const response = await importCsv(headers, exported);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ imported: 2 });
      const back = (await list(headers)).items;
      expect(back.map((c) => c.caseId).sort()).toEqual([a.caseId, b.caseId].sort());
      expect(back.find((c) => c.caseId === a.caseId)).toMatchObject({
        malwareFamily: 'NanoCore',
        summaryJa: '認証情報を窃取、"引用"',
        summaryEn: 'stole passwords, then left',
        progressLevel: 6,
        endDate: '2023-01-09',
      });
      expect(back.find((c) => c.caseId === b.caseId)!.status).toBe('closed');
    });

    it('names the row and column of every broken row and imports nothing', async () => {
      const { headers } = await team('imp-broken');
      const existing = await createCase(headers, { caseId: '230501_BRK_900', environmentCode: 'BRK' });
      const before = (await list(headers)).total;
      const csv = toCsv([
        goodRow({ environmentCode: 'BRK', malwareFamily: 'FineRowOne' }), // 2
        goodRow({ environmentCode: 'BRK', startDate: '01/05/2023' }), // 3
        goodRow({ environmentCode: 'BRK', progressLevel: '9' }), // 4
        goodRow({ environmentCode: 'BRK', marking: 'PURPLE' }), // 5
        goodRow({ environmentCode: 'BRK', scope: 'public', marking: 'GREEN' }), // 6
        goodRow({ environmentCode: 'BRK', caseId: '230501_BRK_101' }), // 7
        goodRow({ environmentCode: 'BRK', caseId: '230501_BRK_101' }), // 8
        goodRow({ environmentCode: 'BRK', caseId: existing.caseId }), // 9
        goodRow({ environmentCode: 'BRK', ownerOrg: 'no-such-org' }), // 10
        goodRow({ environmentCode: 'BRK', malwareFamily: 'FineRowTwo' }), // 11
      ]);
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('IMPORT_FAILED');
      expect(pairsOf(error.rows)).toEqual([
        '3:startDate',
        '4:progressLevel',
        '5:marking',
        '6:scope',
        '8:caseId',
        '9:caseId',
        '10:ownerOrg',
      ]);
      for (const problem of error.rows as RowProblem[]) expect(problem.message.length).toBeGreaterThan(0);

      expect((await list(headers)).total).toBe(before);
      expect((await list(headers, 'q=FineRow')).total).toBe(0);
      expect((await list(headers, `q=${encodeURIComponent('230501_BRK_101')}`)).total).toBe(0);
    });

    it('names every problem of a row that has several', async () => {
      const { headers } = await team('imp-several');
      const existing = await createCase(headers, { caseId: '230501_SEV_900', environmentCode: 'SEV' });
      const before = (await list(headers)).total;
      const csv = toCsv([
        goodRow({ environmentCode: 'SEV', startDate: 'not a date', endDate: '', progressLevel: '0' }), // 2
        goodRow({ environmentCode: 'SEV', startDate: '2023/05/01', endDate: '', scope: 'public', marking: 'GREEN' }), // 3
        goodRow({ environmentCode: 'SEV', progressLevel: '12', caseId: existing.caseId }), // 4
      ]);
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
      expect(pairsOf(response.json().error.rows)).toEqual([
        '2:progressLevel',
        '2:startDate',
        '3:scope',
        '3:startDate',
        '4:caseId',
        '4:progressLevel',
      ]);
      expect((await list(headers)).total).toBe(before);
    });

    it('does not blame a valid end date for an invalid start date', async () => {
      const { headers } = await team('imp-dates');
      const csv = toCsv([goodRow({ environmentCode: 'DAT', startDate: '31.12.2023', endDate: '2024-01-02' })]);
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      expect(pairsOf(response.json().error.rows)).toEqual(['2:startDate']);
    });

    it('names the ownerOrg column when a row is for an organisation the importer may not write for', async () => {
      const { headers } = await team('imp-foreign');
      const foreign = await hub.org('imp-foreign-owner');
      const csv = toCsv([goodRow({ environmentCode: 'FRN', ownerOrg: foreign.slug })]);
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
      expect(pairsOf(response.json().error.rows)).toEqual(['2:ownerOrg']);
      const asAdmin = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/cases?orgId=${foreign.id}`,
        headers: adminHeaders,
      });
      expect(asAdmin.json().total).toBe(0);
    });

    it('names an unknown column on line 1 and imports nothing', async () => {
      const { headers } = await team('imp-column');
      const csv = toCsv([{ ...goodRow({ environmentCode: 'COL' }), colour: 'red' }], [...COLUMNS, 'colour']);
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
      expect(response.json().error.rows).toEqual([expect.objectContaining({ row: 1, column: 'colour' })]);
      expect((await list(headers)).total).toBe(0);
    });

    it('answers malformed CSV (an unbalanced quote) with 400 and imports nothing', async () => {
      const { headers } = await team('imp-malformed');
      const csv = 'environmentCode,startDate,malwareFamily\r\nMAL,2023-05-01,"Formbook\r\nMAL,2023-05-02,Remcos\r\n';
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
      expect((await list(headers)).total).toBe(0);
    });

    it('answers rows with the wrong number of cells with 400 and imports nothing', async () => {
      const { headers } = await team('imp-ragged');
      const csv = 'environmentCode,startDate,malwareFamily\r\nRAG,2023-05-01,Formbook\r\nRAG,2023-05-02\r\n';
      const response = await importCsv(headers, csv);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
      expect((await list(headers)).total).toBe(0);
    });

    it('answers a file with a header and no rows with 400', async () => {
      const { headers } = await team('imp-empty');
      const response = await importCsv(headers, COLUMNS.join(',') + '\r\n');
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('IMPORT_FAILED');
    });

    it('refuses content that is not CSV with 415 and imports nothing', async () => {
      const { headers } = await team('imp-json');
      const asJson = await importCsv(
        headers,
        JSON.stringify({ environmentCode: 'JS1', malwareFamily: 'x' }),
        'application/json',
      );
      expect([400, 415]).toContain(asJson.statusCode);
      expect(asJson.json().error.code).toBe(asJson.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST');
      const asXml = await importCsv(headers, '<cases/>', 'application/xml');
      expect([400, 415]).toContain(asXml.statusCode);
      expect((await list(headers)).total).toBe(0);
    });

    it('refuses imports from anonymous callers with 401', async () => {
      const response = await importCsv({}, toCsv([goodRow({ environmentCode: 'ANON' })]));
      expect(response.statusCode).toBe(401);
    });

    it('refuses imports from viewers with 400 IMPORT_FAILED or 403, importing nothing', async () => {
      const org = await hub.org('imp-viewer');
      await hub.user('viewer@imp-viewer.example', { memberships: [{ orgId: org.id, role: 'viewer' }] });
      const headers = await hub.signIn('viewer@imp-viewer.example');
      const response = await importCsv(headers, toCsv([goodRow({ environmentCode: 'VIEW' })]));
      expect([400, 403]).toContain(response.statusCode);
      expect((await list(headers)).total).toBe(0);
    });
  });

  describe('body limits', () => {
    let small: TestHub;
    let headers: Headers;

    beforeAll(async () => {
      small = await startTestHub({ csvImportLimitBytes: 1000, jsonLimitBytes: 2048 });
      const org = await small.org('limits');
      await small.user('analyst@limits.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
      headers = await small.signIn('analyst@limits.example');
    });
    afterAll(async () => small.dispose());

    const total = async () =>
      (await small.app.inject({ method: 'GET', url: '/api/v1/cases', headers })).json<{ total: number }>().total;

    it('accepts a CSV file under the configured limit', async () => {
      const csv = toCsv([goodRow({ environmentCode: 'LIM1' })]);
      expect(Buffer.byteLength(csv)).toBeLessThan(1000);
      const response = await small.app.inject({
        method: 'POST',
        url: '/api/v1/cases/import',
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(response.statusCode).toBe(201);
    });

    it('answers a CSV file over the configured limit with 413 PAYLOAD_TOO_LARGE and imports nothing', async () => {
      const before = await total();
      const rows = Array.from({ length: 12 }, (_, i) => goodRow({ environmentCode: 'LIM2', sampleName: `big-${i}` }));
      const csv = toCsv(rows);
      expect(Buffer.byteLength(csv)).toBeGreaterThan(1000);
      const response = await small.app.inject({
        method: 'POST',
        url: '/api/v1/cases/import',
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await total()).toBe(before);
    });

    it('answers a JSON body over the configured limit with 413 PAYLOAD_TOO_LARGE', async () => {
      const before = await total();
      const response = await small.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers,
        payload: {
          environmentCode: 'LIM3',
          startDate: '2023-01-01',
          malwareFamily: 'Formbook',
          summaryEn: 'x'.repeat(4000),
        },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await total()).toBe(before);
    });
  });
});
