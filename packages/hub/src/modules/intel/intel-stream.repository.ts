import { and, asc, gt, inArray, max } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { stixObjects } from './intel.table.js';

/** One stored object version as the event stream sends it. */
export interface StreamRow {
  seq: number;
  stixId: string;
  type: string;
  version: string;
  revoked: boolean;
  object: Record<string, unknown>;
}

/** The event stream's reads: rows after a sequence number, under the one policy, in sequence order. */
export class IntelStreamRepository {
  constructor(private readonly db: Db) {}

  /** The highest sequence number stored (0 when the store is empty): a stream with no position starts there. */
  async latestSeq(): Promise<number> {
    const [row] = await this.db.select({ seq: max(stixObjects.seq) }).from(stixObjects);
    return Number(row?.seq ?? 0);
  }

  /** Up to `limit` rows the actor may read with a sequence number above `after`, optionally of some types. */
  async after(actor: Actor, after: number, types: string[] | undefined, limit: number): Promise<StreamRow[]> {
    const t = stixObjects;
    const rows = await this.db
      .select({
        seq: t.seq,
        stixId: t.stixId,
        type: t.type,
        version: t.version,
        revoked: t.revoked,
        object: t.object,
      })
      .from(t)
      .where(and(gt(t.seq, after), visibleTo(actor, t), types ? inArray(t.type, types) : undefined))
      .orderBy(asc(t.seq))
      .limit(limit);
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }
}
