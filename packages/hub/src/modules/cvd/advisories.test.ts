import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCsaf, validateStixBundle } from '@cynex/core';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { AdvisoriesService } from './advisories.service.js';

const C = '/api/v1/cvd/cases';
type Headers = Record<string, string>;
type Who = 'anaA' | 'viewerA' | 'anaB' | 'vendorV' | 'padmin';
const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

interface Csaf {
  document: {
    lang: string;
    title: string;
    tracking: { id: string; version: string; revision_history: { number: string }[] };
  };
  vulnerabilities: {
    cve: string;
    scores: { cvss_v3: { baseScore: number } }[];
    notes: { title: string; text: string }[];
  }[];
}

describe(AdvisoriesService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgV: string;
  const h = {} as Record<Who, Headers>;
  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });

  const intake = async (extra: object = {}) => {
    const res = await call('anaA', 'POST', C, {
      product: 'DVR-4000',
      vendorName: 'Example Vision',
      vendorOrgId: orgV,
      titleEn: 'Command injection in the DVR web UI',
      titleJa: 'DVR の Web UI におけるコマンドインジェクション',
      descriptionEn: 'An unauthenticated attacker can run commands.\n\nDetails follow.',
      affectedVersions: '1.0, 1.1\n<= 0.9',
      fixedVersions: '1.2',
      reporterCredit: 'NICT CSRI',
      cweId: 'CWE-78',
      cveId: 'CVE-2022-35733',
      cvss31Vector: V31,
      cvss40Vector: V40,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; ref: string }>();
  };
  const notifyVendor = async (id: string) => {
    for (const to of ['triaged', 'vendor_notified']) {
      const res = await call('anaA', 'POST', `${C}/${id}/status`, { to });
      expect(res.statusCode, res.body).toBe(200);
    }
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const orgA = (await hub.org('adv-a')).id;
    const orgB = (await hub.org('adv-b')).id;
    orgV = (await hub.org('adv-vendor')).id;
    const people: [Who, string, object][] = [
      ['anaA', 'ana@adv-a.example', { memberships: [{ orgId: orgA, role: 'analyst' }] }],
      ['viewerA', 'viewer@adv-a.example', { memberships: [{ orgId: orgA, role: 'viewer' }] }],
      ['anaB', 'ana@adv-b.example', { memberships: [{ orgId: orgB, role: 'analyst' }] }],
      ['vendorV', 'psirt@adv-vendor.example', { memberships: [{ orgId: orgV, role: 'vendor' }] }],
      ['padmin', 'root@adv.example', { platformAdmin: true }],
    ];
    for (const [who, email, options] of people) {
      await hub.user(email, options);
      h[who] = await hub.signIn(email);
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('previews a valid CSAF document and says what blocks publication', async () => {
    const { id, ref } = await intake({ embargoUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    const res = await call('anaA', 'GET', `${C}/${id}/advisory/preview`);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json<{
      trackingId: string;
      version: number;
      lang: string;
      csaf: Csaf;
      validation: { valid: boolean; errors: unknown[] };
      blockers: { code: string }[];
      canPublish: boolean;
    }>();
    expect(preview).toMatchObject({ trackingId: ref, version: 1, lang: 'en', canPublish: true });
    expect(preview.validation).toEqual({ valid: true, errors: [] });
    expect(validateCsaf(preview.csaf).valid).toBe(true);
    expect(preview.csaf.vulnerabilities[0]?.scores[0]?.cvss_v3.baseScore).toBe(9.8);
    expect(preview.csaf.vulnerabilities[0]?.notes.find((n) => n.title === 'CVSS v4.0')?.text).toContain(V40);
    expect(preview.blockers.map((b) => b.code)).toEqual(['STATUS', 'EMBARGO']);

    const ja = (await call('anaA', 'GET', `${C}/${id}/advisory/preview?lang=ja`)).json<{ csaf: Csaf }>();
    expect(ja.csaf.document).toMatchObject({ lang: 'ja', title: 'DVR の Web UI におけるコマンドインジェクション' });

    const published = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, {});
    expect(published.statusCode).toBe(409);
    expect(published.json().error.code).toBe('CVD_TRANSITION_INVALID');
  });

  it('publishes version 1 then 2, with the revision history of both, and marks the case published', async () => {
    const { id, ref } = await intake({ embargoUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    await notifyVendor(id);
    const early = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CVD_EMBARGO_ACTIVE');

    const first = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, {
      embargoOverrideReason: 'Exploited in the wild',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      trackingId: ref,
      version: 1,
      summary: 'Initial release',
      publicUrls: { en: expect.stringMatching(new RegExp(`/p/en/advisories/${ref}$`)) },
    });
    const kase = (await call('anaA', 'GET', `${C}/${id}`)).json<{ status: string }>();
    expect(kase.status).toBe('published');

    const second = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, { summary: 'Fixed version 1.2 released' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ version: 2, summary: 'Fixed version 1.2 released' });

    const versions = (await call('anaA', 'GET', `${C}/${id}/advisories`)).json<{ items: { version: number }[] }>();
    expect(versions.items.map((v) => v.version)).toEqual([1, 2]);

    const csafRes = await call('vendorV', 'GET', `${C}/${id}/advisory.csaf.json`);
    expect(csafRes.statusCode).toBe(200);
    expect(csafRes.headers['content-disposition']).toContain(`${ref.toLowerCase()}.json`);
    const csaf = csafRes.json<Csaf>();
    expect(validateCsaf(csaf)).toEqual({ valid: true, errors: [] });
    expect(csaf.document.tracking.version).toBe('2');
    expect(csaf.document.tracking.revision_history.map((r) => r.number)).toEqual(['1', '2']);

    const stix = (await call('anaA', 'GET', `${C}/${id}/advisory.stix.json`)).json<{ objects: { type: string }[] }>();
    expect(stix.objects.map((o) => o.type)).toEqual(['vulnerability', 'report']);
    expect(validateStixBundle(stix).every((e) => e.problems.length === 0)).toBe(true);

    const audit = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'cvd.advisory.published')));
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => (a.details as { version: number }).version).sort()).toEqual([1, 2]);
  });

  it('refuses an advisory that is not valid CSAF with every problem listed', async () => {
    const { id } = await intake({ affectedVersions: '1.0, 1.1', fixedVersions: '1.1' });
    await notifyVendor(id);
    const preview = (await call('anaA', 'GET', `${C}/${id}/advisory/preview`)).json<{ blockers: { code: string }[] }>();
    expect(preview.blockers.map((b) => b.code)).toEqual(['CSAF']);
    const res = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, {});
    expect(res.statusCode).toBe(400);
    const error = res.json<{ error: { code: string; fields: { path: string; message: string }[] } }>().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      {
        path: '/vulnerabilities/0/product_status/fixed/0',
        message: '[6.1.6] Product ID "CSAFPID-0002" is both affected and fixed',
      },
    ]);
    expect((await call('anaA', 'GET', `${C}/${id}/advisories`)).json()).toEqual({ items: [] });
    expect((await call('anaA', 'GET', `${C}/${id}`)).json()).toMatchObject({ status: 'vendor_notified' });
  });

  it('lets the notified vendor read but not publish, and hides everything from other organisations', async () => {
    const { id } = await intake();
    // Before the vendor is notified it does not see the case, nor its advisory.
    expect((await call('vendorV', 'GET', `${C}/${id}/advisory/preview`)).statusCode).toBe(404);
    await notifyVendor(id);
    const vendorPreview = await call('vendorV', 'GET', `${C}/${id}/advisory/preview`);
    expect(vendorPreview.statusCode).toBe(200);
    expect(vendorPreview.json()).toMatchObject({ canPublish: false });
    const vendorPublish = await call('vendorV', 'POST', `${C}/${id}/advisory/publish`, {});
    expect(vendorPublish.statusCode).toBe(403);
    const viewerPublish = await call('viewerA', 'POST', `${C}/${id}/advisory/publish`, {});
    expect(viewerPublish.statusCode).toBe(403);

    for (const [method, path] of [
      ['GET', 'advisory/preview'],
      ['POST', 'advisory/publish'],
      ['GET', 'advisories'],
      ['GET', 'advisory.csaf.json'],
      ['GET', 'advisory.stix.json'],
    ] as const) {
      const res = await call('anaB', method, `${C}/${id}/${path}`, method === 'POST' ? {} : undefined);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code).toBe('CVD_CASE_NOT_FOUND');
    }
    const none = await call('padmin', 'GET', `${C}/${id}/advisory.csaf.json`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('CVD_ADVISORY_NOT_FOUND');
  });

  it('bounds the publish request', async () => {
    const { id } = await intake();
    const long = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, { summary: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    const unknown = await call('anaA', 'POST', `${C}/${id}/advisory/publish`, { version: 7 });
    expect(unknown.statusCode).toBe(400);
  });
});
