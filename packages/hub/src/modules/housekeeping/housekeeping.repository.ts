import { and, eq, inArray, isNotNull, lt, or, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { authThrottle, oneTimeLinks, sessions } from '../auth/auth.table.js';
import { caseFiles } from '../cases/cases.table.js';
import { deliveryJobs } from '../deliveries/deliveries.table.js';

/** The deletions housekeeping makes: rows nobody can use any more. */
export class HousekeepingRepository {
  constructor(private readonly db: Db) {}

  async purgeSessions(): Promise<number> {
    const rows = await this.db
      .delete(sessions)
      .where(lt(sessions.expiresAt, sql`now()`))
      .returning({ id: sessions.idHash });
    return rows.length;
  }

  /** Counters whose window ended long ago and that hold no lock: sign-in throttling and the self-check's limit. */
  async purgeThrottle(olderThanSeconds: number): Promise<number> {
    const rows = await this.db
      .delete(authThrottle)
      .where(
        and(
          lt(authThrottle.windowStart, sql`now() - make_interval(secs => ${olderThanSeconds})`),
          or(isNull(authThrottle.lockedUntil), lt(authThrottle.lockedUntil, sql`now()`)),
        ),
      )
      .returning({ key: authThrottle.key });
    return rows.length;
  }

  /** One-time links that expired or were used more than the given days ago. */
  async purgeLinks(olderThanDays: number): Promise<number> {
    const before = sql`now() - make_interval(days => ${olderThanDays})`;
    const rows = await this.db
      .delete(oneTimeLinks)
      .where(
        or(lt(oneTimeLinks.expiresAt, before), and(isNotNull(oneTimeLinks.usedAt), lt(oneTimeLinks.usedAt, before))),
      )
      .returning({ id: oneTimeLinks.id });
    return rows.length;
  }

  /**
   * Settled deliveries: delivered ones after `deliveredDays`, dead ones (which an admin may still retry) after
   * `deadDays`. Jobs still pending are never purged.
   */
  async purgeDeliveries(deliveredDays: number, deadDays: number): Promise<number> {
    const olderThan = (days: number) => lt(deliveryJobs.updatedAt, sql`now() - make_interval(days => ${days})`);
    const rows = await this.db
      .delete(deliveryJobs)
      .where(
        or(
          and(eq(deliveryJobs.status, 'delivered'), olderThan(deliveredDays)),
          and(eq(deliveryJobs.status, 'dead'), olderThan(deadDays)),
        ),
      )
      .returning({ id: deliveryJobs.id });
    return rows.length;
  }

  /** Which of the digests a stored record still points at. */
  async referencedBlobs(sha256s: string[]): Promise<Set<string>> {
    if (sha256s.length === 0) return new Set();
    const rows = await this.db
      .selectDistinct({ sha256: caseFiles.sha256 })
      .from(caseFiles)
      .where(inArray(caseFiles.sha256, sha256s));
    return new Set(rows.map((r) => r.sha256));
  }
}
