import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { epochMs, num } from './telescope-sql.js';

/** What the darknet and the decoys saw of given addresses: for the self-check and for alerts' evidence. */

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

/** What the darknet saw of one address since a time: its contributions, and the ports of its scans. */
export async function darknetSince(db: Db, ip: string, since: Date) {
  const at = since.toISOString();
  const rows = await rowsOf<Record<string, unknown>>(
    db,
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
export async function darknetEvidence(db: Db, pairs: { host: string; day: string }[]): Promise<DarknetEvidenceRow[]> {
  if (pairs.length === 0) return [];
  const keys = sql`unnest(${sql.param(pairs.map((p) => p.host))}::text[], ${sql.param(pairs.map((p) => p.day))}::date[]) as k(host, day)`;
  const rows = await rowsOf<Record<string, unknown>>(
    db,
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
export async function decoyEvidence(db: Db, pairs: { host: string; day: string }[]): Promise<DecoyEvidenceRow[]> {
  if (pairs.length === 0) return [];
  const rows = await rowsOf<Record<string, unknown>>(
    db,
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
