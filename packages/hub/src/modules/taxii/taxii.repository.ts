import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
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
  /** Only records shared with these sharing groups; undefined for any. */
  sharingGroupIds?: string[] | undefined;
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

type StixTable = typeof stixObjects;
/** The alias of the table in the subqueries that compare a row with its object's other rows. */
const OTHER = 'other';

/**
 * TAXII reads over the STIX store, always under the visibility policy, in (date added, row id) order.
 * A page is read in batches: the next rows in that order from the cursor under the policy and filters (a plain
 * ordered scan that stops at the batch size), then, for those rows only, whether each is the first copy of its
 * version and the version asked for (last, first), by looking up its object's other rows (the stix_id index)
 * under the same policy and filters. Rows that fail are skipped and the next batch is read until the page is full,
 * so a page costs about the same at the start and deep in a large collection.
 */
export class TaxiiRepository {
  constructor(private readonly db: Db) {}

  /** Up to `limit` visible versions after `after`; each (object, version) once, whoever's copy it is. */
  async page(actor: Actor, filter: VersionFilter, after: PagePosition | undefined, limit: number): Promise<TaxiiRow[]> {
    const page: TaxiiRow[] = [];
    const size = Math.ceil(limit * 1.2) + 10;
    let position = after;
    for (;;) {
      // A little more than the page: some candidates are older versions or second copies and are skipped.
      const batch = await this.batch(actor, filter, position, size);
      for (const { keep, ...row } of batch) {
        if (keep) page.push(row);
        if (page.length === limit) return page;
      }
      const last = batch.at(-1);
      if (batch.length < size || !last) return page;
      position = { dateAdded: last.dateAdded, rowId: last.rowId };
    }
  }

  /** The next `size` candidate rows after a position, each with whether it belongs in the page. */
  private async batch(actor: Actor, filter: VersionFilter, after: PagePosition | undefined, size: number) {
    const o = stixObjects;
    const other = alias(stixObjects, OTHER);
    // In raw SQL the alias names itself only: the FROM clause says which table it is.
    const others = sql`${o} as ${sql.identifier(OTHER)}`;
    const same = (t: StixTable | typeof other) => and(eq(t.stixId, o.stixId), ...this.conditions(actor, filter, t));
    const where: SQL[] = [...this.conditions(actor, filter, o)];
    if (filter.addedAfter) where.push(sql`${o.dateAdded} > ${filter.addedAfter}::timestamptz`);
    if (after) where.push(sql`(${o.dateAdded}, ${o.id}) > (${after.dateAdded}::timestamptz, ${after.rowId}::uuid)`);
    const noOther = (condition: SQL) => sql`not exists (select 1 from ${others} where ${same(other)} and ${condition})`;
    // Copies of one version held by several owners count once: the first added.
    const earlierCopy = sql`(${other.version} = ${o.version} and (${other.dateAdded}, ${other.id}) < (${o.dateAdded}, ${o.id}))`;
    // Versions are ordered as the intel module orders them (the timestamp text).
    const newer = sql`${other.version} > ${o.version}`;
    const older = sql`${other.version} < ${o.version}`;
    const onlyLast = filter.versions.length === 1 && filter.versions[0] === 'last';
    // The default (last versions) asks both questions in one look-up of the object's other rows.
    const keep: SQL[] = onlyLast
      ? [noOther(sql`(${newer} or ${earlierCopy})`)]
      : [
          noOther(earlierCopy),
          this.versionCondition(filter.versions, (wantNewest) => noOther(wantNewest ? newer : older)),
        ];
    // The candidates are a derived table named like the table, so that the checks' column references (written
    // against the table) read the candidates' columns; its LIMIT keeps the checks to these rows.
    return rowsOf<TaxiiRow & { keep: boolean }>(
      this.db,
      sql`select ${o.id} as "rowId", ${o.stixId} as "stixId",
            coalesce(nullif(${o.version}, ''), to_char(${o.dateAdded} at time zone 'UTC', ${UTC_MICROS})) as version,
            coalesce(${o.specVersion}, '2.1') as "specVersion",
            to_char(${o.dateAdded} at time zone 'UTC', ${UTC_MICROS}) as "dateAdded", ${o.object} as object,
            ${and(...keep)} as keep
          from (
            select ${o.id}, ${o.stixId}, ${o.version}, ${o.specVersion}, ${o.dateAdded}, ${o.object}
            from ${o}
            where ${and(...where)}
            order by ${o.dateAdded}, ${o.id}
            limit ${size}
          ) as ${o}
          order by ${o.dateAdded}, ${o.id}`,
    );
  }

  /** The policy and the collection's and request's filters, on one alias of the table. */
  private conditions(actor: Actor, filter: VersionFilter, t: StixTable | ReturnType<typeof alias<StixTable, string>>) {
    const where: SQL[] = [visibleTo(actor, t)];
    if (filter.ids) where.push(inArray(t.stixId, filter.ids));
    if (filter.types) where.push(inArray(t.type, filter.types));
    if (filter.specVersions) where.push(inArray(sql`coalesce(${t.specVersion}, '2.1')`, filter.specVersions));
    if (filter.ownerOrgIds) where.push(inArray(t.ownerOrgId, filter.ownerOrgIds));
    if (filter.scopes) where.push(inArray(t.scope, filter.scopes));
    if (filter.sharingGroupIds) where.push(inArray(t.sharingGroupId, filter.sharingGroupIds));
    return where;
  }

  private versionCondition(versions: string[], noOther: (newer: boolean) => SQL): SQL {
    const wanted = new Set(versions);
    if (wanted.has('all')) return sql`true`;
    const o = stixObjects;
    const conditions: SQL[] = [];
    if (wanted.has('last')) conditions.push(noOther(true));
    if (wanted.has('first')) conditions.push(noOther(false));
    const stamps = versions.filter((v) => v !== 'last' && v !== 'first');
    if (stamps.length > 0) {
      const list = sql.join(
        stamps.map((s) => sql`${s}::timestamptz`),
        sql`, `,
      );
      conditions.push(sql`coalesce(nullif(${o.version}, '')::timestamptz, ${o.dateAdded}) in (${list})`);
    }
    return sql`(${sql.join(conditions, sql` or `)})`;
  }
}
