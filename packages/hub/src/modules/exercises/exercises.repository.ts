import { and, count, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';
import { exerciseAttempts } from './exercises.table.js';

export type ExerciseAttemptRow = typeof exerciseAttempts.$inferSelect;

/** Attempts kept per learner and exercise in the learner's own list (all are kept for instructors). */
const MY_ATTEMPTS_SHOWN = 50;

export class ExercisesRepository {
  constructor(private readonly db: Db) {}

  async orgExists(orgId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
    return row !== undefined;
  }

  async insertAttempt(values: typeof exerciseAttempts.$inferInsert): Promise<ExerciseAttemptRow> {
    const [row] = await this.db.insert(exerciseAttempts).values(values).returning();
    return row!;
  }

  async attemptsSince(userId: string, exerciseId: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(exerciseAttempts)
      .where(
        and(
          eq(exerciseAttempts.userId, userId),
          eq(exerciseAttempts.exerciseId, exerciseId),
          gte(exerciseAttempts.at, since),
        ),
      );
    return row?.n ?? 0;
  }

  /** The learner's attempts, newest first; `exerciseId` narrows to one exercise. */
  async attemptsOf(userId: string, exerciseId?: string): Promise<ExerciseAttemptRow[]> {
    const mine = eq(exerciseAttempts.userId, userId);
    return this.db
      .select()
      .from(exerciseAttempts)
      .where(exerciseId ? and(mine, eq(exerciseAttempts.exerciseId, exerciseId)) : mine)
      .orderBy(desc(exerciseAttempts.at))
      .limit(exerciseId ? MY_ATTEMPTS_SHOWN : 1000);
  }

  /** Every attempt under an organisation, with who made it. */
  async attemptsOfOrg(orgId: string) {
    return this.db
      .select({
        userId: exerciseAttempts.userId,
        email: users.email,
        displayName: users.displayName,
        exerciseId: exerciseAttempts.exerciseId,
        points: exerciseAttempts.points,
        maxPoints: exerciseAttempts.maxPoints,
        grade: exerciseAttempts.grade,
        at: exerciseAttempts.at,
      })
      .from(exerciseAttempts)
      .innerJoin(users, eq(users.id, exerciseAttempts.userId))
      .where(eq(exerciseAttempts.orgId, orgId))
      .orderBy(exerciseAttempts.at);
  }
}
