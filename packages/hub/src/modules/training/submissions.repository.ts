import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { users } from '../auth/auth.table.js';
import {
  cohortTeamMembers,
  cohortTeams,
  submissionComments,
  submissions,
  teamScenarioRuns,
} from './cohort-activity.table.js';
import { assessmentAttempts, type ItemResult } from './training.table.js';

export type TeamRow = typeof cohortTeams.$inferSelect;
export type RunRow = typeof teamScenarioRuns.$inferSelect;
export type SubmissionRow = typeof submissions.$inferSelect;
export interface TeamMemberRow {
  teamId: string;
  userId: string;
  displayName: string;
}
export interface CommentRow {
  id: string;
  authorId: string | null;
  authorName: string | null;
  section: string | null;
  body: string;
  createdAt: Date;
}

/** Why a team could not be saved: its name is taken, or a learner is already in another team. */
export type TeamSaveError = 'NAME_TAKEN' | 'MEMBER_TAKEN';

/** The constraint a driver error names (node-postgres and PGlite put it on the error or its cause). */
function constraintOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth += 1) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function saveError(error: unknown): TeamSaveError {
  if (!isUniqueViolation(error)) throw error;
  return constraintOf(error) === 'cohort_teams_name' ? 'NAME_TAKEN' : 'MEMBER_TAKEN';
}

/** Every query of a cohort's teams, their scenario runs, submissions and comments, and reviews of attempt items. */
export class SubmissionsRepository {
  constructor(private readonly db: Db) {}

  async teams(cohortId: string): Promise<TeamRow[]> {
    return this.db.select().from(cohortTeams).where(eq(cohortTeams.cohortId, cohortId)).orderBy(cohortTeams.name);
  }

  async team(cohortId: string, teamId: string): Promise<TeamRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cohortTeams)
      .where(and(eq(cohortTeams.cohortId, cohortId), eq(cohortTeams.id, teamId)));
    return row;
  }

  async teamMembers(cohortId: string): Promise<TeamMemberRow[]> {
    return this.db
      .select({ teamId: cohortTeamMembers.teamId, userId: cohortTeamMembers.userId, displayName: users.displayName })
      .from(cohortTeamMembers)
      .innerJoin(users, eq(users.id, cohortTeamMembers.userId))
      .where(eq(cohortTeamMembers.cohortId, cohortId))
      .orderBy(users.displayName);
  }

  /** The team of a learner in a cohort, if any. */
  async teamOf(cohortId: string, userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ teamId: cohortTeamMembers.teamId })
      .from(cohortTeamMembers)
      .where(and(eq(cohortTeamMembers.cohortId, cohortId), eq(cohortTeamMembers.userId, userId)));
    return row?.teamId;
  }

  /** Creates the team with its members; the unique constraints settle races (one team per learner, unique names). */
  async insertTeam(cohortId: string, name: string, members: string[]): Promise<TeamRow | TeamSaveError> {
    try {
      return await this.db.transaction(async (tx) => {
        const [team] = await tx.insert(cohortTeams).values({ cohortId, name }).returning();
        await tx.insert(cohortTeamMembers).values(members.map((userId) => ({ teamId: team!.id, cohortId, userId })));
        return team!;
      });
    } catch (error) {
      return saveError(error);
    }
  }

  /** Renames the team and/or replaces its members. */
  async updateTeam(
    team: TeamRow,
    changes: { name?: string | undefined; members?: string[] | undefined },
  ): Promise<TeamRow | TeamSaveError> {
    try {
      return await this.db.transaction(async (tx) => {
        let row = team;
        if (changes.name !== undefined) {
          [row] = (await tx
            .update(cohortTeams)
            .set({ name: changes.name })
            .where(eq(cohortTeams.id, team.id))
            .returning()) as [TeamRow];
        }
        if (changes.members) {
          await tx.delete(cohortTeamMembers).where(eq(cohortTeamMembers.teamId, team.id));
          await tx
            .insert(cohortTeamMembers)
            .values(changes.members.map((userId) => ({ teamId: team.id, cohortId: team.cohortId, userId })));
        }
        return row;
      });
    } catch (error) {
      return saveError(error);
    }
  }

  async deleteTeam(teamId: string): Promise<void> {
    await this.db.delete(cohortTeams).where(eq(cohortTeams.id, teamId));
  }

  async runs(teamIds: string[]): Promise<RunRow[]> {
    if (teamIds.length === 0) return [];
    return this.db
      .select()
      .from(teamScenarioRuns)
      .where(inArray(teamScenarioRuns.teamId, teamIds))
      .orderBy(teamScenarioRuns.startedAt);
  }

  async run(teamId: string, scenarioId: string): Promise<RunRow | undefined> {
    const [row] = await this.db
      .select()
      .from(teamScenarioRuns)
      .where(and(eq(teamScenarioRuns.teamId, teamId), eq(teamScenarioRuns.scenarioId, scenarioId)));
    return row;
  }

  /** Starts the run; undefined when it had started already. */
  async insertRun(values: typeof teamScenarioRuns.$inferInsert): Promise<RunRow | undefined> {
    const [row] = await this.db.insert(teamScenarioRuns).values(values).onConflictDoNothing().returning();
    return row;
  }

  async setReleased(teamId: string, scenarioId: string, releasedInjects: string[]): Promise<RunRow> {
    const [row] = await this.db
      .update(teamScenarioRuns)
      .set({ releasedInjects })
      .where(and(eq(teamScenarioRuns.teamId, teamId), eq(teamScenarioRuns.scenarioId, scenarioId)))
      .returning();
    return row!;
  }

  async submission(id: string): Promise<SubmissionRow | undefined> {
    const [row] = await this.db.select().from(submissions).where(eq(submissions.id, id));
    return row;
  }

  async report(cohortId: string, teamId: string, scenarioId: string): Promise<SubmissionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(submissions)
      .where(
        and(
          eq(submissions.cohortId, cohortId),
          eq(submissions.teamId, teamId),
          eq(submissions.scenarioId, scenarioId),
          eq(submissions.kind, 'scenario_report'),
        ),
      );
    return row;
  }

  /** The cohort's projects; `userId` narrows to one learner's. */
  async projects(cohortId: string, userId?: string): Promise<(SubmissionRow & { authorName: string | null })[]> {
    const conditions = [eq(submissions.cohortId, cohortId), eq(submissions.kind, 'project')];
    if (userId) conditions.push(eq(submissions.userId, userId));
    return this.db
      .select({ submission: submissions, authorName: users.displayName })
      .from(submissions)
      .leftJoin(users, eq(users.id, submissions.userId))
      .where(and(...conditions))
      .orderBy(asc(submissions.submittedAt))
      .then((rows) => rows.map((r) => ({ ...r.submission, authorName: r.authorName })));
  }

  /** Submissions awaiting review, oldest first. */
  async awaitingReview(cohortId: string): Promise<SubmissionRow[]> {
    return this.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.cohortId, cohortId), eq(submissions.status, 'submitted')))
      .orderBy(asc(submissions.submittedAt));
  }

  async insertSubmission(values: typeof submissions.$inferInsert): Promise<SubmissionRow | undefined> {
    try {
      const [row] = await this.db.insert(submissions).values(values).returning();
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Updates the submission if its version is still `version` (an edit that lost a race changes nothing). */
  async updateSubmission(
    id: string,
    values: Partial<typeof submissions.$inferInsert>,
    version?: string,
  ): Promise<SubmissionRow | undefined> {
    const where = version ? and(eq(submissions.id, id), eq(submissions.version, version)) : eq(submissions.id, id);
    const [row] = await this.db.update(submissions).set(values).where(where).returning();
    return row;
  }

  async comments(submissionId: string): Promise<CommentRow[]> {
    return this.db
      .select({
        id: submissionComments.id,
        authorId: submissionComments.authorId,
        authorName: users.displayName,
        section: submissionComments.section,
        body: submissionComments.body,
        createdAt: submissionComments.createdAt,
      })
      .from(submissionComments)
      .leftJoin(users, eq(users.id, submissionComments.authorId))
      .where(eq(submissionComments.submissionId, submissionId))
      .orderBy(asc(submissionComments.createdAt));
  }

  async insertComment(values: typeof submissionComments.$inferInsert) {
    const [row] = await this.db.insert(submissionComments).values(values).returning();
    return row!;
  }

  async attempt(cohortId: string, attemptId: string) {
    const [row] = await this.db
      .select()
      .from(assessmentAttempts)
      .where(and(eq(assessmentAttempts.cohortId, cohortId), eq(assessmentAttempts.id, attemptId)));
    return row;
  }

  /** Saves reviewed results if nobody changed them since `previous` was read (else undefined: load it again). */
  async updateAttemptResults(attemptId: string, results: ItemResult[], score: number, previous: ItemResult[]) {
    const [row] = await this.db
      .update(assessmentAttempts)
      .set({ results, score })
      .where(
        and(
          eq(assessmentAttempts.id, attemptId),
          sql`${assessmentAttempts.results} = ${JSON.stringify(previous)}::jsonb`,
        ),
      )
      .returning();
    return row;
  }
}
