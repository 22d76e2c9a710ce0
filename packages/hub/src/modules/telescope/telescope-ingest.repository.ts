import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

/** An interval ready to store: the wire fields plus the per-protocol counters the console charts. */
export interface IntervalRow {
  start: string;
  seconds: number;
  packets: number;
  bytes: number;
  uniqueSources: number;
  uniqueDestinations: number;
  tcpPackets: number;
  udpPackets: number;
  icmpPackets: number;
  backscatterPackets: number;
  byProtocol: unknown;
  byClass: unknown;
  byTag: unknown;
  tcpPorts: unknown;
  udpPorts: unknown;
  countries: unknown;
  asns: unknown;
  heatmap: unknown;
}

export interface BackscatterRow {
  intervalStart: string;
  seconds: number;
  kind: string;
  victim: string;
  protocol: string;
  packets: number;
  bytes: number;
  reflectors: number;
  ports: number[];
}

export interface ScanRow {
  kind: string;
  portCount: number;
  source: string;
  protocol: string;
  port: number;
  start: string;
  end: string;
  packets: number;
  destinations: number;
  packetsPerSecond: number;
  tags: string[];
}

export interface DosRow {
  victim: string;
  protocol: string;
  start: string;
  end: string;
  packets: number;
  bytes: number;
  maxRate: number;
  attackerPorts: number[];
  method: string;
}

export interface ContributionRow {
  source: string;
  intervalStart: string;
  firstSeen: string;
  lastSeen: string;
  packets: number;
  bytes: number;
  ports: string[];
  portCount: number;
  destinations: number;
  tags: string[];
  cc: string;
  asn: number;
}

export interface IngestRows {
  sensorId: string;
  monitoredAddresses: number;
  intervals: IntervalRow[];
  scans: ScanRow[];
  dos: DosRow[];
  contributions: ContributionRow[];
  /** The intervals' backscatter victims: they replace those stored for the same intervals. */
  backscatter: BackscatterRow[];
  /** Bucket starts (ISO, UTC) whose rollups the intervals change. */
  hours: string[];
  days: string[];
}

/** Top lists kept per rollup row: more than an interval's 100, so that a day's ranking is not cut too early. */
const LIST_CAP = { ports: 1000, countries: 300, asns: 1000, heatmap: 20_000 } as const;

interface UnnestColumn {
  name: string;
  type: string;
  values: unknown[];
}

/** `unnest($1::t1[], $2::t2[], …) as u(c1, c2, …)`: one parameter per column, however many rows. */
function unnest(columns: UnnestColumn[]): SQL {
  const args = sql.join(
    columns.map((c) => sql`${sql.param(c.values)}::${sql.raw(c.type)}[]`),
    sql`, `,
  );
  return sql`unnest(${args}) as u(${sql.raw(columns.map((c) => c.name).join(', '))})`;
}

const col = <T>(rows: T[], name: string, type: string, pick: (row: T) => unknown): UnnestColumn => ({
  name,
  type,
  values: rows.map(pick),
});
const setExcluded = (names: string[]) => sql.raw(names.map((n) => `${n} = excluded.${n}`).join(', '));

/**
 * The rollup of one granularity for the given buckets, recomputed from the level below (hours from intervals,
 * days from hours): `insert … select … group by date_trunc … on conflict do update`, so recomputing is idempotent.
 */
function rollupStatement(granularity: '1h' | '1d', sensorId: string, buckets: string[]): SQL {
  const hourly = granularity === '1h';
  const src = hourly ? 'telescope_intervals' : 'telescope_rollups';
  const time = hourly ? 'start' : 'bucket';
  const unit = hourly ? 'hour' : 'day';
  const step = hourly ? "interval '1 hour'" : "interval '1 day'";
  const level = hourly ? '' : " and j.granularity = '1h'";
  const member = sql.raw(
    `j.sensor_id = b.sensor_id${level} and j.${time} >= b.bucket and j.${time} < b.bucket + ${step}`,
  );
  const from = sql.raw(src);
  // The bounds let the primary key find the rows; the bucket list then picks the buckets inside them.
  const sorted = [...buckets].sort();
  const [first, last] = [sorted[0], sorted[sorted.length - 1]];
  const mergeMap = (column: string) => sql`(
    select coalesce(jsonb_object_agg(e.k, jsonb_build_object('packets', e.p, 'bytes', e.b, 'sources', e.s)), '{}'::jsonb)
    from (select kv.key as k, sum((kv.value->>'packets')::bigint) as p, sum((kv.value->>'bytes')::bigint) as b,
                 max((kv.value->>'sources')::bigint) as s
          from ${from} j cross join lateral jsonb_each(j.${sql.raw(column)}) kv where ${member} group by kv.key) e)`;
  const mergeList = (column: string, keyName: string, keyExpr: string, cap: number, extra = '') => sql`(
    select coalesce(jsonb_agg(jsonb_build_object(${sql.raw(`'${keyName}'`)}, e.k, 'packets', e.p, 'bytes', e.b,
           'sources', e.s${sql.raw(extra ? `, 'name', e.name` : '')}) order by e.s desc, e.p desc, e.k), '[]'::jsonb)
    from (select ${sql.raw(keyExpr)} as k, sum((x->>'packets')::bigint) as p, sum((x->>'bytes')::bigint) as b,
                 max((x->>'sources')::bigint) as s${sql.raw(extra)}
          from ${from} j cross join lateral jsonb_array_elements(j.${sql.raw(column)}) x where ${member}
          group by 1 order by s desc, p desc, k limit ${sql.raw(String(cap))}) e)`;
  const heatmap = sql`(
    select coalesce(jsonb_agg(jsonb_build_object('dstBlock', e.d, 'portBucket', e.pb, 'packets', e.p)
           order by e.d, e.pb), '[]'::jsonb)
    from (select (x->>'dstBlock')::int as d, (x->>'portBucket')::int as pb, sum((x->>'packets')::bigint) as p
          from ${from} j cross join lateral jsonb_array_elements(j.heatmap) x where ${member}
          group by 1, 2 order by p desc, d, pb limit ${sql.raw(String(LIST_CAP.heatmap))}) e)`;
  const counters = ['packets', 'bytes', 'tcp_packets', 'udp_packets', 'icmp_packets', 'backscatter_packets'] as const;
  const uniques = ['unique_sources', 'unique_destinations'] as const;
  const allColumns = [
    'intervals',
    'seconds',
    ...counters,
    ...uniques,
    'by_protocol',
    'by_class',
    'by_tag',
    'tcp_ports',
    'udp_ports',
    'countries',
    'asns',
    'heatmap',
    'updated_at',
  ];
  return sql`
    with base as (
      select s.sensor_id, date_trunc(${sql.raw(`'${unit}'`)}, s.${sql.raw(time)}, 'UTC') as bucket,
             ${sql.raw(hourly ? 'count(*)' : 'sum(s.intervals)')}::int as intervals,
             sum(s.seconds)::int as seconds,
             ${sql.raw(counters.map((c) => `sum(s.${c}) as ${c}`).join(', '))},
             ${sql.raw(uniques.map((c) => `max(s.${c}) as ${c}`).join(', '))}
      from ${from} s
      where s.sensor_id = ${sensorId}${sql.raw(hourly ? '' : " and s.granularity = '1h'")}
        and s.${sql.raw(time)} >= ${first}::timestamptz and s.${sql.raw(time)} < ${last}::timestamptz + ${sql.raw(step)}
        and date_trunc(${sql.raw(`'${unit}'`)}, s.${sql.raw(time)}, 'UTC') = any(${sql.param(buckets)}::timestamptz[])
      group by 1, 2
    )
    insert into telescope_rollups (granularity, sensor_id, bucket, ${sql.raw(allColumns.join(', '))})
    select ${granularity}, b.sensor_id, b.bucket, b.intervals, b.seconds,
           ${sql.raw([...counters, ...uniques].map((c) => `b.${c}`).join(', '))},
           ${mergeMap('by_protocol')}, ${mergeMap('by_class')}, ${mergeMap('by_tag')},
           ${mergeList('tcp_ports', 'port', "(x->>'port')::int", LIST_CAP.ports)},
           ${mergeList('udp_ports', 'port', "(x->>'port')::int", LIST_CAP.ports)},
           ${mergeList('countries', 'cc', "x->>'cc'", LIST_CAP.countries)},
           ${mergeList('asns', 'asn', "(x->>'asn')::bigint", LIST_CAP.asns, ", max(x->>'name') as name")},
           ${heatmap}, now()
    from base b
    on conflict (granularity, sensor_id, bucket) do update set ${setExcluded(allColumns)}`;
}

/** Writes one sensor batch: intervals, rollups, events and source profiles, in one transaction. */
export class TelescopeIngestRepository {
  constructor(private readonly db: Db) {}

  async store(rows: IngestRows): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into telescope_sensors (id, monitored_addresses, last_upload_at)
        values (${rows.sensorId}, ${rows.monitoredAddresses}, now())
        on conflict (id) do update set monitored_addresses = excluded.monitored_addresses, last_upload_at = now()`);
      if (rows.intervals.length > 0) {
        await tx.execute(this.intervalsStatement(rows.sensorId, rows.intervals));
        await tx.execute(rollupStatement('1h', rows.sensorId, rows.hours));
        await tx.execute(rollupStatement('1d', rows.sensorId, rows.days));
        const starts = rows.intervals.map((i) => i.start);
        await tx.execute(sql`
          delete from telescope_backscatter
          where sensor_id = ${rows.sensorId} and interval_start = any(${sql.param(starts)}::timestamptz[])`);
        if (rows.backscatter.length > 0) await tx.execute(this.backscatterStatement(rows.sensorId, rows.backscatter));
      }
      if (rows.scans.length > 0) await tx.execute(this.scansStatement(rows.sensorId, rows.scans));
      if (rows.dos.length > 0) await tx.execute(this.dosStatement(rows.sensorId, rows.dos));
      if (rows.contributions.length > 0) await tx.execute(this.sourcesStatement(rows.sensorId, rows.contributions));
    });
  }

  /**
   * Intervals are few (at most 2,000) but heavy (top lists and a heat map each): they travel as one jsonb document,
   * which both drivers pass several times faster than the same JSON escaped inside a jsonb[] array literal.
   * The many narrow rows (events, sources) go through unnest.
   */
  private intervalsStatement(sensorId: string, rows: IntervalRow[]): SQL {
    const columns: [string, string, (r: IntervalRow) => unknown][] = [
      ['start', 'timestamptz', (r) => r.start],
      ['seconds', 'int', (r) => r.seconds],
      ['packets', 'bigint', (r) => r.packets],
      ['bytes', 'bigint', (r) => r.bytes],
      ['unique_sources', 'bigint', (r) => r.uniqueSources],
      ['unique_destinations', 'bigint', (r) => r.uniqueDestinations],
      ['tcp_packets', 'bigint', (r) => r.tcpPackets],
      ['udp_packets', 'bigint', (r) => r.udpPackets],
      ['icmp_packets', 'bigint', (r) => r.icmpPackets],
      ['backscatter_packets', 'bigint', (r) => r.backscatterPackets],
      ['by_protocol', 'jsonb', (r) => r.byProtocol],
      ['by_class', 'jsonb', (r) => r.byClass],
      ['by_tag', 'jsonb', (r) => r.byTag],
      ['tcp_ports', 'jsonb', (r) => r.tcpPorts],
      ['udp_ports', 'jsonb', (r) => r.udpPorts],
      ['countries', 'jsonb', (r) => r.countries],
      ['asns', 'jsonb', (r) => r.asns],
      ['heatmap', 'jsonb', (r) => r.heatmap],
    ];
    const names = columns.map(([name]) => name);
    const document = JSON.stringify(
      rows.map((row) => Object.fromEntries(columns.map(([name, , pick]) => [name, pick(row)]))),
    );
    return sql`
      insert into telescope_intervals (sensor_id, ${sql.raw(names.join(', '))}, received_at)
      select ${sensorId}, u.*, now()
      from jsonb_to_recordset(${document}::jsonb) as u(${sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '))})
      on conflict (sensor_id, start) do update set ${setExcluded([...names.slice(1), 'received_at'])}`;
  }

  private backscatterStatement(sensorId: string, rows: BackscatterRow[]): SQL {
    const columns = [
      col(rows, 'interval_start', 'timestamptz', (r) => r.intervalStart),
      col(rows, 'seconds', 'int', (r) => r.seconds),
      col(rows, 'kind', 'text', (r) => r.kind),
      col(rows, 'victim', 'text', (r) => r.victim),
      col(rows, 'protocol', 'text', (r) => r.protocol),
      col(rows, 'packets', 'bigint', (r) => r.packets),
      col(rows, 'bytes', 'bigint', (r) => r.bytes),
      col(rows, 'reflectors', 'bigint', (r) => r.reflectors),
      col(rows, 'ports', 'jsonb', (r) => JSON.stringify(r.ports)),
    ];
    return sql`
      insert into telescope_backscatter (sensor_id, interval_start, seconds, kind, victim, protocol, packets, bytes,
                                         reflectors, ports)
      select ${sensorId}, u.interval_start, u.seconds, u.kind, u.victim, u.protocol, u.packets, u.bytes, u.reflectors,
             array(select jsonb_array_elements_text(u.ports)::int)
      from ${unnest(columns)}
      on conflict (sensor_id, interval_start, kind, victim, protocol) do update
        set ${setExcluded(['seconds', 'packets', 'bytes', 'reflectors', 'ports'])}`;
  }

  private scansStatement(sensorId: string, rows: ScanRow[]): SQL {
    const columns = [
      col(rows, 'kind', 'text', (r) => r.kind),
      col(rows, 'source', 'text', (r) => r.source),
      col(rows, 'protocol', 'text', (r) => r.protocol),
      col(rows, 'port', 'int', (r) => r.port),
      col(rows, 'port_count', 'int', (r) => r.portCount),
      col(rows, 'start', 'timestamptz', (r) => r.start),
      col(rows, '"end"', 'timestamptz', (r) => r.end),
      col(rows, 'packets', 'bigint', (r) => r.packets),
      col(rows, 'destinations', 'bigint', (r) => r.destinations),
      col(rows, 'packets_per_second', 'float8', (r) => r.packetsPerSecond),
      col(rows, 'tags', 'jsonb', (r) => JSON.stringify(r.tags)),
    ];
    return sql`
      insert into telescope_scans (sensor_id, kind, source, protocol, port, port_count, start, "end", packets,
                                   destinations, packets_per_second, tags)
      select ${sensorId}, u.kind, u.source, u.protocol, u.port, u.port_count, u.start, u."end", u.packets,
             u.destinations, u.packets_per_second, array(select jsonb_array_elements_text(u.tags))
      from ${unnest(columns)}
      on conflict (sensor_id, kind, source, protocol, port, start) do update
        set ${setExcluded(['port_count', '"end"', 'packets', 'destinations', 'packets_per_second', 'tags'])}`;
  }

  private dosStatement(sensorId: string, rows: DosRow[]): SQL {
    const columns = [
      col(rows, 'victim', 'text', (r) => r.victim),
      col(rows, 'protocol', 'text', (r) => r.protocol),
      col(rows, 'start', 'timestamptz', (r) => r.start),
      col(rows, '"end"', 'timestamptz', (r) => r.end),
      col(rows, 'packets', 'bigint', (r) => r.packets),
      col(rows, 'bytes', 'bigint', (r) => r.bytes),
      col(rows, 'max_rate', 'float8', (r) => r.maxRate),
      col(rows, 'attacker_ports', 'jsonb', (r) => JSON.stringify(r.attackerPorts)),
      col(rows, 'method', 'text', (r) => r.method),
    ];
    return sql`
      insert into telescope_dos (sensor_id, victim, protocol, start, "end", packets, bytes, max_rate, attacker_ports,
                                 method)
      select ${sensorId}, u.victim, u.protocol, u.start, u."end", u.packets, u.bytes, u.max_rate,
             array(select jsonb_array_elements_text(u.attacker_ports)::int), u.method
      from ${unnest(columns)}
      on conflict (sensor_id, victim, protocol, start) do update
        set ${setExcluded(['"end"', 'packets', 'bytes', 'max_rate', 'attacker_ports', 'method'])}`;
  }

  /**
   * Stores each source's contribution and merges it into the profile by its difference to the contribution the
   * same key held before (nothing on a retry), all in one statement: the CTEs see the table before the upsert.
   */
  private sourcesStatement(sensorId: string, rows: ContributionRow[]): SQL {
    const columns = [
      col(rows, 'source', 'text', (r) => r.source),
      col(rows, 'interval_start', 'timestamptz', (r) => r.intervalStart),
      col(rows, 'first_seen', 'timestamptz', (r) => r.firstSeen),
      col(rows, 'last_seen', 'timestamptz', (r) => r.lastSeen),
      col(rows, 'packets', 'bigint', (r) => r.packets),
      col(rows, 'bytes', 'bigint', (r) => r.bytes),
      col(rows, 'ports', 'jsonb', (r) => JSON.stringify(r.ports)),
      col(rows, 'port_count', 'int', (r) => r.portCount),
      col(rows, 'destinations', 'bigint', (r) => r.destinations),
      col(rows, 'tags', 'jsonb', (r) => JSON.stringify(r.tags)),
      col(rows, 'cc', 'text', (r) => r.cc),
      col(rows, 'asn', 'bigint', (r) => r.asn),
    ];
    const union = (a: string, b: string, limit = '') =>
      `array(select distinct p from unnest(${a} || ${b}) as p order by p${limit})`;
    return sql`
      with incoming as (
        select u.source, u.interval_start, u.first_seen, u.last_seen, u.packets, u.bytes,
               array(select jsonb_array_elements_text(u.ports)) as ports, u.port_count, u.destinations,
               array(select jsonb_array_elements_text(u.tags)) as tags, u.cc, u.asn
        from ${unnest(columns)}
      ),
      previous as (
        -- matched on the whole primary key, so that a sensor with a long history is looked up, not scanned
        select i.source, c.packets, c.bytes
        from incoming i cross join lateral (
          select c.packets, c.bytes from telescope_source_contributions c
          where c.source = i.source and c.sensor_id = ${sensorId} and c.interval_start = i.interval_start
        ) c
      ),
      stored as (
        insert into telescope_source_contributions (sensor_id, source, interval_start, first_seen, last_seen, packets,
                                                    bytes, ports, port_count, destinations, tags, cc, asn)
        select ${sensorId}, i.* from incoming i
        on conflict (source, sensor_id, interval_start) do update set
          first_seen = excluded.first_seen, last_seen = excluded.last_seen, packets = excluded.packets,
          bytes = excluded.bytes, ports = excluded.ports, port_count = excluded.port_count,
          destinations = excluded.destinations, tags = excluded.tags, cc = excluded.cc, asn = excluded.asn
        returning 1
      )
      insert into telescope_sources as t (ip, first_seen, last_seen, packets, bytes, ports, port_count, destinations,
                                          tags, cc, asn, updated_at)
      select i.source, i.first_seen, i.last_seen, i.packets - coalesce(p.packets, 0), i.bytes - coalesce(p.bytes, 0),
             ${sql.raw(union('i.ports', "'{}'::text[]", ' limit 50'))}, i.port_count, i.destinations,
             ${sql.raw(union('i.tags', "'{}'::text[]"))}, i.cc, i.asn, now()
      from incoming i left join previous p on p.source = i.source
      on conflict (ip) do update set
        first_seen = least(t.first_seen, excluded.first_seen),
        last_seen = greatest(t.last_seen, excluded.last_seen),
        packets = t.packets + excluded.packets,
        bytes = t.bytes + excluded.bytes,
        ports = ${sql.raw(union('t.ports', 'excluded.ports', ' limit 50'))},
        port_count = greatest(t.port_count, excluded.port_count),
        destinations = greatest(t.destinations, excluded.destinations),
        tags = ${sql.raw(union('t.tags', 'excluded.tags'))},
        cc = case when excluded.last_seen >= t.last_seen then excluded.cc else t.cc end,
        asn = case when excluded.last_seen >= t.last_seen then excluded.asn else t.asn end,
        updated_at = now()`;
  }
}
