import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { decoyCaptureSessions, decoySessions } from '../decoy/decoy.table.js';
import { changedAfter, rowsFor, type FusionSource, type IndexRow } from './fusion-source.js';
import { normalise, type ObservedValue } from './observed-value.js';

/**
 * Attacker sessions in decoy worlds: the attacker's address, the ATT&CK techniques the analysis found and the
 * files the session left behind. Rows carry the session's own sharing columns, which the ingest copied from its
 * world: exactly what the decoy session routes filter on.
 */
export class DecoySessionFusionSource implements FusionSource {
  readonly kind = 'decoy_session';

  constructor(private readonly db: Db) {}

  async rows(ids: readonly string[]): Promise<Map<string, IndexRow[]>> {
    const out = new Map<string, IndexRow[]>();
    const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (uuids.length === 0) return out;
    const [sessions, captures] = await Promise.all([
      this.db.select().from(decoySessions).where(inArray(decoySessions.id, uuids)),
      this.db
        .select({ sessionId: decoyCaptureSessions.session, sha256: decoyCaptureSessions.sha256 })
        .from(decoyCaptureSessions)
        .where(inArray(decoyCaptureSessions.session, uuids)),
    ]);
    for (const s of sessions) {
      const values: ObservedValue[] = [];
      const ip = normalise('ip', s.srcIp);
      if (ip) values.push({ kind: 'ip', value: ip });
      for (const t of new Set(s.techniques.map((t) => normalise('attack', t)))) {
        if (t) values.push({ kind: 'attack', value: t });
      }
      for (const c of captures.filter((c) => c.sessionId === s.id)) {
        const hash = normalise('hash', c.sha256);
        if (hash) values.push({ kind: 'hash', value: hash });
      }
      out.set(
        s.id,
        rowsFor(values, {
          recordType: 'decoy_session',
          recordId: s.id,
          recordLabel: `${s.protocol} session from ${s.srcIp} on ${s.worldId}`,
          firstSeen: s.startedAt,
          lastSeen: s.lastEventAt,
          sharing: {
            ownerOrgId: s.ownerOrgId,
            scope: s.scope,
            marking: s.marking,
            sharingGroupId: s.sharingGroupId,
            recipientUserIds: s.recipientUserIds,
            createdBy: s.createdBy,
          },
        }),
      );
    }
    return out;
  }

  async stale(since: Date | undefined): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      sql`select s.id::text as id from decoy_sessions s
          where ${changedAfter(sql`s.last_event_at`, since && new Date(since.getTime() - 3_600_000))}
            and not exists (select 1 from observed_values o
                            where o.source = 'decoy_session:' || s.id
                              and o.last_seen >= s.last_event_at
                              and o.indexed_at >= coalesce(s.analysed_at, s.last_event_at))
          ${
            since
              ? sql``
              : sql`union select o.record_id from observed_values o
            where o.record_type = 'decoy_session'
              and not exists (select 1 from decoy_sessions s where s.id::text = o.record_id)`
          }`,
    );
    return rows.map((r) => r.id);
  }
}
