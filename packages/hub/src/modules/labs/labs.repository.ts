import { and, count, desc, eq, gte, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';
import {
  labDefenceResults,
  labFlagSubmissions,
  labHintReveals,
  labInstances,
  labSolves,
  type LabFlagVerdict,
} from './labs.table.js';

export type LabInstanceRow = typeof labInstances.$inferSelect;
export type LabDefenceRow = typeof labDefenceResults.$inferSelect;

/** Candidates for "whose flag is this": the most recent instances of a lab, enough for any class. */
const MAX_FLAG_CANDIDATES = 5000;

/** Every query of lab instances, flag submissions, defence results and solves. */
export class LabsRepository {
  constructor(private readonly db: Db) {}

  async orgExists(orgId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
    return row !== undefined;
  }

  async insertInstance(values: { userId: string; orgId: string; labId: string; level: string }) {
    const [row] = await this.db.insert(labInstances).values(values).returning();
    return row!;
  }

  async instanceOf(userId: string, instanceId: string): Promise<LabInstanceRow | undefined> {
    const [row] = await this.db
      .select()
      .from(labInstances)
      .where(and(eq(labInstances.id, instanceId), eq(labInstances.userId, userId)));
    return row;
  }

  async instancesOf(userId: string): Promise<LabInstanceRow[]> {
    return this.db
      .select()
      .from(labInstances)
      .where(eq(labInstances.userId, userId))
      .orderBy(desc(labInstances.createdAt))
      .limit(200);
  }

  async runningOf(userId: string, labId: string): Promise<LabInstanceRow[]> {
    return this.db
      .select()
      .from(labInstances)
      .where(and(eq(labInstances.userId, userId), eq(labInstances.labId, labId), eq(labInstances.state, 'running')));
  }

  async markRunning(instanceId: string): Promise<LabInstanceRow> {
    const [row] = await this.db
      .update(labInstances)
      .set({ state: 'running', startedAt: new Date(), stoppedAt: null, stopReason: null })
      .where(eq(labInstances.id, instanceId))
      .returning();
    return row!;
  }

  async markStopped(instanceId: string, reason: string): Promise<LabInstanceRow> {
    const [row] = await this.db
      .update(labInstances)
      .set({ state: 'stopped', stoppedAt: new Date(), stopReason: reason })
      .where(eq(labInstances.id, instanceId))
      .returning();
    return row!;
  }

  /** Other learners' instances of the lab, newest first. */
  async otherInstances(labId: string, userId: string): Promise<LabInstanceRow[]> {
    return this.db
      .select()
      .from(labInstances)
      .where(and(eq(labInstances.labId, labId), ne(labInstances.userId, userId)))
      .orderBy(desc(labInstances.createdAt))
      .limit(MAX_FLAG_CANDIDATES);
  }

  async submissionsSince(instanceId: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(labFlagSubmissions)
      .where(and(eq(labFlagSubmissions.instanceId, instanceId), gte(labFlagSubmissions.at, since)));
    return row?.n ?? 0;
  }

  async insertSubmission(values: {
    instanceId: string;
    userId: string;
    submittedSha256: string;
    verdict: LabFlagVerdict;
    sharedFromUserId?: string | null;
  }): Promise<void> {
    await this.db.insert(labFlagSubmissions).values(values);
  }

  /** Records objectives met; one solve per learner, lab and objective (the first one counts). */
  async insertSolves(instance: LabInstanceRow, solves: readonly { objective: string; at: Date }[]): Promise<void> {
    if (solves.length === 0) return;
    await this.db
      .insert(labSolves)
      .values(
        solves.map((s) => ({
          instanceId: instance.id,
          userId: instance.userId,
          labId: instance.labId,
          objective: s.objective,
          at: s.at,
        })),
      )
      .onConflictDoNothing();
  }

  async insertDefence(values: {
    instanceId: string;
    userId: string;
    passed: boolean;
    checks: unknown[];
    durationMs: number;
  }): Promise<LabDefenceRow> {
    const [row] = await this.db.insert(labDefenceResults).values(values).returning();
    return row!;
  }

  /** Records a revealed hint; the first reveal (and its penalty) counts. */
  async insertHintReveal(instance: LabInstanceRow, hintId: string, penalty: number): Promise<void> {
    await this.db
      .insert(labHintReveals)
      .values({ instanceId: instance.id, userId: instance.userId, labId: instance.labId, hintId, penalty })
      .onConflictDoNothing();
  }

  /** A learner's objectives met and hint penalties in every lab, for the catalogue. */
  /** The objectives these users met, over all their instances. */
  async solvesOf(userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    return this.db
      .select({ userId: labSolves.userId, labId: labSolves.labId, objective: labSolves.objective })
      .from(labSolves)
      .where(inArray(labSolves.userId, [...userIds]));
  }

  async summaryOf(userId: string) {
    const solves = await this.db
      .select({ labId: labSolves.labId, objective: labSolves.objective })
      .from(labSolves)
      .where(eq(labSolves.userId, userId));
    const hints = await this.db
      .select({ labId: labHintReveals.labId, penalty: labHintReveals.penalty })
      .from(labHintReveals)
      .where(eq(labHintReveals.userId, userId));
    return { solves, hints };
  }

  /** One learner's record of one lab, over all their instances of it. */
  async progressOf(userId: string, labId: string) {
    const mine = and(eq(labInstances.userId, userId), eq(labInstances.labId, labId));
    const solves = await this.db
      .select({ objective: labSolves.objective, at: labSolves.at })
      .from(labSolves)
      .where(and(eq(labSolves.userId, userId), eq(labSolves.labId, labId)));
    const hints = await this.db
      .select({ hintId: labHintReveals.hintId, penalty: labHintReveals.penalty, at: labHintReveals.at })
      .from(labHintReveals)
      .where(and(eq(labHintReveals.userId, userId), eq(labHintReveals.labId, labId)));
    const flags = await this.db
      .select({ verdict: labFlagSubmissions.verdict, n: count() })
      .from(labFlagSubmissions)
      .innerJoin(labInstances, eq(labInstances.id, labFlagSubmissions.instanceId))
      .where(mine)
      .groupBy(labFlagSubmissions.verdict);
    const defences = await this.db
      .select({ passed: labDefenceResults.passed, n: count() })
      .from(labDefenceResults)
      .innerJoin(labInstances, eq(labInstances.id, labDefenceResults.instanceId))
      .where(mine)
      .groupBy(labDefenceResults.passed);
    return { solves, hints, flags, defences };
  }

  /** Everything an organisation's instructors see of its learners' labs. */
  async resultsOfOrg(orgId: string) {
    const instances = await this.db
      .select({
        id: labInstances.id,
        userId: labInstances.userId,
        labId: labInstances.labId,
        level: labInstances.level,
        state: labInstances.state,
        startedAt: labInstances.startedAt,
        stoppedAt: labInstances.stoppedAt,
        stopReason: labInstances.stopReason,
        email: users.email,
        displayName: users.displayName,
      })
      .from(labInstances)
      .innerJoin(users, eq(users.id, labInstances.userId))
      .where(eq(labInstances.orgId, orgId))
      .orderBy(labInstances.createdAt);
    const ids = instances.map((i) => i.id);
    if (ids.length === 0) return { instances, solves: [], submissions: [], defences: [], hints: [] };
    const solves = await this.db.select().from(labSolves).where(inArray(labSolves.instanceId, ids));
    const submissions = await this.db
      .select({
        instanceId: labFlagSubmissions.instanceId,
        verdict: labFlagSubmissions.verdict,
        sharedFromUserId: labFlagSubmissions.sharedFromUserId,
        sharedFromEmail: users.email,
        at: labFlagSubmissions.at,
      })
      .from(labFlagSubmissions)
      .leftJoin(users, eq(users.id, labFlagSubmissions.sharedFromUserId))
      .where(inArray(labFlagSubmissions.instanceId, ids))
      .orderBy(labFlagSubmissions.at);
    const defences = await this.db
      .select()
      .from(labDefenceResults)
      .where(inArray(labDefenceResults.instanceId, ids))
      .orderBy(labDefenceResults.at);
    const hints = await this.db
      .select({ instanceId: labHintReveals.instanceId, hintId: labHintReveals.hintId, penalty: labHintReveals.penalty })
      .from(labHintReveals)
      .where(inArray(labHintReveals.instanceId, ids));
    return { instances, solves, submissions, defences, hints };
  }
}
