import { and, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { decoyEvents, decoySessions, decoyWorlds } from '../decoy/decoy.table.js';

/** Longest entry of a top list: commands can be 64 KiB, a chart label need not be. */
const VALUE_LENGTH = 500;
export const TOP_LIMIT = 20;

export interface DecoyStatsRange {
  /** Sessions started at or after this instant. */
  from?: Date | undefined;
  /** Sessions started before this instant. */
  to?: Date | undefined;
}

export interface DecoyWorldStats {
  sessions: number;
  sources: number;
  authAttempts: number;
  authSuccess: number;
  topUsernames: { value: string; count: number }[];
  topPasswords: { value: string; count: number }[];
  topCommands: { value: string; count: number }[];
  countries: { country: string | null; count: number }[];
  downloads: { url: string; count: number }[];
  hashes: { sha256: string; count: number; size: number | null }[];
  techniques: { id: string; count: number }[];
  perDay: { day: string; sessions: number; events: number }[];
}

type Counted = { value: string; count: number | string };

/**
 * Statistics of one decoy world over the sessions the actor may read: one query per list, each on an index
 * (sessions by world and start, events by sensor and session).
 */
export class DecoyStatsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Whether the world exists for this actor: it can read the world, the world is lent to one of its
   * organisations, or it can read one of the world's sessions. Otherwise the world is "not found".
   */
  async worldVisible(actor: Actor, worldId: string): Promise<boolean> {
    const orgs = actor.kind === 'user' ? actor.memberships.map((m) => m.orgId) : [];
    const ownSession = sql`exists (select 1 from ${decoySessions} where ${and(
      eq(decoySessions.worldId, worldId),
      visibleTo(actor, decoySessions),
    )})`;
    const rows = await this.db
      .select({ id: decoyWorlds.id })
      .from(decoyWorlds)
      .where(
        and(
          eq(decoyWorlds.id, worldId),
          or(
            visibleTo(actor, decoyWorlds),
            orgs.length > 0 ? inArray(decoyWorlds.lentToOrgId, orgs) : undefined,
            ownSession,
          ),
        ),
      );
    return rows.length > 0;
  }

  async stats(actor: Actor, worldId: string, range: DecoyStatsRange): Promise<DecoyWorldStats> {
    const sessions = and(
      eq(decoySessions.worldId, worldId),
      visibleTo(actor, decoySessions),
      range.from ? gte(decoySessions.startedAt, range.from) : undefined,
      range.to ? lt(decoySessions.startedAt, range.to) : undefined,
    )!;
    const keys = sql`(select ${decoySessions.sensorId}, ${decoySessions.session} from ${decoySessions} where ${sessions})`;
    const events = (kind: string, extra?: SQL) =>
      and(
        eq(decoyEvents.worldId, worldId),
        eq(decoyEvents.kind, kind),
        sql`(${decoyEvents.sensorId}, ${decoyEvents.session}) in ${keys}`,
        extra,
      )!;
    const top = async (value: SQL, where: SQL): Promise<{ value: string; count: number }[]> => {
      const rows = await rowsOf<Counted>(
        this.db,
        sql`select left(${value}, ${VALUE_LENGTH}) as value, count(*) as count
          from ${decoyEvents} where ${where} and ${value} is not null
          group by 1 order by 2 desc, 1 limit ${TOP_LIMIT}`,
      );
      return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
    };
    const payload = (field: string) => sql`(${decoyEvents.payload} ->> ${sql.raw(`'${field}'`)})`;

    const [totals, topUsernames, topPasswords, topCommands, countries, downloads, hashes, techniques, perDay] =
      await Promise.all([
        rowsOf<Record<string, string | number | null>>(
          this.db,
          sql`select count(*) as sessions, count(distinct ${decoySessions.srcIp}) as sources,
          coalesce(sum(${decoySessions.authAttempts}), 0) as auth_attempts,
          count(*) filter (where ${decoySessions.authSuccess}) as auth_success
          from ${decoySessions} where ${sessions}`,
        ),
        top(payload('username'), events('auth')),
        top(payload('password'), events('auth')),
        top(payload('input'), events('command')),
        rowsOf<Record<string, string | number | null>>(
          this.db,
          sql`select ${decoySessions.srcCountry} as country, count(*) as count
          from ${decoySessions} where ${sessions} group by 1 order by 2 desc, 1 limit ${TOP_LIMIT}`,
        ),
        top(payload('url'), events('download')),
        rowsOf<Record<string, string | number | null>>(
          this.db,
          sql`select ${payload('sha256')} as sha256, count(*) as count,
          max((${payload('size')})::bigint) as size
          from ${decoyEvents}
          where ${eq(decoyEvents.worldId, worldId)} and ${inArray(decoyEvents.kind, ['download', 'file'])}
            and (${decoyEvents.sensorId}, ${decoyEvents.session}) in ${keys}
            and ${payload('sha256')} is not null
            and coalesce(${payload('action')}, 'uploaded') <> 'read'
          group by 1 order by 2 desc, 1 limit ${TOP_LIMIT}`,
        ),
        rowsOf<Record<string, string | number | null>>(
          this.db,
          sql`select t as id, count(*) as count
          from ${decoySessions}, unnest(${decoySessions.techniques}) as t
          where ${sessions} group by 1 order by 2 desc, 1 limit ${TOP_LIMIT}`,
        ),
        rowsOf<Record<string, string | number | null>>(
          this.db,
          sql`with s as (
            select to_char(${decoySessions.startedAt} at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n
            from ${decoySessions} where ${sessions} group by 1),
          e as (
            select to_char(${decoyEvents.time} at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n
            from ${decoyEvents}
            where ${eq(decoyEvents.worldId, worldId)} and (${decoyEvents.sensorId}, ${decoyEvents.session}) in ${keys}
            group by 1)
          select coalesce(s.day, e.day) as day, coalesce(s.n, 0) as sessions, coalesce(e.n, 0) as events
          from s full outer join e on s.day = e.day order by 1`,
        ),
      ]);
    const total = totals[0] ?? {};
    return {
      sessions: Number(total.sessions ?? 0),
      sources: Number(total.sources ?? 0),
      authAttempts: Number(total.auth_attempts ?? 0),
      authSuccess: Number(total.auth_success ?? 0),
      topUsernames,
      topPasswords,
      topCommands,
      countries: countries.map((r) => ({
        country: r.country === null ? null : String(r.country),
        count: Number(r.count),
      })),
      downloads: downloads.map((d) => ({ url: d.value, count: d.count })),
      hashes: hashes.map((r) => ({
        sha256: String(r.sha256),
        count: Number(r.count),
        size: r.size === null ? null : Number(r.size),
      })),
      techniques: techniques.map((r) => ({
        id: String(r.id),
        count: Number(r.count),
      })),
      perDay: perDay.map((r) => ({
        day: String(r.day),
        sessions: Number(r.sessions),
        events: Number(r.events),
      })),
    };
  }
}
