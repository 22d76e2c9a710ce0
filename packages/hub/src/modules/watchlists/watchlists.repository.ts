import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import { alerts } from '../alerts/alerts.table.js';
import { DeliveryJobsRepository } from '../deliveries/deliveries.repository.js';
import { observedValues } from '../fusion/fusion.table.js';
import { organisations } from '../orgs/orgs.table.js';
import type { WatchlistMatch } from './watchlist-match.js';
import { watchlistCursor, watchlistEntries, type WatchlistKind } from './watchlists.table.js';

export type WatchlistEntryRow = typeof watchlistEntries.$inferSelect;
export type WatchlistEntryInsert = typeof watchlistEntries.$inferInsert;

export interface EntryFilters {
  q?: string | undefined;
  kind?: WatchlistKind | undefined;
  limit: number;
  offset: number;
}

/** Which observed values a matching pass reads: the ones after the cursor, or (for new entries) recent ones. */
export type MatchRange =
  | { kind: 'after'; afterId: number; uptoId: number }
  | { kind: 'recent'; since: Date; uptoId: number; entryIds: string[] };

/** The alerts a watchlist entry raised: their evidence lists the entries that matched. */
const raisedBy = (entryId: SQL | string): SQL =>
  sql`${alerts.evidence} -> 'watchlist' -> 'entryIds' @> jsonb_build_array(${entryId}::text)`;

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/** Every query of watchlist entries, of the matcher's cursor, and the matching itself. */
export class WatchlistsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Runs the work in one transaction, with this repository and the alerts' repositories bound to it, so that a
   * matching pass stores its alerts and advances its cursor together.
   */
  async transaction<T>(
    work: (
      repo: WatchlistsRepository,
      alertsTx: { repo: AlertsRepository; jobs: DeliveryJobsRepository },
    ) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      return work(new WatchlistsRepository(db), {
        repo: new AlertsRepository(db),
        jobs: new DeliveryJobsRepository(db),
      });
    });
  }

  /** Serialises matching passes across hub instances until the transaction ends. */
  async lock(): Promise<void> {
    await this.db.execute(sql`select pg_advisory_xact_lock(hashtext('cynex.watchlist.matcher'))`);
  }

  async orgExists(orgId: string): Promise<boolean> {
    return (
      (await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId))).length > 0
    );
  }

  private where(orgId: string, filters: Pick<EntryFilters, 'q' | 'kind'>): SQL | undefined {
    const q = filters.q?.trim().toLowerCase();
    return and(
      eq(watchlistEntries.orgId, orgId),
      filters.kind ? eq(watchlistEntries.kind, filters.kind) : undefined,
      q
        ? sql`(${watchlistEntries.value} like ${`%${escapeLike(q)}%`} or ${watchlistEntries.note} ilike ${`%${escapeLike(q)}%`})`
        : undefined,
    );
  }

  /** A page of an organisation's entries, newest first, with how many alerts each raised. */
  async list(orgId: string, filters: EntryFilters) {
    const where = this.where(orgId, filters);
    const matches = sql<number>`(select count(*)::int from ${alerts}
      where ${alerts.orgId} = ${watchlistEntries.orgId} and ${raisedBy(sql`${watchlistEntries.id}`)})`;
    const [items, totals] = await Promise.all([
      this.db
        .select({ entry: watchlistEntries, matches })
        .from(watchlistEntries)
        .where(where)
        .orderBy(desc(watchlistEntries.createdAt), asc(watchlistEntries.kind), asc(watchlistEntries.value))
        .limit(filters.limit)
        .offset(filters.offset),
      this.db.select({ n: count() }).from(watchlistEntries).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  async countOf(orgId: string): Promise<number> {
    const rows = await this.db.select({ n: count() }).from(watchlistEntries).where(eq(watchlistEntries.orgId, orgId));
    return rows[0]?.n ?? 0;
  }

  /** Inserts the entries the organisation does not have yet; returns the new rows. */
  async insertMany(values: WatchlistEntryInsert[]): Promise<WatchlistEntryRow[]> {
    if (values.length === 0) return [];
    return this.db.insert(watchlistEntries).values(values).onConflictDoNothing().returning();
  }

  async get(orgId: string, id: string): Promise<WatchlistEntryRow | undefined> {
    return (
      await this.db
        .select()
        .from(watchlistEntries)
        .where(and(eq(watchlistEntries.orgId, orgId), eq(watchlistEntries.id, id)))
    )[0];
  }

  async delete(orgId: string, id: string): Promise<WatchlistEntryRow | undefined> {
    return (
      await this.db
        .delete(watchlistEntries)
        .where(and(eq(watchlistEntries.orgId, orgId), eq(watchlistEntries.id, id)))
        .returning()
    )[0];
  }

  /** The organisation's alerts an entry raised, newest first. */
  async alertsOf(orgId: string, entryId: string, limit: number, offset: number) {
    const where = and(eq(alerts.orgId, orgId), raisedBy(entryId));
    const [items, totals] = await Promise.all([
      this.db
        .select()
        .from(alerts)
        .where(where)
        .orderBy(desc(alerts.day), desc(alerts.lastSeen), asc(alerts.host))
        .limit(limit)
        .offset(offset),
      this.db.select({ n: count() }).from(alerts).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  async cursor(name: string): Promise<number> {
    const rows = await this.db
      .select({ id: watchlistCursor.lastObservedId })
      .from(watchlistCursor)
      .where(eq(watchlistCursor.name, name));
    return rows[0]?.id ?? 0;
  }

  async saveCursor(name: string, lastObservedId: number): Promise<void> {
    await this.db
      .insert(watchlistCursor)
      .values({ name, lastObservedId })
      .onConflictDoUpdate({ target: watchlistCursor.name, set: { lastObservedId, updatedAt: new Date() } });
  }

  /**
   * The last id of the next batch after the cursor: at most `limit` rows, and none of the rows indexed in the last
   * `settleSeconds` nor any after them. Ids are handed out when rows are written but become visible when their
   * transaction commits, so a fresh row may still have an uncommitted neighbour with a smaller id; waiting until
   * rows settle keeps the cursor from passing it. Undefined when there is nothing to read.
   */
  async batchEnd(afterId: number, limit: number, settleSeconds: number): Promise<number | undefined> {
    const rows = await rowsOf<{ upto: string | number | null }>(
      this.db,
      sql`with next as (
            select id, indexed_at from ${observedValues} where id > ${afterId} order by id limit ${limit}
          ), fresh as (
            select min(id) as id from next where indexed_at > now() - make_interval(secs => ${settleSeconds})
          )
          select coalesce((select id - 1 from fresh where id is not null), (select max(id) from next)) as upto`,
    );
    const upto = rows[0]?.upto;
    return upto === null || upto === undefined || Number(upto) <= afterId ? undefined : Number(upto);
  }

  /** The highest id in the index (new entries look back from here; the cursor reads on from its own place). */
  async lastObservedId(): Promise<number> {
    const rows = await rowsOf<{ id: string | number | null }>(
      this.db,
      sql`select max(id) as id from ${observedValues}`,
    );
    return Number(rows[0]?.id ?? 0);
  }

  /**
   * Joins observed values with every entry they match, before any visibility check: domains (a domain entry
   * matches its subdomains, and the host of an e-mail address or URL), e-mail addresses and hashes by equality,
   * an address entry the address or a prefix containing it, a prefix entry the addresses and prefixes inside it,
   * a keyword the value or the record's label (case-insensitively). Every branch is an index lookup per value
   * except keywords.
   */
  async candidates(range: MatchRange): Promise<WatchlistMatch[]> {
    const batch =
      range.kind === 'after'
        ? sql`id > ${range.afterId} and id <= ${range.uptoId}`
        : sql`id <= ${range.uptoId} and indexed_at >= ${range.since.toISOString()}::timestamptz`;
    const entries = range.kind === 'recent' ? sql`and e.id = any(${sql.param(range.entryIds)}::uuid[])` : sql``;
    const pick = sql`b.id as "rowId", e.id as "entryId", e.org_id as "orgId", e.kind as "entryKind",
      e.value as "entryValue", e.note as "entryNote", b.kind as "valueKind", b.value, b.record_type as "recordType",
      b.record_id as "recordId", b.record_label as "recordLabel", b.first_seen as "firstSeen",
      b.last_seen as "lastSeen"`;
    const rows = await rowsOf<WatchlistMatch & { rowId: string | number; firstSeen: unknown; lastSeen: unknown }>(
      this.db,
      sql`with batch as (
            select id, kind, value, addr, record_type, record_id, record_label, first_seen, last_seen,
              lower(value) as lvalue, lower(record_label) as llabel,
              case kind
                when 'domain' then value
                when 'email' then split_part(value, '@', 2)
                when 'url' then lower(substring(value from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]+)'))
              end as host
            from ${observedValues} where ${batch}
          ), keywords as (
            -- (the pattern once per keyword, which is lower case: % and _ in it are literal)
            select e.*, '%' || replace(replace(replace(e.value, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' as pattern
            from watchlist_entries e where e.kind = 'keyword' ${entries}
          )
          select ${pick} from batch b
            cross join lateral (
              select array_to_string(parts[i:], '.') as suffix
              from (select string_to_array(b.host, '.') as parts) p, generate_series(1, cardinality(p.parts) - 1) i
            ) s
            join watchlist_entries e on e.kind = 'domain' and e.value = s.suffix ${entries}
            where b.host is not null
          union all
          select ${pick} from batch b
            join watchlist_entries e on e.kind = b.kind and e.value = b.value ${entries}
            where b.kind in ('email', 'hash')
          union all
          select ${pick} from batch b
            join watchlist_entries e on e.kind = 'address' and e.addr <<= b.addr ${entries}
            where b.kind = 'ip' and b.addr is not null
          union all
          select ${pick} from batch b
            join watchlist_entries e on e.kind = 'prefix' and e.addr >>= b.addr ${entries}
            where b.kind = 'ip' and b.addr is not null
          union all
          select ${pick} from batch b
            join keywords e on b.lvalue like e.pattern or b.llabel like e.pattern`,
    );
    const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
    return rows.map((r) => ({
      ...r,
      rowId: Number(r.rowId),
      firstSeen: date(r.firstSeen),
      lastSeen: date(r.lastSeen),
    }));
  }

  /** Which of the observed values the actor may read (the one visibility rule, on the values' copied sharing). */
  async readable(actor: Actor, rowIds: number[]): Promise<Set<number>> {
    if (rowIds.length === 0) return new Set();
    const rows = await this.db
      .select({ id: observedValues.id })
      .from(observedValues)
      .where(and(inArray(observedValues.id, rowIds), visibleTo(actor, observedValues)));
    return new Set(rows.map((r) => Number(r.id)));
  }
}
