import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deliveryJobs, type DeliveryChannel } from './deliveries.table.js';

export type DeliveryJobRow = typeof deliveryJobs.$inferSelect;
export type DeliveryJobInsert = Pick<
  typeof deliveryJobs.$inferInsert,
  'orgId' | 'channel' | 'topic' | 'idempotencyKey' | 'payload' | 'maxAttempts' | 'target'
>;

/** What the console calls a job: pending splits into queued (never tried) and retrying (failed, waiting). */
export type DeliveryState = 'queued' | 'retrying' | 'delivered' | 'dead';

export interface DeliveryFilters {
  orgId: string;
  state?: DeliveryState | undefined;
  channel?: DeliveryChannel | undefined;
  limit: number;
  offset: number;
}

const seconds = (value: number) => sql`make_interval(secs => ${value}::double precision)`;

function stateIs(state: DeliveryState): SQL | undefined {
  switch (state) {
    case 'queued':
      return and(eq(deliveryJobs.status, 'pending'), eq(deliveryJobs.attempts, 0));
    case 'retrying':
      return and(eq(deliveryJobs.status, 'pending'), gt(deliveryJobs.attempts, 0));
    case 'delivered':
      return eq(deliveryJobs.status, 'delivered');
    case 'dead':
      return eq(deliveryJobs.status, 'dead');
  }
}

/**
 * The delivery outbox. Times are the database's (`now()`), never a process's clock, so hub processes on
 * different machines agree on when a job is due and when a lease has run out.
 */
export class DeliveryJobsRepository {
  constructor(private readonly db: Db) {}

  /** Adds jobs; called with the transaction that stores what they announce. */
  async enqueue(values: DeliveryJobInsert[]): Promise<DeliveryJobRow[]> {
    if (values.length === 0) return [];
    return this.db.insert(deliveryJobs).values(values).returning();
  }

  /**
   * Claims up to `limit` due jobs for `owner` and counts the attempt: rows another process is claiming at the
   * same moment are skipped (SKIP LOCKED), and a claimed row carries a lease so nobody else takes it until the
   * lease runs out (the owner crashed, or is too slow).
   */
  async claim(owner: string, limit: number, leaseSeconds: number): Promise<DeliveryJobRow[]> {
    const due = this.db.$with('due').as(
      this.db
        .select({ id: deliveryJobs.id })
        .from(deliveryJobs)
        .where(
          and(
            eq(deliveryJobs.status, 'pending'),
            lte(deliveryJobs.nextAttemptAt, sql`now()`),
            or(isNull(deliveryJobs.leaseUntil), lt(deliveryJobs.leaseUntil, sql`now()`)),
          ),
        )
        .orderBy(asc(deliveryJobs.nextAttemptAt), asc(deliveryJobs.createdAt))
        .limit(limit)
        .for('update', { skipLocked: true }),
    );
    return this.db
      .with(due)
      .update(deliveryJobs)
      .set({
        leaseOwner: owner,
        leaseUntil: sql`now() + ${seconds(leaseSeconds)}`,
        attempts: sql`${deliveryJobs.attempts} + 1`,
        updatedAt: sql`now()`,
      })
      .where(inArray(deliveryJobs.id, this.db.select({ id: due.id }).from(due)))
      .returning();
  }

  /** Only the lease's owner settles a job: one whose lease ran out and was claimed again is not touched. */
  private held(id: string, owner: string): SQL | undefined {
    return and(eq(deliveryJobs.id, id), eq(deliveryJobs.leaseOwner, owner), eq(deliveryJobs.status, 'pending'));
  }

  async markDelivered(id: string, owner: string, target: string | null): Promise<boolean> {
    const rows = await this.db
      .update(deliveryJobs)
      .set({
        status: 'delivered',
        deliveredAt: sql`now()`,
        updatedAt: sql`now()`,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        target,
      })
      .where(this.held(id, owner))
      .returning({ id: deliveryJobs.id });
    return rows.length > 0;
  }

  /** Records a failed attempt: due again after `retryInSeconds`, or dead when that is null. */
  async markFailed(
    id: string,
    owner: string,
    outcome: { reason: string; target: string | null; retryInSeconds: number | null },
  ): Promise<DeliveryJobRow | undefined> {
    const retry = outcome.retryInSeconds;
    const rows = await this.db
      .update(deliveryJobs)
      .set({
        status: retry === null ? 'dead' : 'pending',
        nextAttemptAt: retry === null ? sql`now()` : sql`now() + ${seconds(retry)}`,
        updatedAt: sql`now()`,
        leaseOwner: null,
        leaseUntil: null,
        lastError: outcome.reason,
        target: outcome.target,
      })
      .where(this.held(id, owner))
      .returning();
    return rows[0];
  }

  async list(filters: DeliveryFilters): Promise<{ items: DeliveryJobRow[]; total: number }> {
    const where = and(
      eq(deliveryJobs.orgId, filters.orgId),
      filters.state ? stateIs(filters.state) : undefined,
      filters.channel ? eq(deliveryJobs.channel, filters.channel) : undefined,
    );
    const [items, totals] = await Promise.all([
      this.db
        .select()
        .from(deliveryJobs)
        .where(where)
        .orderBy(desc(deliveryJobs.createdAt), asc(deliveryJobs.channel), asc(deliveryJobs.id))
        .limit(filters.limit)
        .offset(filters.offset),
      this.db.select({ n: count() }).from(deliveryJobs).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  async get(orgId: string, id: string): Promise<DeliveryJobRow | undefined> {
    return (
      await this.db
        .select()
        .from(deliveryJobs)
        .where(and(eq(deliveryJobs.orgId, orgId), eq(deliveryJobs.id, id)))
    )[0];
  }

  /**
   * Makes a dead job, or one waiting for its next attempt, due now. A dead job gets one more attempt: if that
   * fails too it is dead again rather than starting a new series of retries. A job being sent is not touched.
   */
  async retryNow(orgId: string, id: string): Promise<DeliveryJobRow | undefined> {
    const rows = await this.db
      .update(deliveryJobs)
      .set({
        status: 'pending',
        nextAttemptAt: sql`now()`,
        maxAttempts: sql`greatest(${deliveryJobs.maxAttempts}, ${deliveryJobs.attempts} + 1)`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(deliveryJobs.orgId, orgId),
          eq(deliveryJobs.id, id),
          or(
            eq(deliveryJobs.status, 'dead'),
            and(
              eq(deliveryJobs.status, 'pending'),
              gt(deliveryJobs.attempts, 0),
              or(isNull(deliveryJobs.leaseUntil), lt(deliveryJobs.leaseUntil, sql`now()`)),
            ),
          ),
        ),
      )
      .returning();
    return rows[0];
  }
}
