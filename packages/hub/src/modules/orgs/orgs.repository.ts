import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Role } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { authThrottle, users } from '../auth/auth.table.js';
import { memberships, organisations, sharingGroupOrgs, sharingGroups } from './orgs.table.js';

export type OrgRow = typeof organisations.$inferSelect;

/** Every query of organisations, memberships and sharing groups. */
export class OrgsRepository {
  constructor(private readonly db: Db) {}

  async list() {
    return this.db
      .select({
        id: organisations.id,
        slug: organisations.slug,
        nameEn: organisations.nameEn,
        nameJa: organisations.nameJa,
        sector: organisations.sector,
        programmes: organisations.programmes,
        createdAt: organisations.createdAt,
        memberCount: sql<number>`(select count(*)::int from ${memberships} where ${memberships.orgId} = ${organisations.id})`,
      })
      .from(organisations)
      .orderBy(asc(organisations.slug));
  }

  async byId(id: string): Promise<OrgRow | undefined> {
    return (await this.db.select().from(organisations).where(eq(organisations.id, id)))[0];
  }

  async bySlug(slug: string): Promise<OrgRow | undefined> {
    return (await this.db.select().from(organisations).where(eq(organisations.slug, slug)))[0];
  }

  async insert(values: typeof organisations.$inferInsert): Promise<OrgRow> {
    return (await this.db.insert(organisations).values(values).returning())[0]!;
  }

  async update(id: string, values: Partial<typeof organisations.$inferInsert>): Promise<OrgRow | undefined> {
    return (await this.db.update(organisations).set(values).where(eq(organisations.id, id)).returning())[0];
  }

  async members(orgId: string) {
    return this.db
      .select({
        userId: users.id,
        email: users.email,
        displayName: users.displayName,
        role: memberships.role,
        disabled: users.disabled,
        lockedUntil: authThrottle.lockedUntil,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(authThrottle, eq(authThrottle.key, sql`'email:' || ${users.email}`))
      .where(eq(memberships.orgId, orgId))
      .orderBy(asc(users.email));
  }

  async membership(orgId: string, userId: string) {
    return (
      await this.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    )[0];
  }

  /**
   * Changes a role (or, with `null`, removes the member) unless that would leave the organisation without an admin.
   * The admins' rows are locked first, so two admins demoting each other at once cannot both succeed.
   */
  async changeMembership(orgId: string, userId: string, role: Role | null): Promise<'done' | 'last_admin'> {
    return this.db.transaction(async (tx) => {
      const admins = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'org_admin')))
        .for('update');
      const losesAdmin = admins.some((a) => a.userId === userId) && role !== 'org_admin';
      if (losesAdmin && admins.length === 1) return 'last_admin';
      const member = and(eq(memberships.orgId, orgId), eq(memberships.userId, userId));
      if (role === null) await tx.delete(memberships).where(member);
      else await tx.update(memberships).set({ role }).where(member);
      return 'done';
    });
  }

  async users() {
    const rows = await this.db.select().from(users).orderBy(asc(users.email));
    const all = await this.db.select().from(memberships);
    return rows.map(({ passwordHash: _hash, ...user }) => ({
      ...user,
      memberships: all.filter((m) => m.userId === user.id).map((m) => ({ orgId: m.orgId, role: m.role })),
    }));
  }

  async groups(visibleToOrgs: string[] | 'all') {
    const rows =
      visibleToOrgs === 'all'
        ? await this.db.select().from(sharingGroups).orderBy(asc(sharingGroups.name))
        : visibleToOrgs.length === 0
          ? []
          : await this.db
              .select()
              .from(sharingGroups)
              .where(
                or(
                  inArray(sharingGroups.ownerOrgId, visibleToOrgs),
                  inArray(
                    sharingGroups.id,
                    this.db
                      .select({ id: sharingGroupOrgs.groupId })
                      .from(sharingGroupOrgs)
                      .where(inArray(sharingGroupOrgs.orgId, visibleToOrgs)),
                  ),
                ),
              )
              .orderBy(asc(sharingGroups.name));
    if (rows.length === 0) return [];
    const links = await this.db
      .select()
      .from(sharingGroupOrgs)
      .where(
        inArray(
          sharingGroupOrgs.groupId,
          rows.map((g) => g.id),
        ),
      );
    return rows.map((g) => ({ ...g, orgIds: links.filter((l) => l.groupId === g.id).map((l) => l.orgId) }));
  }

  async groupById(id: string) {
    return (await this.groups('all')).find((g) => g.id === id);
  }

  async saveGroup(id: string | undefined, values: { name?: string; ownerOrgId?: string }, orgIds?: string[]) {
    return this.db.transaction(async (tx) => {
      let groupId = id;
      if (!groupId) {
        const row = (
          await tx.insert(sharingGroups).values({ name: values.name!, ownerOrgId: values.ownerOrgId! }).returning()
        )[0]!;
        groupId = row.id;
      } else if (values.name) {
        await tx.update(sharingGroups).set({ name: values.name }).where(eq(sharingGroups.id, groupId));
      }
      if (orgIds) {
        await tx.delete(sharingGroupOrgs).where(eq(sharingGroupOrgs.groupId, groupId));
        if (orgIds.length > 0)
          await tx.insert(sharingGroupOrgs).values(orgIds.map((orgId) => ({ groupId: groupId, orgId })));
      }
      return groupId;
    });
  }

  async deleteGroup(id: string): Promise<void> {
    await this.db.delete(sharingGroups).where(eq(sharingGroups.id, id));
  }

  async existingOrgIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (
      await this.db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids))
    ).map((r) => r.id);
  }
}
