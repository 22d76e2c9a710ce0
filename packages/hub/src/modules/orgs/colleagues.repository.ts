import { and, countDistinct, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { memberships, organisations, sharingGroupOrgs } from './orgs.table.js';

export interface ColleagueOrg {
  id: string;
  nameEn: string;
  nameJa: string;
}

export interface Colleague {
  id: string;
  displayName: string;
  email: string;
  /** The organisations, among those searched, that the person belongs to. */
  orgs: ColleagueOrg[];
}

/** The people of a set of organisations, searched by name or e-mail: the colleague picker's one query. */
export class ColleaguesRepository {
  constructor(private readonly db: Db) {}

  async groupOrgs(groupId: string): Promise<string[]> {
    const rows = await this.db
      .select({ orgId: sharingGroupOrgs.orgId })
      .from(sharingGroupOrgs)
      .where(eq(sharingGroupOrgs.groupId, groupId));
    return rows.map((r) => r.orgId);
  }

  async search(
    orgIds: readonly string[],
    query: { q?: string | undefined; limit: number; offset: number },
  ): Promise<{ items: Colleague[]; total: number }> {
    if (orgIds.length === 0) return { items: [], total: 0 };
    const pattern = query.q ? `%${query.q.replace(/[%_\\]/g, '\\$&')}%` : undefined;
    const where = and(
      inArray(memberships.orgId, [...orgIds]),
      eq(users.disabled, false),
      pattern ? or(ilike(users.displayName, pattern), ilike(users.email, pattern)) : undefined,
    );
    const [items, totals] = await Promise.all([
      this.db
        .select({
          id: users.id,
          displayName: users.displayName,
          email: users.email,
          orgs: sql<
            ColleagueOrg[]
          >`json_agg(json_build_object('id', ${organisations.id}, 'nameEn', ${organisations.nameEn},
            'nameJa', ${organisations.nameJa}) order by ${organisations.nameEn})`,
        })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .innerJoin(organisations, eq(organisations.id, memberships.orgId))
        .where(where)
        .groupBy(users.id)
        .orderBy(sql`lower(${users.displayName})`, users.email)
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ n: countDistinct(users.id) })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }
}
