import { TELESCOPE_INTERVAL_SECONDS, type TelescopeBatch } from '@cynex/core';
import { canonicalIp } from './ip-address.js';
import type {
  BackscatterRow,
  ContributionRow,
  DosRow,
  IngestRows,
  IntervalRow,
  ScanRow,
} from './telescope-ingest.repository.js';

/** A host seen on a UTC day: what member alerts are computed for. */
export interface HostDay {
  host: string;
  day: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const INTERVAL_MS = TELESCOPE_INTERVAL_SECONDS * 1000;

const iso = (text: string) => new Date(text).toISOString();
const floorTo = (text: string, ms: number) => new Date(Math.floor(Date.parse(text) / ms) * ms).toISOString();
const utcDay = (text: string) => iso(text).slice(0, 10);
/** Canonical address text when it is one; otherwise the sensor's text as sent (stored, never matched). */
const address = (text: string) => canonicalIp(text) ?? text.trim().toLowerCase();
const union = (a: readonly string[], b: readonly string[], limit = Infinity) =>
  [...new Set([...a, ...b])].sort().slice(0, limit);

/** Last one wins when a batch repeats a key: the unique keys of the tables may be written once per statement. */
function byKey<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

function intervalRow(interval: TelescopeBatch['intervals'][number]): IntervalRow {
  const proto = interval.byProtocol;
  return {
    start: iso(interval.start),
    seconds: interval.seconds,
    packets: interval.packets,
    bytes: interval.bytes,
    uniqueSources: interval.uniqueSources,
    uniqueDestinations: interval.uniqueDestinations,
    tcpPackets: proto.tcp?.packets ?? 0,
    udpPackets: proto.udp?.packets ?? 0,
    icmpPackets: (proto.icmp?.packets ?? 0) + (proto.icmpv6?.packets ?? 0),
    backscatterPackets: interval.byClass.backscatter?.packets ?? 0,
    byProtocol: interval.byProtocol,
    byClass: interval.byClass,
    byTag: interval.byTag,
    tcpPorts: interval.tcpPorts,
    udpPorts: interval.udpPorts,
    countries: interval.countries.map((c) => ({ ...c, cc: c.cc.toUpperCase() })),
    asns: interval.asns,
    heatmap: interval.heatmap,
  };
}

/** Merges the entries of one source in a batch (a sensor should send one, but a repeat must not break the key). */
function contributions(sources: TelescopeBatch['sources']): ContributionRow[] {
  const merged = new Map<string, ContributionRow>();
  for (const s of sources) {
    const source = address(s.source);
    const row: ContributionRow = {
      source,
      intervalStart: floorTo(s.firstSeen, INTERVAL_MS),
      firstSeen: iso(s.firstSeen),
      lastSeen: iso(s.lastSeen),
      packets: s.packets,
      bytes: s.bytes,
      ports: union(s.ports, [], 50),
      portCount: s.portCount,
      destinations: s.destinations,
      tags: union(s.tags, []),
      cc: s.cc.toUpperCase(),
      asn: s.asn,
    };
    const before = merged.get(source);
    if (!before) {
      merged.set(source, row);
      continue;
    }
    const earlier = before.firstSeen <= row.firstSeen ? before : row;
    const later = before.lastSeen >= row.lastSeen ? before : row;
    merged.set(source, {
      ...later,
      intervalStart: earlier.intervalStart,
      firstSeen: earlier.firstSeen,
      packets: before.packets + row.packets,
      bytes: before.bytes + row.bytes,
      ports: union(before.ports, row.ports, 50),
      portCount: Math.max(before.portCount, row.portCount),
      destinations: Math.max(before.destinations, row.destinations),
      tags: union(before.tags, row.tags),
    });
  }
  return [...merged.values()];
}

/**
 * Turns a validated batch into the rows to store (canonical addresses, UTC times, per-protocol counters, the
 * rollup buckets it touches) and the (host, day) pairs that member alerts look at.
 */
export function ingestRows(batch: TelescopeBatch): { rows: IngestRows; hostDays: HostDay[] } {
  const intervals = byKey(batch.intervals.map(intervalRow), (r) => r.start);
  const scans: ScanRow[] = byKey(
    batch.scans.map((s) => ({
      ...s,
      source: address(s.source),
      start: iso(s.start),
      end: iso(s.end),
      tags: union(s.tags, []),
    })),
    (s) => `${s.kind} ${s.source} ${s.protocol} ${s.port} ${s.start}`,
  );
  const dos: DosRow[] = byKey(
    batch.dos.map((d) => ({ ...d, victim: address(d.victim), start: iso(d.start), end: iso(d.end) })),
    (d) => `${d.victim} ${d.protocol} ${d.start}`,
  );
  const sources = contributions(batch.sources);
  const backscatter: BackscatterRow[] = byKey(
    byKey(batch.intervals, (i) => iso(i.start)).flatMap((i) =>
      i.backscatterVictims.map((v) => ({
        intervalStart: iso(i.start),
        seconds: i.seconds,
        kind: v.kind,
        victim: address(v.victim),
        protocol: v.protocol,
        packets: v.packets,
        bytes: v.bytes,
        reflectors: v.reflectors,
        ports: v.ports,
      })),
    ),
    (b) => `${b.intervalStart} ${b.kind} ${b.victim} ${b.protocol}`,
  );
  const hostDays = byKey(
    [
      ...sources.map((s) => ({ host: s.source, day: utcDay(s.firstSeen) })),
      ...scans.map((s) => ({ host: s.source, day: utcDay(s.start) })),
    ].filter((hd) => canonicalIp(hd.host) === hd.host),
    (hd) => `${hd.host} ${hd.day}`,
  );
  return {
    rows: {
      sensorId: batch.sensorId,
      monitoredAddresses: batch.monitoredAddresses,
      intervals,
      scans,
      dos,
      contributions: sources,
      backscatter,
      hours: [...new Set(intervals.map((i) => floorTo(i.start, HOUR_MS)))],
      days: [...new Set(intervals.map((i) => floorTo(i.start, DAY_MS)))],
    },
    hostDays,
  };
}
