import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, startTestHub, type TestHub } from '../../../test/harness.js';
import { auditLog } from './audit.table.js';

type Headers = { cookie: string; 'x-csrf-token': string };

interface AuditItem {
  id: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  orgId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The messages of a failed database call, its causes included (drizzle wraps the driver's error). */
async function failureOf(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(' | ');
  }
  return 'no error';
}

describe('audit log', () => {
  let hub: TestHub;
  let adminHeaders: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.user('root@platform.example', { platformAdmin: true });
    adminHeaders = await hub.signIn('root@platform.example');
  });
  afterAll(async () => hub.dispose());

  const audit = async (query: Record<string, string>, headers: Record<string, string> = adminHeaders) => {
    const response = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/audit?${new URLSearchParams({ limit: '500', ...query }).toString()}`,
      headers,
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: AuditItem[]; total: number }>();
  };

  /** An organisation with a signed-in admin and analyst. */
  const team = async (slug: string) => {
    const org = await hub.org(slug);
    const adminId = await hub.user(`admin@${slug}.example`, { memberships: [{ orgId: org.id, role: 'org_admin' }] });
    const analystId = await hub.user(`analyst@${slug}.example`, { memberships: [{ orgId: org.id, role: 'analyst' }] });
    return {
      org,
      adminId,
      analystId,
      admin: await hub.signIn(`admin@${slug}.example`),
      analyst: await hub.signIn(`analyst@${slug}.example`),
    };
  };

  const createCase = async (headers: Headers, extra: Record<string, unknown> = {}) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'AUD', startDate: '2023-03-01', malwareFamily: 'Lokibot', ...extra },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; caseId: string }>();
  };

  describe('what is recorded', () => {
    it('records a sign-in with the user, their address and the time', async () => {
      const userId = await hub.user('signin@audit.example');
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'signin@audit.example', password: TEST_PASSWORD },
        remoteAddress: '192.0.2.10',
      });
      expect(response.statusCode).toBe(200);
      const { items } = await audit({ actor: userId, action: 'auth.sign_in' });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        action: 'auth.sign_in',
        actorId: userId,
        actorLabel: 'signin@audit.example',
        targetType: 'user',
        targetId: userId,
        ip: '192.0.2.10',
      });
      expect(Number.isNaN(new Date(items[0]!.at).getTime())).toBe(false);
    });

    it('records a failed sign-in with the e-mail address tried, and no password', async () => {
      const userId = await hub.user('failing@audit.example');
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'failing@audit.example', password: 'hunter2-is-not-it' },
        remoteAddress: '192.0.2.20',
      });
      expect(response.statusCode).toBe(401);
      const entries = (await audit({ action: 'auth.sign_in_failed' })).items.filter(
        (e) => e.details.email === 'failing@audit.example',
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorId: null, targetId: userId, ip: '192.0.2.20' });
      expect(JSON.stringify(entries[0])).not.toContain('hunter2');
    });

    it('records a membership change with the old and the new role', async () => {
      const { org, analystId, admin, adminId } = await team('audit-members');
      const response = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${org.id}/members/${analystId}`,
        headers: admin,
        payload: { role: 'instructor' },
      });
      expect(response.statusCode).toBe(204);
      const { items } = await audit({ action: 'membership.role_change', actor: adminId });
      expect(items).toEqual([
        expect.objectContaining({
          actorLabel: 'admin@audit-members.example',
          targetType: 'user',
          targetId: analystId,
          orgId: org.id,
          details: { from: 'analyst', to: 'instructor' },
        }),
      ]);
    });

    it('records a change of scope and marking as case.sharing_change with from and to', async () => {
      const { org, analyst, analystId } = await team('audit-sharing');
      const theCase = await createCase(analyst);
      const widened = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${theCase.id}`,
        headers: analyst,
        payload: { scope: 'community', marking: 'GREEN' },
      });
      expect(widened.statusCode).toBe(200);
      const { items } = await audit({ action: 'case.sharing_change', actor: analystId });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        targetType: 'case',
        targetId: theCase.id,
        orgId: org.id,
        details: {
          from: { scope: 'organisation', marking: 'AMBER' },
          to: { scope: 'community', marking: 'GREEN' },
        },
      });
    });

    it('does not record a sharing change when only other fields change', async () => {
      const { analyst, analystId } = await team('audit-nosharing');
      const theCase = await createCase(analyst);
      const edited = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${theCase.id}`,
        headers: analyst,
        payload: { sampleName: 'renamed.exe', scope: 'organisation', marking: 'AMBER' },
      });
      expect(edited.statusCode).toBe(200);
      expect((await audit({ action: 'case.sharing_change', actor: analystId })).items).toEqual([]);
      expect((await audit({ action: 'case.update', actor: analystId })).items).toHaveLength(1);
    });

    it('records exports with their format and the number of cases', async () => {
      const { analyst, analystId } = await team('audit-export');
      await createCase(analyst, { malwareFamily: 'ExportedFamily' });
      await createCase(analyst, { malwareFamily: 'ExportedFamily' });
      const exported = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/cases/export?format=csv&family=ExportedFamily',
        headers: analyst,
      });
      expect(exported.statusCode).toBe(200);
      const { items } = await audit({ action: 'case.export', actor: analystId });
      expect(items).toEqual([
        expect.objectContaining({
          action: 'case.export',
          actorLabel: 'analyst@audit-export.example',
          details: expect.objectContaining({ format: 'csv', count: 2 }),
        }),
      ]);
    });
  });

  describe('GET /audit filters', () => {
    it('filters by actor, given as an e-mail address or a user id', async () => {
      const aliceId = await hub.user('alice@filters.example');
      await hub.user('bob@filters.example');
      await hub.signIn('alice@filters.example');
      await hub.signIn('bob@filters.example');
      const byEmail = await audit({ actor: 'alice@filters.example' });
      expect(byEmail.items.length).toBeGreaterThan(0);
      expect(byEmail.total).toBe(byEmail.items.length);
      for (const item of byEmail.items) expect(item.actorLabel).toBe('alice@filters.example');
      const byId = await audit({ actor: aliceId });
      expect(byId.items.map((i) => i.id)).toEqual(byEmail.items.map((i) => i.id));
    });

    it('filters by action prefix', async () => {
      const { analyst, analystId } = await team('audit-prefix');
      const theCase = await createCase(analyst);
      await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${theCase.id}`,
        headers: analyst,
        payload: { scope: 'community', marking: 'GREEN' },
      });
      const cases = await audit({ actor: analystId, action: 'case.' });
      expect(cases.items.map((i) => i.action).sort()).toEqual(['case.create', 'case.sharing_change', 'case.update']);
      const auth = await audit({ actor: analystId, action: 'auth.' });
      expect(auth.items.map((i) => i.action)).toEqual(['auth.sign_in']);
      expect((await audit({ actor: analystId, action: 'nothing.like.this' })).items).toEqual([]);
    });

    it('filters by time with from and to, newest first', async () => {
      const userId = await hub.user('timeline@filters.example');
      for (let i = 0; i < 3; i += 1) await hub.signIn('timeline@filters.example');
      const all = (await audit({ actor: userId, action: 'auth.sign_in' })).items;
      expect(all).toHaveLength(3);
      const [newest, middle, oldest] = all as [AuditItem, AuditItem, AuditItem];
      expect(new Date(newest.at).getTime()).toBeGreaterThan(new Date(oldest.at).getTime());

      const since = await audit({ actor: userId, from: middle.at });
      expect(since.items.map((i) => i.id)).toEqual([newest.id, middle.id]);
      const justAfterMiddle = new Date(new Date(middle.at).getTime() + 1).toISOString();
      const until = await audit({ actor: userId, to: justAfterMiddle });
      expect(until.items.map((i) => i.id)).toEqual([middle.id, oldest.id]);
      const window = await audit({ actor: userId, from: middle.at, to: justAfterMiddle });
      expect(window.items.map((i) => i.id)).toEqual([middle.id]);
      expect((await audit({ actor: userId, to: '2000-01-01' })).total).toBe(0);
      expect((await audit({ actor: userId, from: '2000-01-01' })).total).toBe(3);
    });

    it('pages with limit and offset and reports the total', async () => {
      const userId = await hub.user('pager@filters.example');
      for (let i = 0; i < 3; i += 1) await hub.signIn('pager@filters.example');
      const firstPage = await audit({ actor: userId, limit: '2', offset: '0' });
      const secondPage = await audit({ actor: userId, limit: '2', offset: '2' });
      expect(firstPage.total).toBe(3);
      expect(secondPage.total).toBe(3);
      expect(firstPage.items).toHaveLength(2);
      expect(secondPage.items).toHaveLength(1);
      expect(new Set([...firstPage.items, ...secondPage.items].map((i) => i.id)).size).toBe(3);
    });

    it('answers an invalid date with 400', async () => {
      const response = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/audit?from=yesterday',
        headers: adminHeaders,
      });
      expect(response.statusCode).toBe(400);
    });
  });

  describe('who may read it', () => {
    it('shows an org admin the entries of their organisation only', async () => {
      const mine = await team('audit-mine');
      const theirs = await team('audit-theirs');
      await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${mine.org.id}/members/${mine.analystId}`,
        headers: mine.admin,
        payload: { role: 'viewer' },
      });
      await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${theirs.org.id}/members/${theirs.analystId}`,
        headers: theirs.admin,
        payload: { role: 'viewer' },
      });
      await createCase(theirs.admin);

      const seen = await audit({}, mine.admin);
      expect(seen.items.length).toBeGreaterThan(0);
      for (const item of seen.items) expect(item.orgId).toBe(mine.org.id);
      expect(seen.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'membership.role_change', targetId: mine.analystId }),
        ]),
      );
      expect(seen.items.map((i) => i.targetId)).not.toContain(theirs.analystId);
      const filteredToOther = await audit({ actor: theirs.adminId }, mine.admin);
      expect(filteredToOther.items).toEqual([]);
      expect(filteredToOther.total).toBe(0);
    });

    it('shows a platform admin entries of every organisation', async () => {
      const a = await team('audit-all-a');
      const b = await team('audit-all-b');
      await createCase(a.analyst);
      await createCase(b.analyst);
      const { items } = await audit({ action: 'case.create' });
      const orgs = new Set(items.map((i) => i.orgId));
      expect(orgs.has(a.org.id)).toBe(true);
      expect(orgs.has(b.org.id)).toBe(true);
    });

    it('refuses analysts with 403 and anonymous callers with 401', async () => {
      const { analyst } = await team('audit-refused');
      const asAnalyst = await hub.app.inject({ method: 'GET', url: '/api/v1/audit', headers: analyst });
      expect(asAnalyst.statusCode).toBe(403);
      expect(asAnalyst.json().error.code).toBe('FORBIDDEN');
      const anonymous = await hub.app.inject({ method: 'GET', url: '/api/v1/audit' });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('append-only storage', () => {
    /** The trigger's refusal; with separate owner and app roles (CI on PostgreSQL) the privilege check comes first. */
    const REFUSED = /append-only|permission denied/;
    it('refuses UPDATE of audit_log rows in the database', async () => {
      const userId = await hub.user('tamper-update@audit.example');
      await hub.signIn('tamper-update@audit.example');
      const [entry] = (await audit({ actor: userId })).items;
      expect(
        await failureOf(
          hub.database.db.execute(sql`update audit_log set action = 'nothing.happened' where id = ${entry!.id}`),
        ),
      ).toMatch(REFUSED);
      expect(
        await failureOf(
          hub.database.db.execute(sql`update audit_log set actor_label = 'someone else' where actor_id = ${userId}`),
        ),
      ).toMatch(REFUSED);
      const after = (await audit({ actor: userId })).items;
      expect(after).toEqual([expect.objectContaining({ id: entry!.id, action: 'auth.sign_in' })]);
      expect(after[0]!.actorLabel).toBe('tamper-update@audit.example');
    });

    it('refuses DELETE of audit_log rows in the database', async () => {
      const userId = await hub.user('tamper-delete@audit.example');
      await hub.signIn('tamper-delete@audit.example');
      const before = await audit({});
      expect(await failureOf(hub.database.db.execute(sql`delete from audit_log where actor_id = ${userId}`))).toMatch(
        REFUSED,
      );
      expect(await failureOf(hub.database.db.execute(sql`delete from audit_log`))).toMatch(REFUSED);
      expect((await audit({ actor: userId })).total).toBe(1);
      expect((await audit({})).total).toBeGreaterThanOrEqual(before.total);
    });

    it('refuses TRUNCATE of audit_log in the database', async () => {
      // A hub of its own: if the table were emptied, no other test should notice.
      const own = await startTestHub();
      try {
        await own.user('truncate@audit.example');
        await own.signIn('truncate@audit.example');
        const rowCount = async () => (await own.database.db.select({ n: count() }).from(auditLog))[0]!;
        const before = (await rowCount()).n;
        expect(before).toBeGreaterThan(0);
        expect(await failureOf(own.database.db.execute(sql`truncate audit_log`))).toMatch(REFUSED);
        expect((await rowCount()).n).toBe(before);
      } finally {
        await own.dispose();
      }
    });
  });
});
