import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Role, Scope, Tlp } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo, type ShareableTable } from '../../platform/policy.js';
import { users } from '../auth/auth.table.js';
import { memberships, sharingGroupOrgs, sharingGroups } from '../orgs/orgs.table.js';

/** The sharing columns of a record as it will be written. */
export interface SharingRow {
  ownerOrgId: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: readonly string[];
  createdBy: string | null;
}

/** The policy's columns, named on the one-row derived table `candidate` below. */
const CANDIDATE: ShareableTable = {
  ownerOrgId: sql`candidate.owner_org_id`,
  scope: sql`candidate.scope`,
  marking: sql`candidate.marking`,
  sharingGroupId: sql`candidate.sharing_group_id`,
  recipientUserIds: sql`candidate.recipient_user_ids`,
  createdBy: sql`candidate.created_by`,
};

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

  /**
   * The people in the list who could NOT read a record with these sharing columns, decided by the one policy
   * function on the record as it would be written (recipients and assignees must be able to read what names them).
   */
  async unableToRead(userIds: readonly string[], row: SharingRow): Promise<string[]> {
    const unable: string[] = [];
    for (const userId of new Set(userIds)) {
      const actor = await this.actorOf(userId);
      if (!actor || !(await this.mayRead(actor, row))) unable.push(userId);
    }
    return unable;
  }

  private async mayRead(actor: Actor, row: SharingRow): Promise<boolean> {
    // Ids are validated uuids; the array is passed as one PostgreSQL array literal.
    const recipients = `{${row.recipientUserIds.join(',')}}`;
    const candidate = sql`(select ${row.ownerOrgId}::uuid as owner_org_id, ${row.scope}::text as scope,
      ${row.marking}::text as marking, ${row.sharingGroupId}::uuid as sharing_group_id,
      ${recipients}::uuid[] as recipient_user_ids, ${row.createdBy}::uuid as created_by) as candidate`;
    const rows = await rowsOf(this.db, sql`select 1 as ok from ${candidate} where ${visibleTo(actor, CANDIDATE)}`);
    return rows.length > 0;
  }

  private async actorOf(userId: string): Promise<Actor | undefined> {
    const user = (await this.db.select().from(users).where(eq(users.id, userId)))[0];
    if (!user || user.disabled) return undefined;
    const rows = await this.db
      .select({ orgId: memberships.orgId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, userId));
    return {
      kind: 'user',
      userId,
      email: user.email,
      displayName: user.displayName,
      isPlatformAdmin: user.isPlatformAdmin,
      memberships: rows.map((m) => ({ orgId: m.orgId, role: m.role as Role })),
      ip: 'internal',
    };
  }
}
