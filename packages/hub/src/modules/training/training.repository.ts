import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { users } from '../auth/auth.table.js';
import { memberships, organisations } from '../orgs/orgs.table.js';
import { cohortTeamMembers } from './cohort-activity.table.js';
import {
  assessmentAttempts,
  cohortMembers,
  cohortPageReads,
  cohorts,
  type AssessmentKind,
  type CohortRole,
} from './training.table.js';

export type CohortRow = typeof cohorts.$inferSelect;
export type AttemptRow = typeof assessmentAttempts.$inferSelect;
export interface MemberRow {
  userId: string;
  role: CohortRole;
  displayName: string;
  email: string;
}

/** Every query of cohorts, their members, page reads and assessment attempts. */
export class TrainingRepository {
  constructor(private readonly db: Db) {}

  async orgExists(orgId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
    return row !== undefined;
  }

  async insertCohort(values: typeof cohorts.$inferInsert): Promise<CohortRow> {
    const [row] = await this.db.insert(cohorts).values(values).returning();
    return row!;
  }

  /** The cohort and the user's role in it (undefined: not a member), in one look. */
  async cohortWithRole(
    id: string,
    userId: string,
  ): Promise<{ cohort: CohortRow; role: CohortRole | undefined } | undefined> {
    const [row] = await this.db
      .select({ cohort: cohorts, role: cohortMembers.role })
      .from(cohorts)
      .leftJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohorts.id), eq(cohortMembers.userId, userId)))
      .where(eq(cohorts.id, id));
    return row ? { cohort: row.cohort, role: row.role ?? undefined } : undefined;
  }

  async cohortById(id: string): Promise<CohortRow | undefined> {
    const [row] = await this.db.select().from(cohorts).where(eq(cohorts.id, id));
    return row;
  }

  async cohortsOfOrg(orgId: string): Promise<CohortRow[]> {
    return this.db.select().from(cohorts).where(eq(cohorts.orgId, orgId)).orderBy(cohorts.startsAt, cohorts.name);
  }

  /** The organisation's cohorts the user is a member of. */
  async cohortsOfMember(orgId: string, userId: string): Promise<CohortRow[]> {
    return this.db
      .select({ cohort: cohorts })
      .from(cohorts)
      .innerJoin(cohortMembers, eq(cohortMembers.cohortId, cohorts.id))
      .where(and(eq(cohorts.orgId, orgId), eq(cohortMembers.userId, userId)))
      .orderBy(cohorts.startsAt, cohorts.name)
      .then((rows) => rows.map((r) => r.cohort));
  }

  async orgRoleOf(orgId: string, userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    return row?.role;
  }

  async members(cohortId: string): Promise<MemberRow[]> {
    return this.db
      .select({
        userId: cohortMembers.userId,
        role: cohortMembers.role,
        displayName: users.displayName,
        email: users.email,
      })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(eq(cohortMembers.cohortId, cohortId))
      .orderBy(users.displayName, users.email);
  }

  async memberRole(cohortId: string, userId: string): Promise<CohortRole | undefined> {
    const [row] = await this.db
      .select({ role: cohortMembers.role })
      .from(cohortMembers)
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)));
    return row?.role;
  }

  /** Adds the member, or changes their role; true when they were not a member before. */
  async upsertMember(cohortId: string, userId: string, role: CohortRole): Promise<boolean> {
    const [row] = await this.db
      .insert(cohortMembers)
      .values({ cohortId, userId, role })
      .onConflictDoUpdate({ target: [cohortMembers.cohortId, cohortMembers.userId], set: { role } })
      // (xmax is 0 on a row this statement inserted, not on one it updated)
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    return row?.inserted === true;
  }

  /** Takes the user out of the cohort and out of their team in it (their team's work stays). */
  async deleteMember(cohortId: string, userId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .delete(cohortMembers)
        .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
        .returning({ userId: cohortMembers.userId });
      await tx
        .delete(cohortTeamMembers)
        .where(and(eq(cohortTeamMembers.cohortId, cohortId), eq(cohortTeamMembers.userId, userId)));
      return rows.length > 0;
    });
  }

  async markRead(values: { cohortId: string; userId: string; moduleId: string; pageId: string }): Promise<void> {
    await this.db.insert(cohortPageReads).values(values).onConflictDoNothing();
  }

  /** Pages read in the cohort; `userIds` narrows to those learners. */
  async pageReads(cohortId: string, userIds?: string[]) {
    const inCohort = eq(cohortPageReads.cohortId, cohortId);
    return this.db
      .select({ userId: cohortPageReads.userId, moduleId: cohortPageReads.moduleId, pageId: cohortPageReads.pageId })
      .from(cohortPageReads)
      .where(userIds ? and(inCohort, inArray(cohortPageReads.userId, userIds)) : inCohort);
  }

  /** The attempt, or undefined when the learner already has one of this kind (however many requests race). */
  async insertAttempt(values: typeof assessmentAttempts.$inferInsert): Promise<AttemptRow | undefined> {
    try {
      const [row] = await this.db.insert(assessmentAttempts).values(values).returning();
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Attempts in the cohort; `userId` narrows to one learner, `kind` to one kind. */
  async attempts(cohortId: string, filter: { userId?: string; kind?: AssessmentKind } = {}): Promise<AttemptRow[]> {
    const conditions = [eq(assessmentAttempts.cohortId, cohortId)];
    if (filter.userId) conditions.push(eq(assessmentAttempts.userId, filter.userId));
    if (filter.kind) conditions.push(eq(assessmentAttempts.kind, filter.kind));
    return this.db
      .select()
      .from(assessmentAttempts)
      .where(and(...conditions))
      .orderBy(assessmentAttempts.at);
  }
}
