import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { backscatterOf, backscatterVictims } from './telescope-backscatter.queries.js';
import {
  darknetEvidence,
  darknetSince,
  decoyEvidence,
  type DarknetEvidenceRow,
  type DecoyEvidenceRow,
} from './telescope-evidence.queries.js';
import type { EventFilters, Range } from './telescope-sql.js';
import { decoySightings, telescopeDos, telescopeScans, telescopeSensors, telescopeSources } from './telescope.table.js';
import {
  trafficHeatmap,
  trafficKeyed,
  trafficSeries,
  trafficTotals,
  type Granularity,
  type KeyedRow,
  type SeriesRow,
  type TopDimension,
} from './telescope-traffic.queries.js';

export type { DarknetEvidenceRow, DecoyEvidenceRow } from './telescope-evidence.queries.js';
export type { EventFilters, Range } from './telescope-sql.js';
export type { Granularity, KeyedRow, SeriesRow, TopDimension } from './telescope-traffic.queries.js';

export type DecoySightingInsert = typeof decoySightings.$inferInsert;

/**
 * Every read of the darknet data: series, rankings, events, source profiles and the self-check. The raw SQL of
 * the aggregates, the backscatter and the evidence lives beside it in `telescope-*.queries.ts`.
 */
export class TelescopeRepository {
  constructor(private readonly db: Db) {}

  /** Points per bucket, summed over sensors (unique counts: the largest estimate, a lower bound). */
  async series(granularity: Granularity, range: Range): Promise<SeriesRow[]> {
    return trafficSeries(this.db, granularity, range);
  }

  /** Every key of a dimension in the range: packets summed, sources the largest per-row estimate. */
  async keyed(granularity: Granularity, range: Range, dimension: TopDimension): Promise<KeyedRow[]> {
    return trafficKeyed(this.db, granularity, range, dimension);
  }

  async heatmap(granularity: Granularity, range: Range) {
    return trafficHeatmap(this.db, granularity, range);
  }

  /** Per sensor: packets, bytes and tagged packets in the range. */
  async totals(granularity: Granularity, range: Range) {
    return trafficTotals(this.db, granularity, range);
  }

  async sensors() {
    return this.db.select().from(telescopeSensors).orderBy(asc(telescopeSensors.id));
  }

  async scans(filters: EventFilters) {
    const where = and(
      gte(telescopeScans.end, filters.from),
      lt(telescopeScans.start, filters.to),
      filters.sensor ? eq(telescopeScans.sensorId, filters.sensor) : undefined,
      filters.source ? eq(telescopeScans.source, filters.source) : undefined,
      filters.port === undefined ? undefined : eq(telescopeScans.port, filters.port),
    );
    const [items, totals] = await Promise.all([
      this.db
        .select()
        .from(telescopeScans)
        .where(where)
        .orderBy(desc(telescopeScans.start), desc(telescopeScans.id))
        .limit(filters.limit)
        .offset(filters.offset),
      this.db.select({ n: count() }).from(telescopeScans).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  async dos(filters: EventFilters) {
    const where = and(
      gte(telescopeDos.end, filters.from),
      lt(telescopeDos.start, filters.to),
      filters.sensor ? eq(telescopeDos.sensorId, filters.sensor) : undefined,
      filters.source ? eq(telescopeDos.victim, filters.source) : undefined,
      filters.port === undefined ? undefined : sql`${filters.port}::int = any(${telescopeDos.attackerPorts})`,
    );
    const [items, totals] = await Promise.all([
      this.db
        .select()
        .from(telescopeDos)
        .where(where)
        .orderBy(desc(telescopeDos.start), desc(telescopeDos.id))
        .limit(filters.limit)
        .offset(filters.offset),
      this.db.select({ n: count() }).from(telescopeDos).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  /**
   * Backscatter victims in a range, summed over the intervals that named them (DoS event or not), the busiest
   * first; with `source`, one victim.
   */
  async backscatterVictims(filters: EventFilters) {
    return backscatterVictims(this.db, filters);
  }

  /** Everything the darknet saw of one victim's backscatter, the latest intervals' victims first. */
  async backscatterOf(ip: string, limit: number) {
    return backscatterOf(this.db, ip, limit);
  }

  async profile(ip: string) {
    return (await this.db.select().from(telescopeSources).where(eq(telescopeSources.ip, ip)))[0];
  }

  async scansOf(ip: string, limit: number) {
    return this.db
      .select()
      .from(telescopeScans)
      .where(eq(telescopeScans.source, ip))
      .orderBy(desc(telescopeScans.start), desc(telescopeScans.id))
      .limit(limit);
  }

  async dosOf(ip: string, limit: number) {
    return this.db
      .select()
      .from(telescopeDos)
      .where(eq(telescopeDos.victim, ip))
      .orderBy(desc(telescopeDos.start), desc(telescopeDos.id))
      .limit(limit);
  }

  async decoySightingsOf(host: string, limit: number, since?: Date) {
    return this.db
      .select()
      .from(decoySightings)
      .where(and(eq(decoySightings.host, host), since ? gte(decoySightings.lastSeen, since) : undefined))
      .orderBy(desc(decoySightings.lastSeen), desc(decoySightings.id))
      .limit(limit);
  }

  /** What the darknet saw of one address since a time: its contributions, and the ports of its scans. */
  async darknetSince(ip: string, since: Date) {
    return darknetSince(this.db, ip, since);
  }

  /** Darknet evidence per (host, UTC day): the contributions first seen that day and the scans started that day. */
  async darknetEvidence(pairs: { host: string; day: string }[]): Promise<DarknetEvidenceRow[]> {
    return darknetEvidence(this.db, pairs);
  }

  /** Decoy evidence per (host, UTC day of the sighting's first packet). */
  async decoyEvidence(pairs: { host: string; day: string }[]): Promise<DecoyEvidenceRow[]> {
    return decoyEvidence(this.db, pairs);
  }

  /** Stores a decoy sighting under the sensor's own key; a repeat of the key updates it in place. */
  async upsertDecoySighting(values: DecoySightingInsert) {
    const { key: _key, id: _id, ...rest } = values;
    return (
      await this.db
        .insert(decoySightings)
        .values(values)
        .onConflictDoUpdate({ target: decoySightings.key, set: { ...rest, recordedAt: new Date() } })
        .returning()
    )[0]!;
  }
}
