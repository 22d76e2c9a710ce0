import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { authThrottle } from '../auth/auth.table.js';

/**
 * Fixed-window request counters in the `auth_throttle` table (keys like `selfcheck:<address>`), so that every hub
 * instance sees the same count.
 */
export class RateLimitRepository {
  constructor(private readonly db: Db) {}

  /** Counts one request; returns the count in the current window and the seconds until the window ends. */
  async hit(key: string, windowSeconds: number): Promise<{ count: number; resetSeconds: number }> {
    const expired = sql`${authThrottle.windowStart} <= now() - make_interval(secs => ${windowSeconds})`;
    const rows = await this.db
      .insert(authThrottle)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${authThrottle.failures} + 1 end`,
          windowStart: sql`case when ${expired} then now() else ${authThrottle.windowStart} end`,
        },
      })
      .returning({
        count: authThrottle.failures,
        resetSeconds: sql<number>`ceil(extract(epoch from ${authThrottle.windowStart} + make_interval(secs => ${windowSeconds}) - now()))::int`,
      });
    const row = rows[0]!;
    return { count: row.count, resetSeconds: Math.max(1, Number(row.resetSeconds)) };
  }
}
