import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { importCowrie } from './cowrie-import.js';

/** The real Cowrie log, beside the checkout like the other shared data; the test fails when it is missing. */
const LOG = fileURLToPath(new URL('../../../../../../shared/data/cowrie/cowrie.json.2020-03-19', import.meta.url));

interface CaseItem {
  id: string;
  caseId: string;
  summaryEn: string;
}

describe(importCowrie.name, () => {
  let hub: TestHub;
  let dir: string;
  let headers: Record<string, string>;
  const depsOf = (h: Pick<TestHub, 'database' | 'services'>) => ({
    db: h.database.db,
    ingest: h.services.decoy.ingest,
    worlds: h.services.decoy.worlds,
    analysis: h.services.decoyAnalysis,
  });

  beforeAll(async () => {
    hub = await startTestHub();
    const org = await hub.org('cowrie-owner');
    await hub.user('ana@cowrie-owner.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    headers = await hub.signIn('ana@cowrie-owner.example');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-cowrie-'));
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('imports the real log into sessions and automatic cases with techniques, and reports bad lines', async () => {
    const text = await fs.readFile(LOG, 'utf8');
    const file = path.join(dir, 'cowrie.json');
    const lines = text.trimEnd().split('\n');
    await fs.writeFile(file, [...lines.slice(0, 10), 'not json', '{"eventid":1}', ...lines.slice(10)].join('\n'));
    const reported: string[] = [];

    const summary = await importCowrie(depsOf(hub), { files: [file], report: (m) => reported.push(m) });

    expect(summary).toMatchObject({
      world: 'cowrie-import',
      lines: 303,
      events: 301,
      duplicates: 0,
      badLines: 2,
      sessions: 68,
    });
    expect(summary.bad.map((b) => `${path.basename(b.file)}:${b.line}`)).toEqual(['cowrie.json:11', 'cowrie.json:12']);
    expect(reported).toContain(`${file}:11: ${summary.bad[0]!.reason}`);
    expect(summary.cases).toBeGreaterThan(0);
    expect(summary.casesCreated).toBe(summary.cases);

    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?q=COWRIE&limit=100', headers });
    const cases = (response.json().items as CaseItem[]).filter((c) => c.caseId.includes('_COWRIE_'));
    expect(cases).toHaveLength(summary.cases);
    const dropper = cases.find((c) => c.summaryEn === 'SSH intrusion from 157.230.123.253 into Cowrie log import')!;
    const detail = (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${dropper.id}`, headers })).json();
    const techniques = (detail.techniques as { id: string }[]).map((t) => t.id);
    expect(techniques).toEqual(expect.arrayContaining(['T1059.004', 'T1070.003', 'T1082', 'T1105']));

    const stats = (
      await hub.app.inject({ method: 'GET', url: '/api/v1/decoy/worlds/cowrie-import/stats', headers })
    ).json();
    expect(stats.sessions).toBe(68);
    expect(stats.topUsernames[0]).toEqual({ value: 'root', count: 10 });
    expect(stats.downloads).toEqual([{ url: 'http://45.148.10.95/dlrdlrdlrdlr00001/d4mnasdasd4mn.x86', count: 5 }]);

    const again = await importCowrie(depsOf(hub), { files: [file] });
    expect([again.events, again.duplicates, again.casesCreated]).toEqual([0, 301, 0]);
  });
});
