import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { liveCondition } from './decoy-worlds.repository.js';
import { decoyCaptures, decoyCaptureSessions, decoyEvents, decoyRecordings, decoySessions } from './decoy.table.js';

export type SessionRow = typeof decoySessions.$inferSelect;

/** A session's events shown at most: a brute-force session may have tens of thousands. */
export const MAX_SESSION_EVENTS = 5_000;
/** Recording chunks sent per poll. */
export const RECORDING_PAGE = 200;

export interface SessionFilter {
  world?: string | undefined;
  caseId?: string | undefined;
  src?: string | undefined;
  live?: boolean | undefined;
  /** A validated ATT&CK id (`T1110`, `T1110.001`): it holds no LIKE wildcards. */
  technique?: string | undefined;
  after?: { startedAt: Date; id: string } | undefined;
  limit: number;
}

/** The classifier found the technique or, for a parent id, one of its sub-techniques (T1110 finds T1110.001). */
const reached = (technique: string) =>
  sql`exists (select 1 from unnest(${decoySessions.techniques}) as t where t = ${technique} or t like ${`${technique}.%`})`;

export class DecoySessionsRepository {
  constructor(private readonly db: Db) {}

  /** Newest first, keyset-paginated on (started_at, id). */
  async list(actor: Actor, filter: SessionFilter): Promise<SessionRow[]> {
    const conditions: (SQL | undefined)[] = [visibleTo(actor, decoySessions)];
    if (filter.world) conditions.push(eq(decoySessions.worldId, filter.world));
    if (filter.caseId) conditions.push(eq(decoySessions.caseId, filter.caseId));
    if (filter.src) conditions.push(eq(decoySessions.srcIp, filter.src));
    if (filter.live === true) conditions.push(liveCondition);
    if (filter.live === false) conditions.push(sql`not (${liveCondition})`);
    if (filter.technique) conditions.push(reached(filter.technique));
    if (filter.after) {
      const { startedAt, id } = filter.after;
      conditions.push(
        or(
          lt(decoySessions.startedAt, startedAt),
          and(eq(decoySessions.startedAt, startedAt), lt(decoySessions.id, id)),
        ),
      );
    }
    return this.db
      .select()
      .from(decoySessions)
      .where(and(...conditions))
      .orderBy(desc(decoySessions.startedAt), desc(decoySessions.id))
      .limit(filter.limit);
  }

  async visible(actor: Actor, id: string): Promise<SessionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(decoySessions)
      .where(and(eq(decoySessions.id, id), visibleTo(actor, decoySessions)));
    return row;
  }

  async isLive(id: string): Promise<boolean> {
    const [row] = await this.db
      .select({ live: sql<boolean>`${liveCondition}` })
      .from(decoySessions)
      .where(eq(decoySessions.id, id));
    return Boolean(row?.live);
  }

  async liveIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: decoySessions.id })
      .from(decoySessions)
      .where(and(inArray(decoySessions.id, ids), liveCondition));
    return new Set(rows.map((r) => r.id));
  }

  async events(row: SessionRow) {
    return this.db
      .select({
        eventId: decoyEvents.eventId,
        kind: decoyEvents.kind,
        time: decoyEvents.time,
        payload: decoyEvents.payload,
      })
      .from(decoyEvents)
      .where(and(eq(decoyEvents.sensorId, row.sensorId), eq(decoyEvents.session, row.session)))
      .orderBy(asc(decoyEvents.time), asc(decoyEvents.id))
      .limit(MAX_SESSION_EVENTS);
  }

  async captures(sessionId: string) {
    return this.db
      .select({ sha256: decoyCaptureSessions.sha256, size: decoyCaptures.size, firstSeen: decoyCaptures.firstSeen })
      .from(decoyCaptureSessions)
      .leftJoin(decoyCaptures, eq(decoyCaptures.sha256, decoyCaptureSessions.sha256))
      .where(eq(decoyCaptureSessions.session, sessionId))
      .orderBy(asc(decoyCaptureSessions.sha256));
  }

  async chunks(row: SessionRow, fromSeq: number, limit = RECORDING_PAGE) {
    return this.db
      .select({
        seq: decoyRecordings.seq,
        header: decoyRecordings.header,
        lines: decoyRecordings.lines,
        final: decoyRecordings.final,
      })
      .from(decoyRecordings)
      .where(
        and(
          eq(decoyRecordings.sensorId, row.sensorId),
          eq(decoyRecordings.session, row.session),
          gte(decoyRecordings.seq, fromSeq),
        ),
      )
      .orderBy(asc(decoyRecordings.seq))
      .limit(limit);
  }

  /** Whether the actor sees a session that holds the capture, and the capture's record. */
  async visibleCapture(actor: Actor, sha256: string) {
    const [row] = await this.db
      .select({ sha256: decoyCaptures.sha256, size: decoyCaptures.size, blobKey: decoyCaptures.blobKey })
      .from(decoyCaptures)
      .innerJoin(decoyCaptureSessions, eq(decoyCaptureSessions.sha256, decoyCaptures.sha256))
      .innerJoin(decoySessions, eq(decoySessions.id, decoyCaptureSessions.session))
      .where(and(eq(decoyCaptures.sha256, sha256), visibleTo(actor, decoySessions)))
      .limit(1);
    return row;
  }
}
