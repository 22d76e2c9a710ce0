import type { TelescopeBatch } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { canReadTelescope } from '../../platform/policy.js';
import { assertSensorUpload } from './sensor-upload.js';
import { ingestRows, type HostDay } from './telescope-batch.js';
import type { TelescopeIngestRepository } from './telescope-ingest.repository.js';
import type { Granularity, KeyedRow, Range, TelescopeRepository, TopDimension } from './telescope.repository.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP: Record<Granularity, number> = { '5m': 5 * MINUTE, '1h': HOUR, '1d': DAY };
const DEFAULT_SPAN: Record<Granularity, number> = { '5m': DAY, '1h': 7 * DAY, '1d': 90 * DAY };
export const MAX_POINTS = 2_000;
const DETAIL_LIMIT = 200;

export interface RangeQuery {
  from?: string | undefined;
  to?: string | undefined;
  sensor?: string | undefined;
}

export interface EventQuery extends RangeQuery {
  kind: 'scan' | 'dos' | 'backscatter';
  source?: string | undefined;
  port?: number | undefined;
  limit: number;
  offset: number;
}

export interface IngestCounts {
  intervals: number;
  scans: number;
  dos: number;
  sources: number;
  alerts: number;
}

function requireReader(actor: Actor): void {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  if (!canReadTelescope(actor)) throw new AppError('FORBIDDEN', 'darknet statistics are for member organisations');
}

/** The level a ranking or total reads: intervals for short ranges, hourly or daily rollups for longer ones. */
export function levelFor(range: Range): Granularity {
  const span = range.to.getTime() - range.from.getTime();
  if (span <= 6 * HOUR) return '5m';
  if (span <= 31 * DAY) return '1h';
  return '1d';
}

const iso = (ms: number | Date) => new Date(ms).toISOString();

/** The darknet telescope: sensor uploads, and the community aggregates the console reads. */
export class TelescopeService {
  constructor(
    private readonly repo: TelescopeRepository,
    private readonly ingestRepo: TelescopeIngestRepository,
    /** Member alerts for the hosts seen; returns how many alerts the batch matched. */
    private readonly onIngested: (hostDays: HostDay[]) => Promise<number> = async () => 0,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Refuses anyone but a sensor with a telescope credential (or, during the transition, a platform admin): 401 for
   * anonymous callers, 403 for the rest. Without a sensor id it can run before the body is read.
   */
  assertUploader(actor: Actor, sensorId?: string): void {
    assertSensorUpload(actor, 'telescope', sensorId);
  }

  async ingest(actor: Actor, batch: TelescopeBatch): Promise<IngestCounts> {
    this.assertUploader(actor, batch.sensorId);
    const { rows, hostDays } = ingestRows(batch);
    await this.ingestRepo.store(rows);
    const alerts = await this.onIngested(hostDays);
    return {
      intervals: rows.intervals.length,
      scans: rows.scans.length,
      dos: rows.dos.length,
      sources: rows.contributions.length,
      alerts,
    };
  }

  /** A range from the query, defaulting to the span before now; from must come before to. */
  range(query: RangeQuery, defaultSpan = DAY): Range {
    const to = query.to ? new Date(query.to) : this.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultSpan);
    if (from.getTime() >= to.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'from must come before to', {
        fields: [{ path: 'from', message: 'must come before to' }],
      });
    }
    return { from, to, sensor: query.sensor };
  }

  async series(actor: Actor, query: RangeQuery & { granularity: Granularity }) {
    requireReader(actor);
    const range = this.range(query, DEFAULT_SPAN[query.granularity]);
    const points = Math.ceil((range.to.getTime() - range.from.getTime()) / STEP[query.granularity]);
    if (points > MAX_POINTS) {
      throw new AppError(
        'TOO_MANY_POINTS',
        `${points} points at ${query.granularity}: at most ${MAX_POINTS}; narrow the range or choose a coarser granularity`,
        { fields: [{ path: 'granularity', message: `at most ${MAX_POINTS} points` }] },
      );
    }
    const rows = await this.repo.series(query.granularity, range);
    return { granularity: query.granularity, items: rows.map(({ t, ...rest }) => ({ t: iso(t), ...rest })) };
  }

  /**
   * The top keys by unique sources with the rest folded into `other`. `total` adds up every key listed, so that
   * items plus other make the total and shares (of sources) add up to 1.
   */
  async top(actor: Actor, query: RangeQuery & { dimension: TopDimension; limit: number }) {
    requireReader(actor);
    const range = this.range(query);
    const rows = await this.repo.keyed(levelFor(range), range, query.dimension);
    rows.sort((a, b) => b.sources - a.sources || b.packets - a.packets || compareKeys(a, b));
    const sum = (list: KeyedRow[]) => ({
      packets: list.reduce((n, r) => n + r.packets, 0),
      sources: list.reduce((n, r) => n + r.sources, 0),
    });
    const total = sum(rows);
    const top = rows.slice(0, query.limit);
    const shown = sum(top);
    return {
      dimension: query.dimension,
      total,
      items: top.map((r) => ({
        key: query.dimension === 'country' ? r.key : Number(r.key),
        ...(r.name ? { label: r.name } : {}),
        packets: r.packets,
        sources: r.sources,
        share: total.sources > 0 ? r.sources / total.sources : 0,
      })),
      other: { packets: total.packets - shown.packets, sources: total.sources - shown.sources },
    };
  }

  async map(actor: Actor, query: RangeQuery) {
    requireReader(actor);
    const range = this.range(query);
    const rows = await this.repo.keyed(levelFor(range), range, 'country');
    rows.sort((a, b) => b.sources - a.sources || b.packets - a.packets || a.key.localeCompare(b.key));
    return { items: rows.map((r) => ({ cc: r.key, packets: r.packets, sources: r.sources })) };
  }

  async heatmap(actor: Actor, query: RangeQuery) {
    requireReader(actor);
    const range = this.range(query);
    const items = await this.repo.heatmap(levelFor(range), range);
    return {
      items,
      dstBlocks: items.reduce((n, c) => Math.max(n, c.dstBlock + 1), 0),
      portBuckets: items.reduce((n, c) => Math.max(n, c.portBucket + 1), 0),
    };
  }

  async events(actor: Actor, query: EventQuery) {
    requireReader(actor);
    const filters = {
      ...this.range(query),
      source: query.source,
      port: query.port,
      limit: query.limit,
      offset: query.offset,
    };
    if (query.kind === 'scan') {
      const { items, total } = await this.repo.scans(filters);
      return { items: items.map(presentScan), total };
    }
    if (query.kind === 'backscatter') {
      const { items, total } = await this.repo.backscatterVictims(filters);
      return { items: items.map(presentBackscatter), total };
    }
    const { items, total } = await this.repo.dos(filters);
    return { items: items.map(presentDos), total };
  }

  async source(actor: Actor, ip: string) {
    requireReader(actor);
    const [profile, scans, dos, backscatter, decoy] = await Promise.all([
      this.repo.profile(ip),
      this.repo.scansOf(ip, DETAIL_LIMIT),
      this.repo.dosOf(ip, DETAIL_LIMIT),
      this.repo.backscatterOf(ip, DETAIL_LIMIT),
      this.repo.decoySightingsOf(ip, DETAIL_LIMIT),
    ]);
    const seen = [scans, dos, backscatter, decoy].some((list) => list.length > 0);
    if (!profile && !seen) {
      throw new AppError('SOURCE_NOT_FOUND', 'the telescope has not seen this address');
    }
    return {
      source: ip,
      profile: profile
        ? {
            source: profile.ip,
            firstSeen: iso(profile.firstSeen),
            lastSeen: iso(profile.lastSeen),
            packets: profile.packets,
            bytes: profile.bytes,
            ports: profile.ports,
            portCount: profile.portCount,
            destinations: profile.destinations,
            tags: profile.tags,
            cc: profile.cc,
            asn: profile.asn,
          }
        : null,
      scans: scans.map(presentScan),
      dos: dos.map(presentDos),
      backscatter: backscatter.map(presentBackscatter),
      decoySightings: decoy.map((d) => ({
        id: d.key,
        sensorId: d.sensorId,
        environmentCode: d.environmentCode,
        kind: d.kind,
        port: d.port,
        firstSeen: iso(d.firstSeen),
        lastSeen: iso(d.lastSeen),
        at: iso(d.lastSeen),
        count: d.count,
      })),
    };
  }

  /**
   * Packets and the packets per monitored address in the range; "one packet to every address every N seconds"
   * is the period's seconds over packets per address. Research and Mirai shares are shares of packets.
   */
  async summary(actor: Actor, query: RangeQuery) {
    requireReader(actor);
    const range = this.range(query);
    const [totals, sensors] = await Promise.all([this.repo.totals(levelFor(range), range), this.repo.sensors()]);
    const bySensor = new Map(totals.map((t) => [t.sensorId, t]));
    const add = (pick: (t: (typeof totals)[number]) => number) => totals.reduce((n, t) => n + pick(t), 0);
    const packets = add((t) => t.packets);
    const monitoredAddresses = sensors.filter((s) => bySensor.has(s.id)).reduce((n, s) => n + s.monitoredAddresses, 0);
    const packetsPerAddress = monitoredAddresses > 0 ? packets / monitoredAddresses : 0;
    const seconds = (range.to.getTime() - range.from.getTime()) / 1000;
    return {
      from: iso(range.from),
      to: iso(range.to),
      packets,
      bytes: add((t) => t.bytes),
      monitoredAddresses,
      packetsPerAddress,
      secondsPerPacketPerAddress: packetsPerAddress > 0 ? seconds / packetsPerAddress : null,
      researchShare: packets > 0 ? add((t) => t.research) / packets : 0,
      miraiShare: packets > 0 ? add((t) => t.mirai) / packets : 0,
      sensors: sensors
        .filter((s) => !range.sensor || s.id === range.sensor)
        .map((s) => ({
          sensorId: s.id,
          monitoredAddresses: s.monitoredAddresses,
          lastUploadAt: iso(s.lastUploadAt),
          packets: bySensor.get(s.id)?.packets ?? 0,
        })),
    };
  }
}

function compareKeys(a: KeyedRow, b: KeyedRow): number {
  const x = Number(a.key);
  const y = Number(b.key);
  return Number.isNaN(x) || Number.isNaN(y) ? a.key.localeCompare(b.key) : x - y;
}

type BackscatterRecord = Awaited<ReturnType<TelescopeRepository['backscatterOf']>>[number];

function presentBackscatter(v: BackscatterRecord) {
  return { kind: 'backscatter' as const, ...v, first: iso(v.first), last: iso(v.last) };
}

type ScanRecord = Awaited<ReturnType<TelescopeRepository['scansOf']>>[number];
type DosRecord = Awaited<ReturnType<TelescopeRepository['dosOf']>>[number];

function presentScan(s: ScanRecord) {
  return {
    id: String(s.id),
    kind: 'scan' as const,
    scanKind: s.kind,
    sensorId: s.sensorId,
    source: s.source,
    protocol: s.protocol,
    port: s.port,
    portCount: s.portCount,
    start: iso(s.start),
    end: iso(s.end),
    packets: s.packets,
    destinations: s.destinations,
    packetsPerSecond: s.packetsPerSecond,
    tags: s.tags,
  };
}

function presentDos(d: DosRecord) {
  return {
    id: String(d.id),
    kind: 'dos' as const,
    sensorId: d.sensorId,
    victim: d.victim,
    protocol: d.protocol,
    start: iso(d.start),
    end: iso(d.end),
    packets: d.packets,
    bytes: d.bytes,
    maxRate: d.maxRate,
    attackerPorts: d.attackerPorts,
    method: d.method,
  };
}
