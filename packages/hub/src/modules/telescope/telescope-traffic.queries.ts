import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { epochMs, num, type Range } from './telescope-sql.js';

/** The darknet's aggregate traffic: series, rankings by dimension, the heatmap and per-sensor totals. */

export type Granularity = '5m' | '1h' | '1d';
export type TopDimension = 'country' | 'tcp_port' | 'udp_port' | 'asn';

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

const KEY_EXPR: Record<TopDimension, { column: string; key: string; name?: string }> = {
  country: { column: 'countries', key: "x->>'cc'" },
  tcp_port: { column: 'tcp_ports', key: "x->>'port'" },
  udp_port: { column: 'udp_ports', key: "x->>'port'" },
  asn: { column: 'asns', key: "x->>'asn'", name: "max(x->>'name')" },
};

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

/** Points per bucket, summed over sensors (unique counts: the largest estimate, a lower bound). */
export async function trafficSeries(db: Db, granularity: Granularity, range: Range): Promise<SeriesRow[]> {
  const { from, where } = level(granularity, range);
  const bucket = granularity === '5m' ? "date_bin('5 minutes', j.start, timestamptz 'epoch')" : 'j.bucket';
  const rows = await rowsOf<Record<string, unknown>>(
    db,
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
export async function trafficKeyed(
  db: Db,
  granularity: Granularity,
  range: Range,
  dimension: TopDimension,
): Promise<KeyedRow[]> {
  const { from, where } = level(granularity, range);
  const spec = KEY_EXPR[dimension];
  const rows = await rowsOf<Record<string, unknown>>(
    db,
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

export async function trafficHeatmap(db: Db, granularity: Granularity, range: Range) {
  const { from, where } = level(granularity, range);
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select (x->>'dstBlock')::int as d, (x->>'portBucket')::int as p, sum((x->>'packets')::bigint)::float8 as n
        from ${from} cross join lateral jsonb_array_elements(j.heatmap) x
        where ${where} group by 1, 2 order by 1, 2`,
  );
  return rows.map((r) => ({ dstBlock: num(r.d), portBucket: num(r.p), packets: num(r.n) }));
}

/** Per sensor: packets, bytes and tagged packets in the range. */
export async function trafficTotals(db: Db, granularity: Granularity, range: Range) {
  const { from, where } = level(granularity, range);
  const tag = (name: string) => sql.raw(`coalesce(sum((j.by_tag->'${name}'->>'packets')::bigint), 0)::float8`);
  const rows = await rowsOf<Record<string, unknown>>(
    db,
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
