import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { stixObjects } from '../intel/intel.table.js';

type Scope = (typeof stixObjects.$inferSelect)['scope'];

/** Which object versions a TAXII read asks for; every list is already checked by the route's schema. */
export interface VersionFilter {
  ids?: string[] | undefined;
  types?: string[] | undefined;
  specVersions?: string[] | undefined;
  /** 'last', 'first', 'all' or version timestamps. */
  versions: string[];
  addedAfter?: string | undefined;
  /** Only organisation-owned copies of these organisations; undefined for every visible copy. */
  ownerOrgIds?: string[] | undefined;
  /** Only these scopes; undefined for every scope. */
  scopes?: Scope[] | undefined;
}

/** Where a page ends: the last row's date added (microseconds, UTC text) and its row id. */
export interface PagePosition {
  dateAdded: string;
  rowId: string;
}

export interface TaxiiRow {
  rowId: string;
  stixId: string;
  /** The object's modified (or created); the date added for SCOs, which have neither. */
  version: string;
  specVersion: string;
  dateAdded: string;
  object: Record<string, unknown>;
}

const UTC_MICROS = `YYYY-MM-DD"T"HH24:MI:SS.US"Z"`;

/** TAXII reads over the STIX store: one query, always under the visibility policy, in (date added, row id) order. */
export class TaxiiRepository {
  constructor(private readonly db: Db) {}

  /** Up to `limit` visible versions after `after`; each (object, version) once, whoever's copy it is. */
  async page(actor: Actor, filter: VersionFilter, after: PagePosition | undefined, limit: number): Promise<TaxiiRow[]> {
    const t = stixObjects;
    const inner: SQL[] = [visibleTo(actor, t)];
    if (filter.ids) inner.push(inArray(t.stixId, filter.ids));
    if (filter.types) inner.push(inArray(t.type, filter.types));
    if (filter.specVersions) inner.push(inArray(sql`coalesce(${t.specVersion}, '2.1')`, filter.specVersions));
    if (filter.ownerOrgIds) inner.push(inArray(t.ownerOrgId, filter.ownerOrgIds));
    if (filter.scopes) inner.push(inArray(t.scope, filter.scopes));

    const outer: SQL[] = [sql`copy = 1`, this.versionCondition(filter.versions)];
    if (filter.addedAfter) outer.push(sql`date_added > ${filter.addedAfter}::timestamptz`);
    if (after) outer.push(sql`(date_added, id) > (${after.dateAdded}::timestamptz, ${after.rowId}::uuid)`);

    // Versions are ordered as the intel module orders them (the timestamp text); copies of one version held by
    // several owners count once, the first added.
    return rowsOf<TaxiiRow>(
      this.db,
      sql`with visible as (
            select ${t.id} as id, ${t.stixId} as stix_id, ${t.version} as version, ${t.specVersion} as spec_version,
              ${t.object} as object, ${t.dateAdded} as date_added,
              row_number() over (partition by ${t.stixId}, ${t.version} order by ${t.dateAdded}, ${t.id}) as copy,
              dense_rank() over (partition by ${t.stixId} order by ${t.version} desc) as newest,
              dense_rank() over (partition by ${t.stixId} order by ${t.version} asc) as oldest
            from ${t}
            where ${and(...inner)}
          )
          select id as "rowId", stix_id as "stixId",
            coalesce(nullif(version, ''), to_char(date_added at time zone 'UTC', ${UTC_MICROS})) as version,
            coalesce(spec_version, '2.1') as "specVersion",
            to_char(date_added at time zone 'UTC', ${UTC_MICROS}) as "dateAdded", object
          from visible
          where ${and(...outer)}
          order by visible.date_added, visible.id
          limit ${limit}`,
    );
  }

  private versionCondition(versions: string[]): SQL {
    const wanted = new Set(versions);
    if (wanted.has('all')) return sql`true`;
    const conditions: SQL[] = [];
    if (wanted.has('last')) conditions.push(sql`newest = 1`);
    if (wanted.has('first')) conditions.push(sql`oldest = 1`);
    const stamps = versions.filter((v) => v !== 'last' && v !== 'first');
    if (stamps.length > 0) {
      const list = sql.join(
        stamps.map((s) => sql`${s}::timestamptz`),
        sql`, `,
      );
      conditions.push(sql`coalesce(nullif(version, '')::timestamptz, date_added) in (${list})`);
    }
    return sql`(${sql.join(conditions, sql` or `)})`;
  }
}
