import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { telescopeDos, telescopeSources } from '../telescope/telescope.table.js';
import { COMMUNITY_GREEN, changedAfter, type FusionSource, type IndexRow } from './fusion-source.js';
import { normalise } from './observed-value.js';

/**
 * Darknet scanners: one record per source address (its profile over all sensors), community material. Keyed by
 * the address rather than by sensor and day: the profile is what a member looks at, and it is one row to replace.
 */
export class TelescopeSourceFusionSource implements FusionSource {
  readonly kind = 'telescope_source';

  constructor(private readonly db: Db) {}

  async rows(ids: readonly string[]): Promise<Map<string, IndexRow[]>> {
    const out = new Map<string, IndexRow[]>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .select()
      .from(telescopeSources)
      .where(inArray(telescopeSources.ip, [...ids]));
    for (const s of rows) {
      const ip = normalise('ip', s.ip);
      if (!ip) continue;
      const tags = s.tags.length > 0 ? ` (${s.tags.slice(0, 5).join(', ')})` : '';
      out.set(s.ip, [
        {
          kind: 'ip',
          value: ip,
          recordType: 'telescope_source',
          recordId: s.ip,
          recordLabel: `darknet source ${ip}${tags}`,
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          sharing: COMMUNITY_GREEN,
        },
      ]);
    }
    return out;
  }

  async stale(since: Date | undefined): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      sql`select t.ip as id from telescope_sources t
          where ${changedAfter(sql`t.updated_at`, since)}
            and not exists (select 1 from observed_values o
                            where o.source = 'telescope_source:' || t.ip and o.last_seen >= t.last_seen)
          ${
            since
              ? sql``
              : sql`union select o.record_id from observed_values o
            where o.record_type = 'telescope_source'
              and not exists (select 1 from telescope_sources t where t.ip = o.record_id)`
          }`,
    );
    return rows.map((r) => r.id);
  }
}

/** Denial-of-service attacks seen through their backscatter: the victim's address, community material. */
export class TelescopeDosFusionSource implements FusionSource {
  readonly kind = 'telescope_dos';

  constructor(private readonly db: Db) {}

  async rows(ids: readonly string[]): Promise<Map<string, IndexRow[]>> {
    const out = new Map<string, IndexRow[]>();
    const numeric = ids.map(Number).filter((id) => Number.isSafeInteger(id));
    if (numeric.length === 0) return out;
    const rows = await this.db.select().from(telescopeDos).where(inArray(telescopeDos.id, numeric));
    for (const d of rows) {
      const ip = normalise('ip', d.victim);
      if (!ip) continue;
      out.set(String(d.id), [
        {
          kind: 'ip',
          value: ip,
          recordType: 'telescope_event',
          recordId: String(d.id),
          recordLabel: `DoS victim ${ip} (${d.protocol}, ${d.packets} packets)`,
          firstSeen: d.start,
          lastSeen: d.end,
          sharing: COMMUNITY_GREEN,
        },
      ]);
    }
    return out;
  }

  /**
   * Events never indexed or grown since (a re-upload extends an event). With `since`: the newest events by id (the
   * ingest's order; an event's own times are when it happened, not when it arrived) and those that ended lately.
   */
  async stale(since: Date | undefined): Promise<string[]> {
    const recent = since
      ? sql`(d.id > (select coalesce(max(id), 0) - 10000 from telescope_dos)
             or ${changedAfter(sql`d."end"`, new Date(since.getTime() - 86_400_000))})`
      : sql`true`;
    const rows = await rowsOf<{ id: string }>(
      this.db,
      sql`select d.id::text as id from telescope_dos d
          where ${recent}
            and not exists (select 1 from observed_values o
                            where o.source = 'telescope_dos:' || d.id and o.last_seen >= d."end")
          ${
            since
              ? sql``
              : sql`union select o.record_id from observed_values o
            where o.record_type = 'telescope_event'
              and not exists (select 1 from telescope_dos d where d.id::text = o.record_id)`
          }`,
    );
    return rows.map((r) => r.id);
  }
}
