import { and, count, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { memberships } from '../orgs/orgs.table.js';
import { cohortAnnouncements, cohortMeetings } from './cohort-activity.table.js';
import {
  assessmentAttempts,
  cohortMembers,
  cohortPageReads,
  cohortQuizResults,
  type CohortRole,
} from './training.table.js';

export type MeetingRow = typeof cohortMeetings.$inferSelect;
export type AnnouncementRow = typeof cohortAnnouncements.$inferSelect & { authorName: string | null };

/** A learner's work in a cohort, as counted for the instructors. */
export interface LearnerActivityRow {
  userId: string;
  displayName: string;
  email: string;
  pagesRead: number;
  lastPageReadAt: Date | null;
  assessmentsTaken: number;
  lastAssessmentAt: Date | null;
  quizAttempts: number;
  lastQuizAt: Date | null;
}

/** Queries of a cohort's meetings, announcements, members by e-mail and learners' activity. */
export class CohortActivityRepository {
  constructor(private readonly db: Db) {}

  async meetings(cohortId: string): Promise<MeetingRow[]> {
    return this.db
      .select()
      .from(cohortMeetings)
      .where(eq(cohortMeetings.cohortId, cohortId))
      .orderBy(desc(cohortMeetings.at), desc(cohortMeetings.createdAt));
  }

  async meeting(cohortId: string, meetingId: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cohortMeetings)
      .where(and(eq(cohortMeetings.cohortId, cohortId), eq(cohortMeetings.id, meetingId)));
    return row;
  }

  async insertMeeting(values: typeof cohortMeetings.$inferInsert): Promise<MeetingRow> {
    const [row] = await this.db.insert(cohortMeetings).values(values).returning();
    return row!;
  }

  async updateMeeting(
    cohortId: string,
    meetingId: string,
    set: Partial<Pick<MeetingRow, 'at' | 'title' | 'notes' | 'actionItems'>>,
  ): Promise<MeetingRow | undefined> {
    const [row] = await this.db
      .update(cohortMeetings)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(cohortMeetings.cohortId, cohortId), eq(cohortMeetings.id, meetingId)))
      .returning();
    return row;
  }

  /**
   * Sets one action item's `done` in place (jsonb_set), so that two owners ticking their items at the same time
   * do not overwrite each other's; undefined when the meeting has no such item.
   */
  async setItemDone(cohortId: string, meetingId: string, index: number, done: boolean) {
    const [row] = await this.db
      .update(cohortMeetings)
      .set({
        actionItems: sql`jsonb_set(${cohortMeetings.actionItems}, ${`{${index},done}`}::text[], ${JSON.stringify(done)}::jsonb)`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(cohortMeetings.cohortId, cohortId),
          eq(cohortMeetings.id, meetingId),
          sql`jsonb_array_length(${cohortMeetings.actionItems}) > ${index}`,
        ),
      )
      .returning();
    return row;
  }

  async deleteMeeting(cohortId: string, meetingId: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db
      .delete(cohortMeetings)
      .where(and(eq(cohortMeetings.cohortId, cohortId), eq(cohortMeetings.id, meetingId)))
      .returning();
    return row;
  }

  /** Pinned first, then newest first. */
  async announcements(cohortId: string, page: { limit: number; offset: number }) {
    const where = eq(cohortAnnouncements.cohortId, cohortId);
    const [items, [total]] = await Promise.all([
      this.db
        .select({ announcement: cohortAnnouncements, authorName: users.displayName })
        .from(cohortAnnouncements)
        .leftJoin(users, eq(users.id, cohortAnnouncements.createdBy))
        .where(where)
        .orderBy(desc(cohortAnnouncements.pinned), desc(cohortAnnouncements.createdAt), desc(cohortAnnouncements.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: count() }).from(cohortAnnouncements).where(where),
    ]);
    return {
      items: items.map((r): AnnouncementRow => ({ ...r.announcement, authorName: r.authorName })),
      total: Number(total?.n ?? 0),
    };
  }

  async insertAnnouncement(values: typeof cohortAnnouncements.$inferInsert) {
    const [row] = await this.db.insert(cohortAnnouncements).values(values).returning();
    return row!;
  }

  async deleteAnnouncement(cohortId: string, announcementId: string) {
    const [row] = await this.db
      .delete(cohortAnnouncements)
      .where(and(eq(cohortAnnouncements.cohortId, cohortId), eq(cohortAnnouncements.id, announcementId)))
      .returning();
    return row;
  }

  /** The users of these (lower-case) addresses who are members of the organisation; others are left out. */
  async orgUsersByEmail(orgId: string, emails: string[]): Promise<{ userId: string; email: string }[]> {
    if (emails.length === 0) return [];
    return this.db
      .select({ userId: users.id, email: users.email })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, orgId)))
      .where(inArray(users.email, emails));
  }

  /** The members' roles, by user id. */
  async memberRoles(cohortId: string): Promise<Map<string, CohortRole>> {
    const rows = await this.db
      .select({ userId: cohortMembers.userId, role: cohortMembers.role })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, cohortId));
    return new Map(rows.map((r) => [r.userId, r.role]));
  }

  /** Adds the member unless they are one already (whatever their role); true when added. */
  async insertMemberIfAbsent(cohortId: string, userId: string, role: CohortRole): Promise<boolean> {
    const rows = await this.db
      .insert(cohortMembers)
      .values({ cohortId, userId, role })
      .onConflictDoNothing()
      .returning({ userId: cohortMembers.userId });
    return rows.length > 0;
  }

  /** Every learner of the cohort with their counts and latest times, in one round of grouped queries. */
  async learnerActivity(cohortId: string): Promise<LearnerActivityRow[]> {
    const reads = this.db
      .select({
        userId: cohortPageReads.userId,
        n: count().as('reads_n'),
        last: max(cohortPageReads.at).as('reads_last'),
      })
      .from(cohortPageReads)
      .where(eq(cohortPageReads.cohortId, cohortId))
      .groupBy(cohortPageReads.userId)
      .as('reads');
    const attempts = this.db
      .select({
        userId: assessmentAttempts.userId,
        n: count().as('attempts_n'),
        last: max(assessmentAttempts.at).as('attempts_last'),
      })
      .from(assessmentAttempts)
      .where(eq(assessmentAttempts.cohortId, cohortId))
      .groupBy(assessmentAttempts.userId)
      .as('attempts');
    const quizzes = this.db
      .select({
        userId: cohortQuizResults.userId,
        n: sql<number>`sum(${cohortQuizResults.attempts})`.as('quiz_n'),
        last: max(cohortQuizResults.at).as('quiz_last'),
      })
      .from(cohortQuizResults)
      .where(eq(cohortQuizResults.cohortId, cohortId))
      .groupBy(cohortQuizResults.userId)
      .as('quizzes');
    const rows = await this.db
      .select({
        userId: cohortMembers.userId,
        displayName: users.displayName,
        email: users.email,
        pagesRead: reads.n,
        lastPageReadAt: reads.last,
        assessmentsTaken: attempts.n,
        lastAssessmentAt: attempts.last,
        quizAttempts: quizzes.n,
        lastQuizAt: quizzes.last,
      })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .leftJoin(reads, eq(reads.userId, cohortMembers.userId))
      .leftJoin(attempts, eq(attempts.userId, cohortMembers.userId))
      .leftJoin(quizzes, eq(quizzes.userId, cohortMembers.userId))
      .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.role, 'learner')))
      .orderBy(users.displayName, users.email);
    const at = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));
    return rows.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      email: r.email,
      pagesRead: Number(r.pagesRead ?? 0),
      lastPageReadAt: at(r.lastPageReadAt),
      assessmentsTaken: Number(r.assessmentsTaken ?? 0),
      lastAssessmentAt: at(r.lastAssessmentAt),
      quizAttempts: Number(r.quizAttempts ?? 0),
      lastQuizAt: at(r.lastQuizAt),
    }));
  }
}
