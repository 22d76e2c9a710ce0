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

/** A session's counters over the events of one batch that were new. */
export interface SessionDelta extends SessionOwnership {
  session: string;
  worldId: string;
  host: string;
  protocol: string;
  srcIp: string;
  srcPort: number;
  /** ISO country of the source, from the hub's geolocation data (null: unknown or private). */
  srcCountry: string | null;
  startedAt: string;
  lastEventAt: string;
  endedAt: string | null;
  username: string | null;
  authSuccess: boolean;
  authAttempts: number;
  commands: number;
  events: number;
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
   * Stores the events and folds the new ones into their sessions, in one transaction: an event is either stored
   * with its session's counters or not at all. Returns the ids of the sessions that changed and how many events
   * were new.
   */
  async ingestEvents(
    sensorId: string,
    events: DecoyEvent[],
    fold: (fresh: DecoyEvent[]) => SessionDelta[],
  ): Promise<{ inserted: number; sessionIds: string[] }> {
    return this.db.transaction(async (tx) => {
      // The events travel once, as they are; their columns are read out of each one in SQL.
      const inserted = await rowsOf<{ event_id: string }>(
        tx,
        sql`insert into decoy_events (sensor_id, event_id, world_id, session, host, kind, time, src_ip, src_port, payload)
            select ${sensorId}, e->>'id', e->>'world', e->>'session', e->>'host', e->>'kind', (e->>'time')::timestamptz,
              e->'src'->>'ip', (e->'src'->>'port')::int, e
            from jsonb_array_elements(${JSON.stringify(events)}::jsonb) as e
            on conflict (sensor_id, event_id) do nothing
            returning event_id`,
      );
      if (inserted.length === 0) return { inserted: 0, sessionIds: [] };
      const freshIds = new Set(inserted.map((r) => r.event_id));
      const fresh = events.filter((e) => freshIds.has(e.id));
      const deltas = fold(fresh);
      const sessions = await rowsOf<{ id: string }>(
        tx,
        sql`insert into decoy_sessions as s (sensor_id, session, world_id, host, protocol, src_ip, src_port, src_country,
              started_at, last_event_at, ended_at, username, auth_success, auth_attempts, commands, events,
              owner_org_id, scope, marking, sharing_group_id)
            select ${sensorId}, x.session, x.world_id, x.host, x.protocol, x.src_ip, x.src_port, x.src_country,
              x.started_at, x.last_event_at, x.ended_at, x.username, x.auth_success, x.auth_attempts, x.commands,
              x.events, x.owner_org_id, x.scope, x.marking, x.sharing_group_id
            from jsonb_to_recordset(${JSON.stringify(deltas.map(snake))}::jsonb) as x(session text, world_id text,
              host text, protocol text, src_ip text, src_port int, src_country text, started_at timestamptz,
              last_event_at timestamptz,
              ended_at timestamptz, username text, auth_success boolean, auth_attempts int, commands int, events int,
              owner_org_id uuid, scope text, marking text, sharing_group_id uuid)
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
            returning s.id`,
      );
      const captures = fresh.flatMap((e) =>
        (e.kind === 'file' || e.kind === 'download') && e.sha256 ? [{ sha256: e.sha256, session: e.session }] : [],
      );
      if (captures.length > 0) {
        await tx.execute(
          sql`insert into decoy_capture_sessions (sha256, session)
              select distinct x.sha256, s.id
              from jsonb_to_recordset(${JSON.stringify(captures)}::jsonb) as x(sha256 text, session text)
              join decoy_sessions s on s.sensor_id = ${sensorId} and s.session = x.session
              on conflict do nothing`,
        );
      }
      return { inserted: inserted.length, sessionIds: sessions.map((s) => s.id) };
    });
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

const snake = (d: SessionDelta) => ({
  session: d.session,
  world_id: d.worldId,
  host: d.host,
  protocol: d.protocol,
  src_ip: d.srcIp,
  src_port: d.srcPort,
  src_country: d.srcCountry,
  started_at: d.startedAt,
  last_event_at: d.lastEventAt,
  ended_at: d.endedAt,
  username: d.username,
  auth_success: d.authSuccess,
  auth_attempts: d.authAttempts,
  commands: d.commands,
  events: d.events,
  owner_org_id: d.ownerOrgId,
  scope: d.scope,
  marking: d.marking,
  sharing_group_id: d.sharingGroupId,
});
