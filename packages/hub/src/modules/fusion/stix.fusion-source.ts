import { and, desc, inArray, isNull, or, sql, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { stixObjects } from '../intel/intel.table.js';
import { changedAfter, earliest, latest, rowsFor, type FusionSource, type IndexRow } from './fusion-source.js';
import { stixLabel, stixObjectValues, type ObservedValue } from './observed-value.js';

type StixRow = typeof stixObjects.$inferSelect;

/** The object types that can mention a value (the rest — identities, relationships, reports — mention none). */
export const VALUE_TYPES = [
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'file',
  'indicator',
  'attack-pattern',
  'malware',
  'vulnerability',
  'sighting',
] as const;

const derivedKey = sql<string | null>`${stixObjects.object} ->> 'x_cynex_source'`;
const valueTypes = sql.raw(VALUE_TYPES.map((t) => `'${t}'`).join(', '));

/** A derived set's key (`case:<uuid>`) contains a colon before any slash; an imported object's is `<owner>/<stix id>`. */
const isDerivedKey = (key: string) => /^[a-z_]+:/.test(key);

/**
 * The STIX store: imported objects (one record per owner and STIX id; only the newest version has rows, so a new
 * version replaces them; a revoked object has none) and the sets derived from cynex records (one source per
 * derived set, `case:<uuid>`, replaced whole as `DerivedIntel` replaces the set). A sighting mentions the values
 * of the indicator it sights. Record type `stix`, record id the STIX id, label `<type>: <name or value>`.
 */
export class StixFusionSource implements FusionSource {
  readonly kind = 'stix';

  constructor(private readonly db: Db) {}

  async rows(ids: readonly string[]): Promise<Map<string, IndexRow[]>> {
    const out = new Map<string, IndexRow[]>();
    const derived = ids.filter(isDerivedKey);
    const imported = ids
      .filter((id) => !isDerivedKey(id))
      .map((id) => ({ id, owner: id.slice(0, id.indexOf('/')), stixId: id.slice(id.indexOf('/') + 1) }))
      .filter((k) => /^[0-9a-f-]{36}$/i.test(k.owner) && k.stixId.length > 0);
    const conditions: SQL[] = [];
    if (derived.length > 0) conditions.push(inArray(derivedKey, derived));
    if (imported.length > 0) {
      // By STIX id (indexed) and owner; the exact pairs are kept below.
      conditions.push(
        and(
          isNull(derivedKey),
          inArray(stixObjects.stixId, [...new Set(imported.map((k) => k.stixId))]),
          inArray(stixObjects.ownerOrgId, [...new Set(imported.map((k) => k.owner))]),
        )!,
      );
    }
    if (conditions.length === 0) return out;
    // Newest version of each (owner, STIX id): TAXII's `modified` order, then arrival.
    const rows = await this.db
      .selectDistinctOn([stixObjects.ownerOrgId, stixObjects.stixId])
      .from(stixObjects)
      .where(and(or(...conditions), sql`${stixObjects.type} in (${valueTypes})`))
      .orderBy(stixObjects.ownerOrgId, stixObjects.stixId, desc(stixObjects.version), desc(stixObjects.dateAdded));
    const sighted = await this.indicatorValues(rows);
    const wanted = new Set(ids);
    for (const row of rows) {
      const key = row.object.x_cynex_source;
      const id = typeof key === 'string' ? key : `${row.ownerOrgId}/${row.stixId}`;
      if (row.revoked || !wanted.has(id)) continue;
      const values =
        row.type === 'sighting'
          ? (sighted.get(`${row.ownerOrgId}/${String(row.object.sighting_of_ref)}`) ?? [])
          : stixObjectValues(row.object);
      const o = row.object as Record<string, string | undefined>;
      const list = out.get(id) ?? [];
      list.push(
        ...rowsFor(values, {
          recordType: 'stix',
          recordId: row.stixId,
          recordLabel: stixLabel(row.object),
          firstSeen: earliest(o.first_seen, o.valid_from, o.first_observed) ?? earliest(o.created, row.dateAdded),
          lastSeen: latest(o.last_seen, o.last_observed) ?? latest(o.modified, o.created, row.dateAdded),
          sharing: {
            ownerOrgId: row.ownerOrgId,
            scope: row.scope,
            marking: row.marking,
            sharingGroupId: row.sharingGroupId,
            recipientUserIds: row.recipientUserIds,
            createdBy: row.createdBy,
          },
        }),
      );
      out.set(id, list);
    }
    // A derived set or object that has nothing to index still exists: an empty entry keeps its rows deleted.
    return out;
  }

  /** The values of the indicators the sightings point at (same owner, newest version), by `<owner>/<indicator id>`. */
  private async indicatorValues(rows: StixRow[]): Promise<Map<string, ObservedValue[]>> {
    const refs = rows
      .filter((r) => r.type === 'sighting' && typeof r.object.sighting_of_ref === 'string')
      .map((r) => ({ owner: r.ownerOrgId, ref: String(r.object.sighting_of_ref) }));
    const out = new Map<string, ObservedValue[]>();
    if (refs.length === 0) return out;
    const indicators = await this.db
      .selectDistinctOn([stixObjects.ownerOrgId, stixObjects.stixId], {
        ownerOrgId: stixObjects.ownerOrgId,
        stixId: stixObjects.stixId,
        object: stixObjects.object,
      })
      .from(stixObjects)
      .where(and(inArray(stixObjects.stixId, [...new Set(refs.map((r) => r.ref))]), eq(stixObjects.type, 'indicator')))
      .orderBy(stixObjects.ownerOrgId, stixObjects.stixId, desc(stixObjects.version), desc(stixObjects.dateAdded));
    for (const i of indicators) out.set(`${i.ownerOrgId}/${i.stixId}`, stixObjectValues(i.object));
    return out;
  }

  async stale(since: Date | undefined): Promise<string[]> {
    const imported = await rowsOf<{ id: string }>(
      this.db,
      sql`select distinct s.owner_org_id::text || '/' || s.stix_id as id from stix_objects s
          where s.object ->> 'x_cynex_source' is null and s.type in (${valueTypes})
            and ${changedAfter(sql`s.date_added`, since)}
            and not exists (select 1 from observed_values o
                            where o.source = 'stix:' || s.owner_org_id::text || '/' || s.stix_id
                              and o.indexed_at >= s.date_added)`,
    );
    const derived = await rowsOf<{ id: string }>(
      this.db,
      sql`select distinct s.object ->> 'x_cynex_source' as id from stix_objects s
          where s.object ->> 'x_cynex_source' is not null and s.type in (${valueTypes})
            and ${changedAfter(sql`s.date_added`, since)}
            and not exists (select 1 from observed_values o
                            where o.source = 'stix:' || (s.object ->> 'x_cynex_source') and o.indexed_at >= s.date_added)`,
    );
    const gone = since
      ? []
      : await rowsOf<{ id: string }>(
          this.db,
          sql`select distinct substr(o.source, 6) as id from observed_values o
              where o.record_type = 'stix'
                and not exists (select 1 from stix_objects s
                                where s.stix_id = o.record_id and s.owner_org_id = o.owner_org_id and not s.revoked)`,
        );
    return [...imported, ...derived, ...gone].map((r) => r.id);
  }
}
