import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { organisations } from '../orgs/orgs.table.js';
import { certificates } from './certificates.table.js';
import { assessmentAttempts, cohortQuizResults } from './training.table.js';

export type QuizResultRow = typeof cohortQuizResults.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

/** Module quiz results in cohorts and the certificates issued for them. */
export class CompletionRepository {
  constructor(private readonly db: Db) {}

  /** Counts an attempt and keeps the better of the stored and the new score; returns the stored row. */
  async recordQuiz(values: {
    cohortId: string;
    userId: string;
    moduleId: string;
    score: number;
    maxScore: number;
  }): Promise<QuizResultRow> {
    const { score, ...key } = values;
    const better = sql`excluded.best_score > ${cohortQuizResults.bestScore}`;
    const [row] = await this.db
      .insert(cohortQuizResults)
      .values({ ...key, bestScore: score })
      .onConflictDoUpdate({
        target: [cohortQuizResults.cohortId, cohortQuizResults.userId, cohortQuizResults.moduleId],
        set: {
          bestScore: sql`greatest(${cohortQuizResults.bestScore}, excluded.best_score)`,
          maxScore: sql`excluded.max_score`,
          attempts: sql`${cohortQuizResults.attempts} + 1`,
          at: sql`case when ${better} then now() else ${cohortQuizResults.at} end`,
        },
      })
      .returning();
    return row!;
  }

  async quizResults(cohortId: string, userIds: readonly string[]): Promise<QuizResultRow[]> {
    if (userIds.length === 0) return [];
    return this.db
      .select()
      .from(cohortQuizResults)
      .where(and(eq(cohortQuizResults.cohortId, cohortId), inArray(cohortQuizResults.userId, [...userIds])));
  }

  /** Those of the learners who took the cohort's post-assessment. */
  async postTakers(cohortId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.db
      .select({ userId: assessmentAttempts.userId })
      .from(assessmentAttempts)
      .where(
        and(
          eq(assessmentAttempts.cohortId, cohortId),
          eq(assessmentAttempts.kind, 'post'),
          inArray(assessmentAttempts.userId, [...userIds]),
        ),
      );
    return new Set(rows.map((r) => r.userId));
  }

  async orgNames(orgId: string): Promise<{ nameEn: string; nameJa: string } | undefined> {
    const [row] = await this.db
      .select({ nameEn: organisations.nameEn, nameJa: organisations.nameJa })
      .from(organisations)
      .where(eq(organisations.id, orgId));
    return row;
  }

  /**
   * The certificate, or 'code-taken' when its random code collided with another's (the caller draws again), or
   * 'issued' when the learner already has one in the cohort (however many requests race).
   */
  async insertCertificate(values: typeof certificates.$inferInsert): Promise<CertificateRow | 'code-taken' | 'issued'> {
    try {
      const [row] = await this.db.insert(certificates).values(values).returning();
      return row!;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.certificateOf(values.cohortId, values.userId);
      return existing ? 'issued' : 'code-taken';
    }
  }

  async certificateOf(cohortId: string, userId: string): Promise<CertificateRow | undefined> {
    const [row] = await this.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.cohortId, cohortId), eq(certificates.userId, userId)));
    return row;
  }

  /** The cohort's certificates; `userId` narrows to one learner's. */
  async certificatesOf(cohortId: string, userId?: string): Promise<CertificateRow[]> {
    const inCohort = eq(certificates.cohortId, cohortId);
    return this.db
      .select()
      .from(certificates)
      .where(userId ? and(inCohort, eq(certificates.userId, userId)) : inCohort)
      .orderBy(certificates.issuedAt);
  }

  async certificateById(id: string): Promise<CertificateRow | undefined> {
    const [row] = await this.db.select().from(certificates).where(eq(certificates.id, id));
    return row;
  }

  async certificateByCode(code: string): Promise<CertificateRow | undefined> {
    const [row] = await this.db.select().from(certificates).where(eq(certificates.code, code));
    return row;
  }

  /** Revokes the certificate unless it is revoked already; the row as it is now, or undefined when it was. */
  async revoke(id: string, reason: string): Promise<CertificateRow | undefined> {
    const [row] = await this.db
      .update(certificates)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(eq(certificates.id, id), sql`${certificates.revokedAt} is null`))
      .returning();
    return row;
  }
}
