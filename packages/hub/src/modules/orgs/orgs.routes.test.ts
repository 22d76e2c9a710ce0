import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = { cookie: string; 'x-csrf-token': string };

interface AuditItem {
  action: string;
  actorId: string | null;
  targetId: string | null;
  orgId: string | null;
  details: Record<string, unknown>;
}

describe('orgs routes', () => {
  let hub: TestHub;
  let adminHeaders: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.user('root@platform.example', { platformAdmin: true });
    adminHeaders = await hub.signIn('root@platform.example');
  });
  afterAll(async () => hub.dispose());

  const orgPayload = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    nameEn: `${slug} Research Lab`,
    nameJa: `${slug} 研究所`,
    sector: 'academia',
    programmes: ['A', 'E'],
    ...extra,
  });

  const createCase = async (headers: Headers, extra: Record<string, unknown> = {}) => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'ORG1', startDate: '2023-04-01', malwareFamily: 'AgentTesla', ...extra },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; caseId: string }>();
  };

  /** An organisation with an admin and an analyst, each signed in. */
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

  describe('organisations', () => {
    it('lets a platform admin add an organisation with Japanese and English names, sector and programmes', async () => {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: adminHeaders,
        payload: orgPayload('tohoku-lab'),
      });
      expect(response.statusCode).toBe(201);
      const org = response.json();
      expect(org).toMatchObject({
        slug: 'tohoku-lab',
        nameEn: 'tohoku-lab Research Lab',
        nameJa: 'tohoku-lab 研究所',
        sector: 'academia',
        programmes: ['A', 'E'],
      });
      expect(org.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(new Date(org.createdAt).getTime())).toBe(false);

      const listed = await hub.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: adminHeaders });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: org.id, slug: 'tohoku-lab', memberCount: 0 })]),
      );
    });

    it('answers a slug that is taken with 409 SLUG_CONFLICT', async () => {
      const first = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: adminHeaders,
        payload: orgPayload('twin-lab'),
      });
      expect(first.statusCode).toBe(201);
      const second = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: adminHeaders,
        payload: orgPayload('twin-lab', { nameEn: 'Another Twin' }),
      });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('SLUG_CONFLICT');
    });

    it('answers an unknown sector with 400 naming the field', async () => {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: adminHeaders,
        payload: orgPayload('bad-sector-lab', { sector: 'military' }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['sector']);
    });

    it('answers an invalid slug and an unknown programme with 400 naming both fields', async () => {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/orgs',
        headers: adminHeaders,
        payload: orgPayload('Not A Slug!', { programmes: ['Z'] }),
      });
      expect(response.statusCode).toBe(400);
      const paths = response.json().error.fields.map((f: { path: string }) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['slug', expect.stringMatching(/^programmes/)]));
    });

    it('refuses people who are not platform admins with 403, and anonymous callers with 401', async () => {
      const { admin, analyst } = await team('not-platform');
      for (const headers of [admin, analyst]) {
        const response = await hub.app.inject({
          method: 'POST',
          url: '/api/v1/orgs',
          headers,
          payload: orgPayload('sneaky-lab'),
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
      const anonymous = await hub.app.inject({ method: 'POST', url: '/api/v1/orgs', payload: orgPayload('anon-lab') });
      expect(anonymous.statusCode).toBe(401);
      const listed = await hub.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: adminHeaders });
      expect(listed.json().items.map((o: { slug: string }) => o.slug)).not.toContain('sneaky-lab');
    });

    it('lets an org admin rename their organisation but not another one', async () => {
      const mine = await team('rename-mine');
      const theirs = await team('rename-theirs');
      const renamed = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${mine.org.id}`,
        headers: mine.admin,
        payload: { nameEn: 'Renamed Ltd.' },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json().nameEn).toBe('Renamed Ltd.');
      const refused = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${theirs.org.id}`,
        headers: mine.admin,
        payload: { nameEn: 'Hijacked Ltd.' },
      });
      expect(refused.statusCode).toBe(404);
      const listed = await hub.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: mine.analyst });
      const names = listed.json().items.map((o: { nameEn: string }) => o.nameEn);
      expect(names).toContain('Renamed Ltd.');
      expect(names).not.toContain('Hijacked Ltd.');
    });

    it('lists every user for platform admins only', async () => {
      const { analyst } = await team('users-list');
      const refused = await hub.app.inject({ method: 'GET', url: '/api/v1/users', headers: analyst });
      expect(refused.statusCode).toBe(403);
      const listed = await hub.app.inject({ method: 'GET', url: '/api/v1/users', headers: adminHeaders });
      expect(listed.statusCode).toBe(200);
      const mine = listed.json().items.find((u: { email: string }) => u.email === 'analyst@users-list.example');
      expect(mine).toMatchObject({ isPlatformAdmin: false, disabled: false });
      expect(mine.memberships).toEqual([expect.objectContaining({ role: 'analyst' })]);
      expect(listed.body).not.toContain('passwordHash');
      expect(listed.body).not.toContain('$argon2');
    });
  });

  describe('members', () => {
    it('lets an org admin list the members of their organisation', async () => {
      const { org, adminId, analystId, admin } = await team('members-list');
      const response = await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/members`, headers: admin });
      expect(response.statusCode).toBe(200);
      const items = response.json().items;
      expect(items).toHaveLength(2);
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            userId: adminId,
            email: 'admin@members-list.example',
            role: 'org_admin',
            disabled: false,
            lockedUntil: null,
          }),
          expect.objectContaining({ userId: analystId, email: 'analyst@members-list.example', role: 'analyst' }),
        ]),
      );
      expect(items[0]).toHaveProperty('displayName');
      expect(response.body).not.toContain('$argon2');
    });

    it('refuses the member list to analysts of the organisation and to admins of another organisation with 403', async () => {
      const home = await team('members-private');
      const other = await team('members-nosy');
      for (const headers of [home.analyst, other.admin]) {
        const response = await hub.app.inject({
          method: 'GET',
          url: `/api/v1/orgs/${home.org.id}/members`,
          headers,
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
      const byPlatformAdmin = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${home.org.id}/members`,
        headers: adminHeaders,
      });
      expect(byPlatformAdmin.statusCode).toBe(200);
    });

    it('changes a member’s role, which takes effect at once and is audited as membership.role_change', async () => {
      const { org, analystId, admin, analyst } = await team('members-role');
      const theCase = await createCase(admin, { environmentCode: 'ROLE1' });
      const before = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${theCase.id}`,
        headers: analyst,
        payload: { sampleName: 'edited by the analyst' },
      });
      expect(before.statusCode).toBe(200);

      const changed = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${org.id}/members/${analystId}`,
        headers: admin,
        payload: { role: 'viewer' },
      });
      expect(changed.statusCode).toBe(204);
      const members = await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/members`, headers: admin });
      expect(members.json().items.find((m: { userId: string }) => m.userId === analystId).role).toBe('viewer');

      const me = await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: analyst });
      expect(me.json().user.memberships[0].role).toBe('viewer');
      const readable = await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${theCase.id}`, headers: analyst });
      expect(readable.statusCode).toBe(200);
      const after = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/${theCase.id}`,
        headers: analyst,
        payload: { sampleName: 'edited by a viewer' },
      });
      expect(after.statusCode).toBe(403);

      const audit = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=membership.role_change',
        headers: admin,
      });
      expect(audit.statusCode).toBe(200);
      const entries = audit.json<{ items: AuditItem[] }>().items.filter((e) => e.targetId === analystId);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ orgId: org.id, details: { from: 'analyst', to: 'viewer' } });
    });

    it('refuses to make someone a platform admin through an organisation, and role changes by outsiders', async () => {
      const home = await team('members-escalate');
      const other = await team('members-outsider');
      const escalate = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${home.org.id}/members/${home.analystId}`,
        headers: home.admin,
        payload: { role: 'platform_admin' },
      });
      expect(escalate.statusCode).toBe(403);
      const outsider = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${home.org.id}/members/${home.analystId}`,
        headers: other.admin,
        payload: { role: 'org_admin' },
      });
      expect(outsider.statusCode).toBe(403);
      const members = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${home.org.id}/members`,
        headers: home.admin,
      });
      expect(members.json().items.find((m: { userId: string }) => m.userId === home.analystId).role).toBe('analyst');
    });

    it('answers an unknown role with 400 and a non-member with 404 USER_NOT_FOUND', async () => {
      const home = await team('members-unknown');
      const other = await team('members-unknown-other');
      const badRole = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${home.org.id}/members/${home.analystId}`,
        headers: home.admin,
        payload: { role: 'overlord' },
      });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().error.fields[0].path).toBe('role');
      const notMember = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${home.org.id}/members/${other.analystId}`,
        headers: home.admin,
        payload: { role: 'viewer' },
      });
      expect(notMember.statusCode).toBe(404);
      expect(notMember.json().error.code).toBe('USER_NOT_FOUND');
    });

    it('removes a member, who then loses access to the organisation’s cases at once', async () => {
      const { org, analystId, admin, analyst } = await team('members-remove');
      const theCase = await createCase(admin, { environmentCode: 'REM1' });
      expect(
        (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${theCase.id}`, headers: analyst })).statusCode,
      ).toBe(200);

      const removed = await hub.app.inject({
        method: 'DELETE',
        url: `/api/v1/orgs/${org.id}/members/${analystId}`,
        headers: admin,
      });
      expect(removed.statusCode).toBe(204);

      const members = await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/members`, headers: admin });
      expect(members.json().items.map((m: { userId: string }) => m.userId)).not.toContain(analystId);
      const detail = await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${theCase.id}`, headers: analyst });
      expect(detail.statusCode).toBe(404);
      expect(detail.json().error.code).toBe('CASE_NOT_FOUND');
      const list = await hub.app.inject({ method: 'GET', url: '/api/v1/cases', headers: analyst });
      expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(theCase.id);

      const audit = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=membership.remove',
        headers: admin,
      });
      expect(audit.json().items).toEqual([expect.objectContaining({ targetId: analystId, orgId: org.id })]);
    });

    it('does not let an admin of another organisation remove members', async () => {
      const home = await team('members-keep');
      const other = await team('members-remover');
      const response = await hub.app.inject({
        method: 'DELETE',
        url: `/api/v1/orgs/${home.org.id}/members/${home.analystId}`,
        headers: other.admin,
      });
      expect(response.statusCode).toBe(403);
      const members = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${home.org.id}/members`,
        headers: home.admin,
      });
      expect(members.json().items.map((m: { userId: string }) => m.userId)).toContain(home.analystId);
    });
  });

  describe('sharing groups', () => {
    const groupsOf = async (headers: Headers) => {
      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/sharing-groups', headers });
      expect(response.statusCode).toBe(200);
      return response.json<{ items: { id: string; name: string; ownerOrgId: string; orgIds: string[] }[] }>().items;
    };

    it('creates a group that is listed for its member organisations only', async () => {
      const owner = await team('sg-owner');
      const partner = await team('sg-partner');
      const outsider = await team('sg-outsider');
      const created = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/sharing-groups',
        headers: owner.analyst,
        payload: { name: 'Finance ISAC', orgIds: [partner.org.id] },
      });
      expect(created.statusCode).toBe(201);
      const group = created.json();
      expect(group).toMatchObject({ name: 'Finance ISAC', ownerOrgId: owner.org.id });
      expect([...group.orgIds].sort()).toEqual([owner.org.id, partner.org.id].sort());
      expect(Number.isNaN(new Date(group.createdAt).getTime())).toBe(false);

      expect((await groupsOf(owner.admin)).map((g) => g.id)).toContain(group.id);
      expect((await groupsOf(partner.analyst)).map((g) => g.id)).toContain(group.id);
      expect((await groupsOf(outsider.admin)).map((g) => g.id)).not.toContain(group.id);
      expect((await groupsOf(adminHeaders)).map((g) => g.id)).toContain(group.id);
    });

    it('updates the name and members of a group, changing who sees it', async () => {
      const owner = await team('sgu-owner');
      const leaving = await team('sgu-leaving');
      const joining = await team('sgu-joining');
      const group = (
        await hub.app.inject({
          method: 'POST',
          url: '/api/v1/sharing-groups',
          headers: owner.admin,
          payload: { name: 'Energy circle', orgIds: [leaving.org.id] },
        })
      ).json();

      const updated = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/sharing-groups/${group.id}`,
        headers: owner.admin,
        payload: { name: 'Energy & water circle', orgIds: [joining.org.id] },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json().name).toBe('Energy & water circle');
      expect([...updated.json().orgIds].sort()).toEqual([owner.org.id, joining.org.id].sort());

      expect((await groupsOf(leaving.analyst)).map((g) => g.id)).not.toContain(group.id);
      const seen = (await groupsOf(joining.analyst)).find((g) => g.id === group.id);
      expect(seen?.name).toBe('Energy & water circle');
    });

    it('does not let a member organisation that does not own the group change or delete it', async () => {
      const owner = await team('sgx-owner');
      const partner = await team('sgx-partner');
      const group = (
        await hub.app.inject({
          method: 'POST',
          url: '/api/v1/sharing-groups',
          headers: owner.analyst,
          payload: { name: 'Owned group', orgIds: [partner.org.id] },
        })
      ).json();
      const rename = await hub.app.inject({
        method: 'PATCH',
        url: `/api/v1/sharing-groups/${group.id}`,
        headers: partner.admin,
        payload: { name: 'Taken over' },
      });
      expect(rename.statusCode).toBe(404);
      expect(rename.json().error.code).toBe('GROUP_NOT_FOUND');
      const remove = await hub.app.inject({
        method: 'DELETE',
        url: `/api/v1/sharing-groups/${group.id}`,
        headers: partner.admin,
      });
      expect(remove.statusCode).toBe(404);
      expect((await groupsOf(partner.analyst)).find((g) => g.id === group.id)?.name).toBe('Owned group');
    });

    it('deletes a group, which disappears for every member', async () => {
      const owner = await team('sgd-owner');
      const partner = await team('sgd-partner');
      const group = (
        await hub.app.inject({
          method: 'POST',
          url: '/api/v1/sharing-groups',
          headers: owner.admin,
          payload: { name: 'Short-lived', orgIds: [partner.org.id] },
        })
      ).json();
      const removed = await hub.app.inject({
        method: 'DELETE',
        url: `/api/v1/sharing-groups/${group.id}`,
        headers: owner.admin,
      });
      expect(removed.statusCode).toBe(204);
      expect((await groupsOf(owner.admin)).map((g) => g.id)).not.toContain(group.id);
      expect((await groupsOf(partner.admin)).map((g) => g.id)).not.toContain(group.id);
    });

    it('refuses unknown organisations with 400 naming orgIds, and viewers with 403', async () => {
      const owner = await team('sgv-owner');
      const unknown = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/sharing-groups',
        headers: owner.admin,
        payload: { name: 'Ghost group', orgIds: ['00000000-0000-4000-8000-000000000000'] },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.fields[0].path).toBe('orgIds');

      await hub.user('viewer@sgv-owner.example', { memberships: [{ orgId: owner.org.id, role: 'viewer' }] });
      const viewer = await hub.signIn('viewer@sgv-owner.example');
      const refused = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/sharing-groups',
        headers: viewer,
        payload: { name: 'Viewer group', orgIds: [] },
      });
      expect(refused.statusCode).toBe(403);
      const names = (await groupsOf(owner.admin)).map((g) => g.name);
      expect(names).not.toContain('Ghost group');
      expect(names).not.toContain('Viewer group');
    });
  });
});
