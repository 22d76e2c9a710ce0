import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AsciicastHeader, DecoyEvent } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { decoyCaptures, decoySensorStatus, decoyWorlds } from './decoy.table.js';

/** The shareable columns a new session takes from its world. */
export interface SessionOwnership {
  ownerOrgId: string;
  scope: string;
  marking: string;
  sharingGroupId: string | null;
}

export interface ChunkRow {
  world: string;
  session: string;
  seq: number;
  header: AsciicastHeader | null;
  lines: string;
  final: boolean;
}

/**
 * The sensor-facing writes. Each batch is a handful of statements whatever its size: the rows travel as one JSON
 * parameter and are unpacked by `jsonb_to_recordset`, which is much faster than thousands of bind parameters on
 * both PGlite and PostgreSQL, and keeps each statement's plan small.
 */
export class DecoyIngestRepository {
  constructor(private readonly db: Db) {}

  /** The worlds assigned to a sensor, with what a new session copies from them. */
  async worldsOf(sensorId: string, ids?: string[]) {
    return this.db
      .select({
        id: decoyWorlds.id,
        ownerOrgId: decoyWorlds.ownerOrgId,
        lentToOrgId: decoyWorlds.lentToOrgId,
        scope: decoyWorlds.scope,
        marking: decoyWorlds.marking,
        sharingGroupId: decoyWorlds.sharingGroupId,
      })
      .from(decoyWorlds)
      .where(
        ids
          ? and(eq(decoyWorlds.sensorId, sensorId), inArray(decoyWorlds.id, ids))
          : eq(decoyWorlds.sensorId, sensorId),
      );
  }

  /**
   * Stores the events and folds the new ones into their sessions in one statement (so one transaction and one
   * round trip): the events are inserted, those that were new are aggregated per session in SQL (first host,
   * protocol and source; the connect's source port; the username of the first successful login, else of the last
   * attempt; counters) and upserted into `decoy_sessions`, and captured files are linked to their sessions. An event
   * is either stored with its session's counters or not at all. Returns how many events were new and the ids of
   * the sessions that changed.
   */
  async ingestEvents(
    sensorId: string,
    events: DecoyEvent[],
    ownership: Map<string, SessionOwnership>,
    countries: Record<string, string | null>,
  ): Promise<{ inserted: number; sessionIds: string[] }> {
    const owners = [...ownership].map(([world, o]) => ({
      world_id: world,
      owner_org_id: o.ownerOrgId,
      scope: o.scope,
      marking: o.marking,
      sharing_group_id: o.sharingGroupId,
    }));
    const [result] = await rowsOf<{ inserted: number | string; ids: string[] | null }>(
      this.db,
      sql`with ins as (
            insert into decoy_events (sensor_id, event_id, world_id, session, host, kind, time, src_ip, src_port, payload)
            select ${sensorId}, e->>'id', e->>'world', e->>'session', e->>'host', e->>'kind',
              (e->>'time')::timestamptz, e->'src'->>'ip', (e->'src'->>'port')::int, e
            from jsonb_array_elements(${JSON.stringify(events)}::jsonb) as e
            on conflict (sensor_id, event_id) do nothing
            returning world_id, session, host, kind, time, src_ip, src_port, payload
          ),
          agg as (
            select session, world_id,
              (array_agg(host order by time))[1] as host,
              (array_agg(payload->>'protocol' order by time))[1] as protocol,
              (array_agg(src_ip order by time))[1] as src_ip,
              coalesce((array_agg(src_port order by time desc) filter (where kind = 'connect'))[1],
                (array_agg(src_port order by time))[1]) as src_port,
              min(time) as started_at,
              max(time) as last_event_at,
              max(time) filter (where kind = 'disconnect') as ended_at,
              coalesce(
                (array_agg(payload->>'username' order by time)
                  filter (where kind = 'auth' and (payload->>'success')::boolean))[1],
                (array_agg(payload->>'username' order by time desc) filter (where kind = 'auth'))[1]) as username,
              coalesce(bool_or(kind = 'auth' and (payload->>'success')::boolean), false) as auth_success,
              count(*) filter (where kind = 'auth') as auth_attempts,
              count(*) filter (where kind = 'command') as commands,
              count(*) as events
            from ins
            group by session, world_id
          ),
          up as (
            insert into decoy_sessions as s (sensor_id, session, world_id, host, protocol, src_ip, src_port,
              src_country, started_at, last_event_at, ended_at, username, auth_success, auth_attempts, commands, events,
              owner_org_id, scope, marking, sharing_group_id)
            select ${sensorId}, a.session, a.world_id, a.host, a.protocol, a.src_ip, a.src_port,
              ${JSON.stringify(countries)}::jsonb ->> a.src_ip, a.started_at, a.last_event_at, a.ended_at, a.username,
              a.auth_success, a.auth_attempts, a.commands, a.events, o.owner_org_id, o.scope, o.marking,
              o.sharing_group_id
            from agg a
            join jsonb_to_recordset(${JSON.stringify(owners)}::jsonb)
              as o(world_id text, owner_org_id uuid, scope text, marking text, sharing_group_id uuid)
              on o.world_id = a.world_id
            on conflict (sensor_id, session) do update set
              started_at = least(s.started_at, excluded.started_at),
              last_event_at = greatest(s.last_event_at, excluded.last_event_at),
              src_country = coalesce(s.src_country, excluded.src_country),
              ended_at = coalesce(greatest(s.ended_at, excluded.ended_at), s.ended_at, excluded.ended_at),
              username = case
                when s.auth_success then s.username
                when excluded.auth_success then excluded.username
                else coalesce(excluded.username, s.username) end,
              auth_success = s.auth_success or excluded.auth_success,
              auth_attempts = s.auth_attempts + excluded.auth_attempts,
              commands = s.commands + excluded.commands,
              events = s.events + excluded.events
            returning s.id, s.session
          ),
          linked as (
            insert into decoy_capture_sessions (sha256, session)
            select distinct i.payload->>'sha256', up.id
            from ins i join up on up.session = i.session
            where i.kind in ('file', 'download') and i.payload->>'sha256' is not null
            on conflict do nothing
          )
          select (select count(*) from ins) as inserted, (select array_agg(id) from up) as ids`,
    );
    return { inserted: Number(result?.inserted ?? 0), sessionIds: result?.ids ?? [] };
  }

  /** Stores recording chunks once per (sensor, session, seq); returns how many were new. */
  async insertChunks(sensorId: string, chunks: ChunkRow[]): Promise<number> {
    if (chunks.length === 0) return 0;
    const inserted = await rowsOf<{ seq: number }>(
      this.db,
      sql`insert into decoy_recordings (sensor_id, session, seq, header, lines, final)
          select ${sensorId}, x.session, x.seq, x.header, x.lines, x.final
          from jsonb_to_recordset(${JSON.stringify(chunks)}::jsonb)
            as x(session text, seq int, header jsonb, lines text, final boolean)
          on conflict (sensor_id, session, seq) do nothing
          returning seq`,
    );
    return inserted.length;
  }

  async upsertStatus(row: typeof decoySensorStatus.$inferInsert): Promise<void> {
    const { sensorId: _id, ...rest } = row;
    await this.db
      .insert(decoySensorStatus)
      .values(row)
      .onConflictDoUpdate({ target: decoySensorStatus.sensorId, set: { ...rest, reportedAt: sql`now()` } });
  }

  /** Records a captured file; false when it was stored already. */
  async insertCapture(row: typeof decoyCaptures.$inferInsert): Promise<boolean> {
    const inserted = await this.db
      .insert(decoyCaptures)
      .values(row)
      .onConflictDoNothing()
      .returning({ sha256: decoyCaptures.sha256 });
    return inserted.length > 0;
  }
}
