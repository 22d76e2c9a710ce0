import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { decoySightings, telescopeDos, telescopeScans, telescopeSensors, telescopeSources } from './telescope.table.js';

export type Granularity = '5m' | '1h' | '1d';
export type TopDimension = 'country' | 'tcp_port' | 'udp_port' | 'asn';

export interface Range {
  from: Date;
  to: Date;
  sensor?: string | undefined;
}

export interface SeriesRow {
  t: number;
  packets: number;
  bytes: number;
  uniqueSources: number;
  uniqueDestinations: number;
  tcp: number;
  udp: number;
  icmp: number;
  backscatter: number;
}

export interface KeyedRow {
  key: string;
  packets: number;
  sources: number;
  name: string | null;
}

export interface EventFilters extends Range {
  source?: string | undefined;
  port?: number | undefined;
  limit: number;
  offset: number;
}

export interface DarknetEvidenceRow {
  host: string;
  day: string;
  packets: number;
  bytes: number;
  firstSeen: number;
  lastSeen: number;
  ports: string[];
  sensors: string[];
  scans: Record<string, unknown>[];
}

export interface DecoyEvidenceRow {
  host: string;
  day: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  ports: string[];
  sightings: Record<string, unknown>[];
}

export type DecoySightingInsert = typeof decoySightings.$inferInsert;

const num = (value: unknown): number => Number(value ?? 0);

function presentVictim(r: Record<string, unknown>) {
  return {
    victimKind: String(r.kind),
    victim: String(r.victim),
    protocol: String(r.protocol),
    packets: num(r.packets),
    bytes: num(r.bytes),
    reflectors: num(r.reflectors),
    intervals: num(r.intervals),
    first: num(r.first),
    last: num(r.last),
    ports: busiestPorts(r.ports as number[][]),
  };
}

/** The ports most intervals listed for a victim (each interval lists its busiest first), at most five. */
function busiestPorts(lists: number[][]): number[] {
  const seen = new Map<number, number>();
  for (const list of lists) list.forEach((port, rank) => seen.set(port, (seen.get(port) ?? 0) + 10 - rank));
  return [...seen]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 5)
    .map(([port]) => port);
}
const KEY_EXPR: Record<TopDimension, { column: string; key: string; name?: string }> = {
  country: { column: 'countries', key: "x->>'cc'" },
  tcp_port: { column: 'tcp_ports', key: "x->>'port'" },
  udp_port: { column: 'udp_ports', key: "x->>'port'" },
  asn: { column: 'asns', key: "x->>'asn'", name: "max(x->>'name')" },
};
const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

/** One victim's backscatter rows summed (group by 1, 2, 3: kind, victim, protocol); read by `presentVictim`. */
const VICTIM_SUMS = sql`b.kind, b.victim, b.protocol, sum(b.packets) as packets, sum(b.bytes) as bytes,
  max(b.reflectors) as reflectors, count(*) as intervals, ${epochMs('min(b.interval_start)')} as first,
  ${epochMs('max(b.interval_start + make_interval(secs => b.seconds))')} as last, jsonb_agg(to_jsonb(b.ports)) as ports`;

/**
 * The rows of one level in a range: 5-minute intervals, or the 1 h / 1 d rollups, matched by their start
 * (a bucket that starts inside the range counts whole).
 */
function level(granularity: Granularity, range: Range, alias = 'j'): { from: SQL; where: SQL } {
  const interval = granularity === '5m';
  const time = `${alias}.${interval ? 'start' : 'bucket'}`;
  const conditions = [
    sql`${sql.raw(time)} >= ${range.from.toISOString()}::timestamptz`,
    sql`${sql.raw(time)} < ${range.to.toISOString()}::timestamptz`,
  ];
  if (!interval) conditions.push(sql`${sql.raw(alias)}.granularity = ${granularity}`);
  if (range.sensor) conditions.push(sql`${sql.raw(alias)}.sensor_id = ${range.sensor}`);
  return {
    from: sql.raw(`${interval ? 'telescope_intervals' : 'telescope_rollups'} ${alias}`),
    where: sql.join(conditions, sql` and `),
  };
}

/** Every read of the darknet data: series, rankings, events, source profiles and the self-check. */
export class TelescopeRepository {
  constructor(private readonly db: Db) {}

  /** Points per bucket, summed over sensors (unique counts: the largest estimate, a lower bound). */
  async series(granularity: Granularity, range: Range): Promise<SeriesRow[]> {
    const { from, where } = level(granularity, range);
    const bucket = granularity === '5m' ? "date_bin('5 minutes', j.start, timestamptz 'epoch')" : 'j.bucket';
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select ${epochMs(bucket)} as t, sum(j.packets)::float8 as packets, sum(j.bytes)::float8 as bytes,
                 max(j.unique_sources)::float8 as unique_sources, max(j.unique_destinations)::float8 as unique_destinations,
                 sum(j.tcp_packets)::float8 as tcp, sum(j.udp_packets)::float8 as udp, sum(j.icmp_packets)::float8 as icmp,
                 sum(j.backscatter_packets)::float8 as backscatter
          from ${from} where ${where} group by 1 order by 1`,
    );
    return rows.map((r) => ({
      t: num(r.t),
      packets: num(r.packets),
      bytes: num(r.bytes),
      uniqueSources: num(r.unique_sources),
      uniqueDestinations: num(r.unique_destinations),
      tcp: num(r.tcp),
      udp: num(r.udp),
      icmp: num(r.icmp),
      backscatter: num(r.backscatter),
    }));
  }

  /** Every key of a dimension in the range: packets summed, sources the largest per-row estimate. */
  async keyed(granularity: Granularity, range: Range, dimension: TopDimension): Promise<KeyedRow[]> {
    const { from, where } = level(granularity, range);
    const spec = KEY_EXPR[dimension];
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select ${sql.raw(spec.key)} as key, sum((x->>'packets')::bigint)::float8 as packets,
                 max((x->>'sources')::bigint)::float8 as sources, ${sql.raw(spec.name ?? 'null')} as name
          from ${from} cross join lateral jsonb_array_elements(j.${sql.raw(spec.column)}) x
          where ${where} group by 1`,
    );
    return rows.map((r) => ({
      key: String(r.key),
      packets: num(r.packets),
      sources: num(r.sources),
      name: typeof r.name === 'string' && r.name !== '' ? r.name : null,
    }));
  }

  async heatmap(granularity: Granularity, range: Range) {
    const { from, where } = level(granularity, range);
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select (x->>'dstBlock')::int as d, (x->>'portBucket')::int as p, sum((x->>'packets')::bigint)::float8 as n
          from ${from} cross join lateral jsonb_array_elements(j.heatmap) x
          where ${where} group by 1, 2 order by 1, 2`,
    );
    return rows.map((r) => ({ dstBlock: num(r.d), portBucket: num(r.p), packets: num(r.n) }));
  }

  /** Per sensor: packets, bytes and tagged packets in the range. */
  async totals(granularity: Granularity, range: Range) {
    const { from, where } = level(granularity, range);
    const tag = (name: string) => sql.raw(`coalesce(sum((j.by_tag->'${name}'->>'packets')::bigint), 0)::float8`);
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select j.sensor_id, sum(j.packets)::float8 as packets, sum(j.bytes)::float8 as bytes,
                 ${tag('research')} as research, ${tag('mirai')} as mirai
          from ${from} where ${where} group by 1`,
    );
    return rows.map((r) => ({
      sensorId: String(r.sensor_id),
      packets: num(r.packets),
      bytes: num(r.bytes),
      research: num(r.research),
      mirai: num(r.mirai),
    }));
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
    const conditions = [
      sql`b.interval_start >= ${filters.from.toISOString()}::timestamptz`,
      sql`b.interval_start < ${filters.to.toISOString()}::timestamptz`,
    ];
    if (filters.sensor) conditions.push(sql`b.sensor_id = ${filters.sensor}`);
    if (filters.source) conditions.push(sql`b.victim = ${filters.source}`);
    if (filters.port !== undefined) conditions.push(sql`${filters.port}::int = any(b.ports)`);
    const grouped = sql`
      select ${VICTIM_SUMS} from telescope_backscatter b
      where ${sql.join(conditions, sql` and `)}
      group by 1, 2, 3`;
    const [items, totals] = await Promise.all([
      rowsOf<Record<string, unknown>>(
        this.db,
        sql`${grouped} order by packets desc, victim, protocol, kind limit ${filters.limit} offset ${filters.offset}`,
      ),
      rowsOf<{ n: unknown }>(this.db, sql`select count(*) as n from (${grouped}) g`),
    ]);
    return { items: items.map(presentVictim), total: num(totals[0]?.n) };
  }

  /** Everything the darknet saw of one victim's backscatter, the latest intervals' victims first. */
  async backscatterOf(ip: string, limit: number) {
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select ${VICTIM_SUMS} from telescope_backscatter b where b.victim = ${ip}
          group by 1, 2, 3 order by last desc limit ${limit}`,
    );
    return rows.map(presentVictim);
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
    const at = since.toISOString();
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`with c as (select * from telescope_source_contributions where source = ${ip} and last_seen >= ${at}::timestamptz),
               s as (select * from telescope_scans where source = ${ip} and "end" >= ${at}::timestamptz)
          select (select count(*) from c)::int as contributions, (select count(*) from s)::int as scans,
                 coalesce((select sum(packets) from c), (select sum(packets) from s), 0)::float8 as packets,
                 ${epochMs('least((select min(first_seen) from c), (select min(start) from s))')} as first_seen,
                 ${epochMs('greatest((select max(last_seen) from c), (select max("end") from s))')} as last_seen,
                 array(select p from (select unnest(ports) as p from c
                                      union select protocol || '/' || port from s) q order by p limit 50) as ports`,
    );
    const r = rows[0];
    if (!r || (num(r.contributions) === 0 && num(r.scans) === 0)) return null;
    return {
      packets: num(r.packets),
      firstSeen: new Date(num(r.first_seen)),
      lastSeen: new Date(num(r.last_seen)),
      ports: r.ports as string[],
    };
  }

  /** Darknet evidence per (host, UTC day): the contributions first seen that day and the scans started that day. */
  async darknetEvidence(pairs: { host: string; day: string }[]): Promise<DarknetEvidenceRow[]> {
    if (pairs.length === 0) return [];
    const keys = sql`unnest(${sql.param(pairs.map((p) => p.host))}::text[], ${sql.param(pairs.map((p) => p.day))}::date[]) as k(host, day)`;
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`with cp as (
            select k.host, k.day, c.sensor_id, c.packets, c.bytes, c.first_seen, c.last_seen, c.ports
            from ${keys} cross join lateral (
              select * from telescope_source_contributions c
              where c.source = k.host and (c.first_seen at time zone 'UTC')::date = k.day) c),
          c as (
            select cp.host, cp.day, sum(cp.packets)::float8 as packets, sum(cp.bytes)::float8 as bytes,
                   min(cp.first_seen) as first_seen, max(cp.last_seen) as last_seen,
                   array(select distinct p from cp cp2 cross join lateral unnest(cp2.ports) p
                         where cp2.host = cp.host and cp2.day = cp.day order by p limit 50) as ports,
                   array_agg(distinct cp.sensor_id) as sensors
            from cp group by 1, 2),
          s as (
            select k.host, k.day, min(s.start) as first_seen, max(s."end") as last_seen,
                   sum(s.packets)::float8 as packets,
                   array_agg(distinct s.protocol || '/' || s.port) as ports,
                   array_agg(distinct s.sensor_id) as sensors,
                   jsonb_agg(jsonb_build_object('sensorId', s.sensor_id, 'protocol', s.protocol, 'port', s.port,
                     'start', s.start, 'end', s."end", 'packets', s.packets, 'destinations', s.destinations,
                     'packetsPerSecond', s.packets_per_second, 'tags', s.tags) order by s.start, s.port) as scans
            from ${keys} cross join lateral (
              select * from telescope_scans s
              where s.source = k.host and s.start >= k.day::timestamp at time zone 'UTC'
                and s.start < (k.day + 1)::timestamp at time zone 'UTC') s
            group by 1, 2)
          select coalesce(c.host, s.host) as host, coalesce(c.day, s.day)::text as day,
                 coalesce(c.packets, s.packets, 0) as packets, coalesce(c.bytes, 0) as bytes,
                 ${epochMs('least(c.first_seen, s.first_seen)')} as first_seen,
                 ${epochMs('greatest(c.last_seen, s.last_seen)')} as last_seen,
                 array(select distinct p from unnest(coalesce(c.ports, '{}') || coalesce(s.ports, '{}')) p
                       order by p limit 50) as ports,
                 array(select distinct x from unnest(coalesce(c.sensors, '{}') || coalesce(s.sensors, '{}')) x
                       order by x) as sensors,
                 coalesce(s.scans, '[]'::jsonb) as scans
          from c full join s on c.host = s.host and c.day = s.day`,
    );
    return rows.map((r) => ({
      host: String(r.host),
      day: String(r.day),
      packets: num(r.packets),
      bytes: num(r.bytes),
      firstSeen: num(r.first_seen),
      lastSeen: num(r.last_seen),
      ports: r.ports as string[],
      sensors: r.sensors as string[],
      scans: r.scans as Record<string, unknown>[],
    }));
  }

  /** Decoy evidence per (host, UTC day of the sighting's first packet). */
  async decoyEvidence(pairs: { host: string; day: string }[]): Promise<DecoyEvidenceRow[]> {
    if (pairs.length === 0) return [];
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select k.host, k.day::text as day, sum(d.count)::int as count,
                 ${epochMs('min(d.first_seen)')} as first_seen, ${epochMs('max(d.last_seen)')} as last_seen,
                 array(select distinct p from unnest(array_agg(d.port::text)) p where p is not null order by p) as ports,
                 jsonb_agg(jsonb_build_object('id', d.key, 'sensorId', d.sensor_id, 'environmentCode', d.environment_code,
                   'kind', d.kind, 'port', d.port, 'firstSeen', d.first_seen, 'lastSeen', d.last_seen, 'count', d.count,
                   'details', d.details) order by d.first_seen, d.key) as sightings
          from unnest(${sql.param(pairs.map((p) => p.host))}::text[], ${sql.param(pairs.map((p) => p.day))}::date[]) as k(host, day)
          cross join lateral (
            select * from decoy_sightings d where d.host = k.host and (d.first_seen at time zone 'UTC')::date = k.day) d
          group by 1, 2`,
    );
    return rows.map((r) => ({
      host: String(r.host),
      day: String(r.day),
      count: num(r.count),
      firstSeen: num(r.first_seen),
      lastSeen: num(r.last_seen),
      ports: r.ports as string[],
      sightings: r.sightings as Record<string, unknown>[],
    }));
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
