import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { memberships, sharingGroupOrgs, sharingGroups } from '../orgs/orgs.table.js';

/** The few facts about groups and people that sharing checks need. */
export class SharingDirectory {
  constructor(private readonly db: Db) {}

  async groupExists(id: string): Promise<boolean> {
    return (
      (await this.db.select({ id: sharingGroups.id }).from(sharingGroups).where(eq(sharingGroups.id, id))).length > 0
    );
  }

  async groupOrgs(id: string): Promise<string[]> {
    const rows = await this.db
      .select({ orgId: sharingGroupOrgs.orgId })
      .from(sharingGroupOrgs)
      .where(eq(sharingGroupOrgs.groupId, id));
    return rows.map((r) => r.orgId);
  }

  /** The user ids in the list that do not exist or belong to none of the organisations. */
  async usersOutside(userIds: readonly string[], orgIds: readonly string[]): Promise<string[]> {
    const inside = await this.db
      .selectDistinct({ userId: memberships.userId })
      .from(memberships)
      .where(and(inArray(memberships.userId, [...userIds]), inArray(memberships.orgId, [...orgIds])));
    const insideIds = new Set(inside.map((r) => r.userId));
    return userIds.filter((id) => !insideIds.has(id));
  }

  async usersByEmail(emails: readonly string[]) {
    if (emails.length === 0) return [];
    return this.db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [...emails]));
  }
}
