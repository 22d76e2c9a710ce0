import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from '../audit/audit.table.js';
import { notifications } from '../cases/cases.table.js';
import { CvdReminders } from './cvd-reminders.js';
import { CvdRepository } from './cvd.repository.js';
import { CvdService } from './cvd.service.js';
import { cvdCases } from './cvd.table.js';

const C = '/api/v1/cvd/cases';
type Headers = Record<string, string>;
type Who = 'anaA' | 'adminA' | 'viewerA' | 'anaB' | 'vendorV' | 'vendorW' | 'coord' | 'padmin';
/** FIRST's CVSS 3.1 and 4.0 examples with their specification scores. */
const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
const DAY = 86_400_000;

function multipart(filename: string, content: Buffer) {
  const boundary = `----cvd-${randomUUID()}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/html\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe(CvdService.name, { timeout: 120_000 }, () => {
  let hub: TestHub;
  let orgA: string;
  let orgV: string;
  const h = {} as Record<Who, Headers>;
  const ids = {} as Record<Who, string>;
  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: h[who], ...(payload ? { payload } : {}) });

  const intake = async (extra: object = {}) => {
    const res = await call('anaA', 'POST', C, {
      product: 'DVR-4000',
      vendorName: 'Example Vision',
      vendorOrgId: orgV,
      titleEn: 'Command injection in the DVR web UI',
      titleJa: 'DVR の Web UI におけるコマンドインジェクション',
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; ref: string; revision: number; status: string }>();
  };
  const move = (who: Who, id: string, to: string, extra: object = {}) =>
    call(who, 'POST', `${C}/${id}/status`, { to, note: `to ${to}`, ...extra });

  beforeAll(async () => {
    hub = await startTestHub();
    orgA = (await hub.org('cvd-a')).id;
    const orgB = (await hub.org('cvd-b')).id;
    orgV = (await hub.org('cvd-vendor')).id;
    const orgW = (await hub.org('cvd-other-vendor')).id;
    const people: [Who, string, object][] = [
      ['anaA', 'ana@cvd-a.example', { memberships: [{ orgId: orgA, role: 'analyst' }] }],
      ['adminA', 'admin@cvd-a.example', { memberships: [{ orgId: orgA, role: 'org_admin' }] }],
      ['viewerA', 'viewer@cvd-a.example', { memberships: [{ orgId: orgA, role: 'viewer' }] }],
      ['anaB', 'ana@cvd-b.example', { memberships: [{ orgId: orgB, role: 'analyst' }] }],
      ['vendorV', 'psirt@cvd-vendor.example', { memberships: [{ orgId: orgV, role: 'vendor' }] }],
      ['vendorW', 'psirt@cvd-other.example', { memberships: [{ orgId: orgW, role: 'vendor' }] }],
      ['coord', 'coord@cvd-b.example', { memberships: [{ orgId: orgB, role: 'analyst' }] }],
      ['padmin', 'root@cvd.example', { platformAdmin: true }],
    ];
    for (const [who, email, options] of people) {
      ids[who] = await hub.user(email, options);
      h[who] = await hub.signIn(email);
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.dispose();
  });

  it('takes in a case with a ref of the year, both CVSS vectors scored, and audits it', async () => {
    const year = new Date().getUTCFullYear();
    const first = await intake({ cvss31Vector: V31, cvss40Vector: V40, cweId: 'CWE-78', cveId: 'CVE-2022-35733' });
    const second = await intake();
    expect(first.ref).toMatch(new RegExp(`^CYNEX-VU-${year}-\\d{4}$`));
    expect(Number(second.ref.slice(-4))).toBe(Number(first.ref.slice(-4)) + 1);
    const got = (await call('anaA', 'GET', `${C}/${first.id}`)).json();
    expect(got).toMatchObject({
      status: 'received',
      cvss31Vector: V31,
      cvss31Score: 9.8,
      cvss40Vector: V40,
      cvss40Score: 9.3,
      cweId: 'CWE-78',
      cveId: 'CVE-2022-35733',
      nextStatuses: ['triaged', 'closed'],
      permissions: { write: true, assignCoordinators: false },
    });
    expect(got.events).toMatchObject([{ fromStatus: null, toStatus: 'received' }]);
    const audit = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, first.id), eq(auditLog.action, 'cvd.case.created')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.orgId).toBe(orgA);
  });

  it('refuses invalid input with what is wrong', async () => {
    const base = { product: 'P', vendorName: 'V', titleEn: 'T' };
    const bad31 = await call('anaA', 'POST', C, { ...base, cvss31Vector: 'CVSS:3.1/AV:X/AC:L' });
    expect(bad31.statusCode).toBe(400);
    expect(bad31.json().error.fields[0].path).toBe('cvss31Vector');
    expect(bad31.json().error.message).toMatch(/invalid CVSS vector: .+/);
    const bad40 = await call('anaA', 'POST', C, { ...base, cvss40Vector: V31 });
    expect(bad40.statusCode).toBe(400);
    expect(bad40.json().error.fields[0].path).toBe('cvss40Vector');
    for (const [field, value] of [
      ['cveId', 'CVE-22-1'],
      ['cweId', 'CWE79'],
      ['cweId', 'CWE-99999'],
      ['vendorOrgId', randomUUID()],
      ['proof', 'x'.repeat(100 * 1024 + 1)],
      ['embargoUntil', new Date(Date.now() - DAY).toISOString()],
    ] as const) {
      const res = await call('anaA', 'POST', C, { ...base, [field]: value });
      expect(res.statusCode, field).toBe(400);
      expect(JSON.stringify(res.json().error.fields), field).toContain(field);
    }
    const noTitle = await call('anaA', 'POST', C, { product: 'P', vendorName: 'V' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.fields[0].message).toMatch(/title/);
    expect((await call('viewerA', 'POST', C, base)).statusCode).toBe(403);
  });

  it('follows the status machine, refuses illegal moves and publishing by status, and records events', async () => {
    const c = await intake();
    const skip = await move('anaA', c.id, 'fix_available');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error).toMatchObject({ code: 'CVD_TRANSITION_INVALID' });
    expect(skip.json().error.message).toContain('triaged or closed');
    expect((await move('anaA', c.id, 'triaged')).json().status).toBe('triaged');
    expect((await move('anaA', c.id, 'vendor_notified')).json().status).toBe('vendor_notified');
    const publish = await move('anaA', c.id, 'published');
    expect(publish.statusCode).toBe(409);
    expect(publish.json().error.message).toMatch(/advisory/);
    const noReason = await move('anaA', c.id, 'closed');
    expect(noReason.statusCode).toBe(400);
    const closed = await move('anaA', c.id, 'closed', { reason: 'vendor disputes the finding' });
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closedReason: 'vendor disputes the finding',
      nextStatuses: [],
    });
    expect(closed.json().events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'received',
      'triaged',
      'vendor_notified',
      'closed',
    ]);
    expect((await move('anaA', c.id, 'triaged')).statusCode).toBe(409);
    const audit = await hub.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, c.id), eq(auditLog.action, 'cvd.case.status')));
    expect(audit).toHaveLength(3);
  });

  it('publishes through markPublished only once the vendor knows', async () => {
    const c = await intake();
    const padmin = {
      kind: 'user' as const,
      userId: ids.padmin,
      email: 'root@cvd.example',
      displayName: 'root',
      isPlatformAdmin: true,
      memberships: [],
      ip: 'test',
    };
    await expect(hub.services.cvd.markPublished(c.id, padmin)).rejects.toThrow(/cannot be published/);
    await move('anaA', c.id, 'triaged');
    await move('anaA', c.id, 'vendor_notified');
    await move('anaA', c.id, 'fix_available');
    const published = await hub.services.cvd.markPublished(c.id, padmin);
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBeInstanceOf(Date);
    const page = (await call('anaA', 'GET', `${C}/${c.id}`)).json();
    expect(page.events.at(-1)).toMatchObject({ fromStatus: 'fix_available', toStatus: 'published' });
    expect((await call('anaA', 'PATCH', `${C}/${c.id}`, { revision: page.revision, product: 'X' })).statusCode).toBe(
      403,
    );
  });

  it('edits with a revision (409 when stale) and takes only a future embargo', async () => {
    const c = await intake();
    const embargo = new Date(Date.now() + 30 * DAY).toISOString();
    const edited = await call('anaA', 'PATCH', `${C}/${c.id}`, {
      revision: c.revision,
      fixedVersions: '4.1.2',
      embargoUntil: embargo,
      cvss31Vector: V31,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      fixedVersions: '4.1.2',
      embargoUntil: embargo,
      cvss31Score: 9.8,
      revision: c.revision + 1,
    });
    const stale = await call('anaA', 'PATCH', `${C}/${c.id}`, { revision: c.revision, fixedVersions: '5' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CVD_REVISION_STALE');
    const past = await call('anaA', 'PATCH', `${C}/${c.id}`, {
      revision: c.revision + 1,
      embargoUntil: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields[0].message).toMatch(/future/);
  });

  it('shows a case to its reporter organisation, coordinators, admins and, once notified, its vendor only', async () => {
    const c = await intake({ titleEn: 'Visibility probe case' });
    const sees = async (who: Who) => (await call(who, 'GET', `${C}/${c.id}`)).statusCode;
    const listed = async (who: Who) =>
      (await call(who, 'GET', `${C}?q=visibility%20probe`))
        .json()
        .items.map((i: { id: string }) => i.id)
        .includes(c.id);

    expect(await sees('anaA')).toBe(200);
    expect(await sees('viewerA')).toBe(200);
    expect(await sees('padmin')).toBe(200);
    for (const who of ['anaB', 'vendorV', 'vendorW', 'coord'] as const) {
      expect(await sees(who), who).toBe(404);
      expect(await listed(who), who).toBe(false);
      expect((await call(who, 'GET', `${C}/${c.id}/contacts`)).statusCode, who).toBe(404);
      expect((await call(who, 'GET', `${C}/${c.id}/attachments`)).statusCode, who).toBe(404);
    }
    expect(await listed('anaA')).toBe(true);

    // Coordinators: an analyst cannot assign, the org admin only members of A; a platform admin anyone.
    expect((await call('anaA', 'PUT', `${C}/${c.id}/coordinators`, { userIds: [ids.coord] })).statusCode).toBe(403);
    const outsider = await call('adminA', 'PUT', `${C}/${c.id}/coordinators`, { userIds: [ids.coord] });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.fields[0].message).toMatch(/not a member/);
    const assigned = await call('padmin', 'PUT', `${C}/${c.id}/coordinators`, { userIds: [ids.coord] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().coordinators).toMatchObject([{ id: ids.coord }]);
    expect(await sees('coord')).toBe(200);
    expect(await listed('coord')).toBe(true);
    expect(await sees('anaB')).toBe(404);

    // The coordinator moves it on; the vendor sees it from vendor_notified, the other vendor never.
    expect((await move('coord', c.id, 'triaged')).statusCode).toBe(200);
    expect(await sees('vendorV')).toBe(404);
    expect((await move('coord', c.id, 'vendor_notified')).statusCode).toBe(200);
    expect(await sees('vendorV')).toBe(200);
    expect(await listed('vendorV')).toBe(true);
    expect(await sees('vendorW')).toBe(404);
    expect(await listed('vendorW')).toBe(false);

    // The vendor reads status and log, adds inbound replies, but changes nothing else.
    const vendorView = (await call('vendorV', 'GET', `${C}/${c.id}`)).json();
    expect(vendorView).toMatchObject({
      status: 'vendor_notified',
      nextStatuses: [],
      permissions: { write: false, addContact: true },
    });
    expect((await move('vendorV', c.id, 'fix_available')).statusCode).toBe(403);
    expect(
      (await call('vendorV', 'PATCH', `${C}/${c.id}`, { revision: vendorView.revision, cvss31Vector: V31 })).statusCode,
    ).toBe(403);
    await call('anaA', 'POST', `${C}/${c.id}/contacts`, {
      at: new Date().toISOString(),
      direction: 'internal',
      contact: 'team',
      summary: 'internal note: vendor slow',
    });
    const reply = await call('vendorV', 'POST', `${C}/${c.id}/contacts`, {
      at: new Date().toISOString(),
      direction: 'outbound',
      contact: 'psirt@cvd-vendor.example',
      channel: 'email',
      summary: 'We reproduced it; fix in 4.1.2.',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().direction).toBe('inbound');
    const vendorLog = (await call('vendorV', 'GET', `${C}/${c.id}/contacts`)).json().items;
    expect(vendorLog.map((i: { summary: string }) => i.summary)).toEqual(['We reproduced it; fix in 4.1.2.']);
    const fullLog = (await call('anaA', 'GET', `${C}/${c.id}/contacts`)).json().items;
    expect(fullLog).toHaveLength(2);
    const tooLong = await call('anaA', 'POST', `${C}/${c.id}/contacts`, {
      at: new Date().toISOString(),
      direction: 'outbound',
      contact: 'x',
      summary: 'あ'.repeat(4000),
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it('stores attachments with their hash, serves them as downloads and keeps to the limits', async () => {
    const c = await intake();
    const upload = (who: Who, filename: string, content: Buffer) => {
      const body = multipart(filename, content);
      return hub.app.inject({
        method: 'POST',
        url: `${C}/${c.id}/attachments`,
        payload: body.payload,
        headers: { ...h[who], ...body.headers },
      });
    };
    const poc = Buffer.from('<script>alert(1)</script>');
    const first = await upload('anaA', '../../etc/poc<1>.html', poc);
    expect(first.statusCode, first.body).toBe(201);
    const att = first.json<{ id: string; filename: string; size: number; sha256: string }>();
    expect(att.filename).toBe('poc_1_.html');
    expect(att.size).toBe(poc.length);
    expect(att.sha256).toMatch(/^[0-9a-f]{64}$/);
    const got = await call('anaA', 'GET', `${C}/${c.id}/attachments/${att.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(String(got.headers['content-disposition'])).toMatch(/^attachment; filename="poc_1_.html"/);
    expect(got.rawPayload.equals(poc)).toBe(true);
    expect((await call('anaB', 'GET', `${C}/${c.id}/attachments/${att.id}`)).statusCode).toBe(404);
    expect((await call('anaA', 'GET', `${C}/${c.id}/attachments/${randomUUID()}`)).statusCode).toBe(404);

    const big = await upload('anaA', 'big.bin', Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(big.statusCode, big.body).toBe(413);
    const exact = await upload('anaA', 'exact.bin', Buffer.alloc(10 * 1024 * 1024, 2));
    expect(exact.statusCode, exact.body).toBe(201);
    for (let i = 2; i < 20; i++) expect((await upload('anaA', `f${i}.txt`, Buffer.from(`${i}`))).statusCode).toBe(201);
    const full = await upload('anaA', 'one-too-many.txt', Buffer.from('x'));
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('CVD_ATTACHMENTS_FULL');
    expect((await call('anaA', 'GET', `${C}/${c.id}/attachments`)).json().items).toHaveLength(20);
    expect((await upload('viewerA', 'v.txt', Buffer.from('v'))).statusCode).toBe(403);
  });

  it('reminds coordinators and the reporter 14, 7 and 1 day(s) before the embargo ends, each once', async () => {
    const c = await intake({ embargoUntil: new Date(Date.now() + 20 * DAY).toISOString() });
    await call('padmin', 'PUT', `${C}/${c.id}/coordinators`, { userIds: [ids.coord] });
    const closedCase = await intake({ embargoUntil: new Date(Date.now() + 20 * DAY).toISOString() });
    await move('anaA', closedCase.id, 'closed', { reason: 'duplicate' });
    const [row] = await hub.database.db.select().from(cvdCases).where(eq(cvdCases.id, c.id));
    const end = row!.embargoUntil!.getTime();
    let now = new Date(end - 20 * DAY);
    const reminders = new CvdReminders(new CvdRepository(hub.database.db), hub.services.notifications, {
      clock: () => now,
    });
    const sentFor = async () => (await reminders.run()).sent.filter((s) => [c.id, closedCase.id].includes(s.caseId));
    const texts = async (userId: string) =>
      (await hub.database.db.select().from(notifications).where(eq(notifications.userId, userId)))
        .map((n) => n.text)
        .filter((t) => t.startsWith(c.ref));

    expect(await sentFor()).toEqual([]);
    now = new Date(end - 13.5 * DAY);
    expect(await sentFor()).toEqual([{ caseId: c.id, ref: c.ref, day: 14, recipients: 2 }]);
    expect(await sentFor()).toEqual([]);
    now = new Date(end - 6 * DAY);
    expect((await sentFor()).map((s) => s.day)).toEqual([7]);
    now = new Date(end - 5 * DAY);
    expect(await sentFor()).toEqual([]);
    now = new Date(end - 0.5 * DAY);
    expect((await sentFor()).map((s) => s.day)).toEqual([1]);
    expect(await sentFor()).toEqual([]);
    now = new Date(end + DAY);
    expect(await sentFor()).toEqual([]);
    for (const who of ['coord', 'anaA'] as const) {
      const mine = await texts(ids[who]);
      expect(mine, who).toHaveLength(3);
      expect(mine[0]).toContain('embargo ends in');
    }
    // the bell shows them as embargo reminders that open the case
    const bell = await call('coord', 'GET', '/api/v1/notifications');
    const shown = bell.json<{ items: { kind: string; link: string | null; text: string }[] }>().items;
    expect(shown.filter((n) => n.text.startsWith(c.ref)).map((n) => [n.kind, n.link])).toEqual(
      Array.from({ length: 3 }, () => ['cvd', `/cvd/${c.id}`]),
    );
  });
});
