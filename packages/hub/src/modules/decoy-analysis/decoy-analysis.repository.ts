import { and, asc, eq, getTableColumns, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DecoyEvent } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { decoyEvents, decoySessions, decoyWorlds } from '../decoy/decoy.table.js';
import type { StoredClassification } from './automatic-case.js';

/** A session row, with its last event time exactly as stored (microseconds, which a Date would lose). */
export type DecoySessionRow = typeof decoySessions.$inferSelect & { lastEventAtExact: string };
export type DecoyWorldNames = Pick<typeof decoyWorlds.$inferSelect, 'id' | 'nameEn' | 'nameJa' | 'environmentCode'>;

/** Work that is still to do: never analysed, or events arrived after the last analysis. */
const pending = or(isNull(decoySessions.analysedAt), lt(decoySessions.analysedAt, decoySessions.lastEventAt));

/** The decoy tables as the analysis reads and writes them. Writes take a transaction where they must be atomic. */
export class DecoyAnalysisRepository {
  constructor(private readonly db: Db) {}

  /** Pending sessions, oldest first, so that a group's first session makes its case. */
  async pendingSessions(limit: number): Promise<DecoySessionRow[]> {
    return this.db
      .select({ ...getTableColumns(decoySessions), lastEventAtExact: sql<string>`${decoySessions.lastEventAt}::text` })
      .from(decoySessions)
      .where(pending)
      .orderBy(asc(decoySessions.startedAt), asc(decoySessions.id))
      .limit(limit);
  }

  /** A session's events in the order they happened (ties in upload order). */
  async events(sensorId: string, session: string): Promise<DecoyEvent[]> {
    const rows = await this.db
      .select({ payload: decoyEvents.payload })
      .from(decoyEvents)
      .where(and(eq(decoyEvents.sensorId, sensorId), eq(decoyEvents.session, session)))
      .orderBy(asc(decoyEvents.time), asc(decoyEvents.id));
    return rows.map((row) => row.payload);
  }

  async world(id: string): Promise<DecoyWorldNames | undefined> {
    const rows = await this.db
      .select({
        id: decoyWorlds.id,
        nameEn: decoyWorlds.nameEn,
        nameJa: decoyWorlds.nameJa,
        environmentCode: decoyWorlds.environmentCode,
      })
      .from(decoyWorlds)
      .where(eq(decoyWorlds.id, id));
    return rows[0];
  }

  /**
   * Stores the classification and marks the session analysed as of the last event it saw: events that arrive
   * meanwhile move last_event_at on, so the session stays pending and is analysed again.
   */
  async saveClassification(
    tx: Db,
    id: string,
    values: { classification: StoredClassification; techniques: string[]; suggestedLevel: number | null },
    analysedAt: string,
  ): Promise<void> {
    await tx
      .update(decoySessions)
      .set({ ...values, analysedAt: sql`${analysedAt}::timestamptz` })
      .where(eq(decoySessions.id, id));
  }

  /** Serialises case grouping per world across processes until the transaction ends. */
  async lockWorld(tx: Db, worldId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cynex.decoy_cases:${worldId}`}))`);
  }

  async sessionCase(tx: Db, id: string): Promise<string | null> {
    const rows = await tx.select({ caseId: decoySessions.caseId }).from(decoySessions).where(eq(decoySessions.id, id));
    return rows[0]?.caseId ?? null;
  }

  /**
   * The case of the group a session joins: another session of the same world and owner, from the same source
   * address or with the same planted credential, whose time span comes within `gapMs` of this one's. The most
   * recent such case wins.
   */
  async groupCase(tx: Db, session: DecoySessionRow, credential: unknown, gapMs: number): Promise<string | null> {
    const from = new Date(session.startedAt.getTime() - gapMs);
    const to = new Date(session.lastEventAt.getTime() + gapMs);
    const sameSource = eq(decoySessions.srcIp, session.srcIp);
    const sameCredential =
      credential === undefined
        ? undefined
        : sql`${decoySessions.classification} -> 'plantedCredential' = ${JSON.stringify(credential)}::jsonb`;
    const rows = await tx
      .select({ caseId: decoySessions.caseId })
      .from(decoySessions)
      .where(
        and(
          eq(decoySessions.worldId, session.worldId),
          eq(decoySessions.ownerOrgId, session.ownerOrgId),
          ne(decoySessions.id, session.id),
          isNotNull(decoySessions.caseId),
          sameCredential ? or(sameSource, sameCredential) : sameSource,
          sql`${decoySessions.lastEventAt} >= ${from.toISOString()}::timestamptz`,
          sql`${decoySessions.startedAt} <= ${to.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(sql`${decoySessions.lastEventAt} desc`)
      .limit(1);
    return rows[0]?.caseId ?? null;
  }

  async setCase(tx: Db, id: string, caseId: string): Promise<void> {
    await tx.update(decoySessions).set({ caseId }).where(eq(decoySessions.id, id));
  }
}
