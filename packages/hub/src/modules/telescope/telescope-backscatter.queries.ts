import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { epochMs, num, type EventFilters } from './telescope-sql.js';

/** Backscatter victims: the intervals that named an address as the target of a flood, summed per victim. */

/** One victim's backscatter rows summed (group by 1, 2, 3: kind, victim, protocol); read by `presentVictim`. */
const VICTIM_SUMS = sql`b.kind, b.victim, b.protocol, sum(b.packets) as packets, sum(b.bytes) as bytes,
  max(b.reflectors) as reflectors, count(*) as intervals, ${epochMs('min(b.interval_start)')} as first,
  ${epochMs('max(b.interval_start + make_interval(secs => b.seconds))')} as last, jsonb_agg(to_jsonb(b.ports)) as ports`;

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

/**
 * Backscatter victims in a range, summed over the intervals that named them (DoS event or not), the busiest
 * first; with `source`, one victim.
 */
export async function backscatterVictims(db: Db, filters: EventFilters) {
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
      db,
      sql`${grouped} order by packets desc, victim, protocol, kind limit ${filters.limit} offset ${filters.offset}`,
    ),
    rowsOf<{ n: unknown }>(db, sql`select count(*) as n from (${grouped}) g`),
  ]);
  return { items: items.map(presentVictim), total: num(totals[0]?.n) };
}

/** Everything the darknet saw of one victim's backscatter, the latest intervals' victims first. */
export async function backscatterOf(db: Db, ip: string, limit: number) {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select ${VICTIM_SUMS} from telescope_backscatter b where b.victim = ${ip}
        group by 1, 2, 3 order by last desc limit ${limit}`,
  );
  return rows.map(presentVictim);
}
