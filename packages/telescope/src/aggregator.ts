import { PACKET_CLASSES, SOURCE_TAGS, type TelescopeInterval } from '@cynex/core';
import { PROTO, PROTOCOLS } from './classify.js';
import type { PacketFacts } from './facts.js';
import { ccText, geoAsn, geoCc, type GeoLookup } from './geo/geo.js';
import { Hll, type DenseBudget } from './hll.js';

/** Wire limits of a `TelescopeInterval` (core's schema). */
export const TOP_PORTS = 100;
export const TOP_GEO = 300;
export const HEATMAP_MAX = 20_000;
/** Port buckets of the heat map: port >> 6, 64 ports each. */
export const PORT_BUCKETS = 1024;
/** Heat maps up to this many cells use a flat array (16 MiB); larger darknets use a map. */
const FLAT_HEATMAP_CELLS = 1 << 22;

/** Packets, bytes and distinct sources of one slice (a protocol, class, port, country, AS or tag). */
export class Slice {
  packets = 0;
  bytes = 0;
  readonly sources: Hll;

  constructor(precision: number, budget: DenseBudget | null) {
    this.sources = new Hll(precision, budget);
  }

  add(f: PacketFacts): void {
    this.packets++;
    this.bytes += f.bytes;
    this.sources.add(f.srcHash);
  }

  toJSON(): { packets: number; bytes: number; sources: number } {
    return { packets: this.packets, bytes: this.bytes, sources: this.sources.count() };
  }
}

/** Sketch sizes and budgets of an interval. */
export interface IntervalOptions {
  seconds: number;
  /** Interval-wide unique source/destination precision. */
  precision: number;
  /** Per-slice precision. */
  slicePrecision: number;
  /** How many slice sketches may go dense. */
  sliceDenseBudget: number;
  /** Heat-map destination blocks of the darknet. */
  blocks: number;
}

/**
 * The statistics of one interval, fed packet by packet: totals, unique sources and destinations
 * (HyperLogLog), per-protocol/class/tag slices, per-port, per-country and per-AS slices, and the
 * destination-block × port-bucket heat map. Memory is bounded whatever the traffic: the 16 fixed
 * slices have one sketch each; port/country/AS slices start as exact sets (up to 2^p / 4 sources, 1,024
 * at the default p 12, which covers nearly every port of a 5-minute interval) and only
 * `sliceDenseBudget` of them may grow dense registers (4,096 × 4 KiB by default); beyond the budget a
 * slice stays exact up to 1,024 and reports that lower bound (`budget.refused` counts them).
 *
 * @example
 * const s = new IntervalStats(1_700_000_100, options);
 * s.add(facts);
 * const wire = s.toInterval(geo);
 */
export class IntervalStats {
  packets = 0;
  bytes = 0;
  readonly sources: Hll;
  readonly destinations: Hll;
  readonly budget: DenseBudget;
  private readonly byProtocol: Slice[];
  private readonly byClass: Slice[];
  private readonly byTag: Slice[];
  private readonly tcpPorts: (Slice | undefined)[] = new Array<Slice | undefined>(65_536);
  private readonly udpPorts: (Slice | undefined)[] = new Array<Slice | undefined>(65_536);
  private readonly countries: (Slice | undefined)[] = new Array<Slice | undefined>(676);
  private readonly asns = new Map<number, Slice>();
  private readonly flatHeat: Uint32Array | null;
  private readonly mapHeat: Map<number, number> | null;

  constructor(
    /** Start, seconds since the epoch. */
    readonly start: number,
    private readonly options: IntervalOptions,
  ) {
    const { precision, slicePrecision } = options;
    this.sources = new Hll(precision);
    this.destinations = new Hll(precision);
    this.budget = { remaining: options.sliceDenseBudget, refused: 0 };
    // Fixed slices are few (16); they get the interval budget's precision minus 2 and no budget.
    const fixed = Math.max(slicePrecision, precision - 2);
    this.byProtocol = PROTOCOLS.map(() => new Slice(fixed, null));
    this.byClass = PACKET_CLASSES.map(() => new Slice(fixed, null));
    this.byTag = SOURCE_TAGS.map(() => new Slice(fixed, null));
    const cells = options.blocks * PORT_BUCKETS;
    this.flatHeat = cells <= FLAT_HEATMAP_CELLS ? new Uint32Array(cells) : null;
    this.mapHeat = this.flatHeat ? null : new Map();
  }

  /** End, seconds since the epoch (exclusive). */
  get end(): number {
    return this.start + this.options.seconds;
  }

  /** Counts one packet. */
  add(f: PacketFacts): void {
    this.packets++;
    this.bytes += f.bytes;
    this.sources.add(f.srcHash);
    this.destinations.add(f.dstHash);
    this.byProtocol[f.proto]!.add(f);
    this.byClass[f.cls]!.add(f);
    if (f.tags !== 0) {
      for (let i = 0; i < SOURCE_TAGS.length; i++) if (f.tags & (1 << i)) this.byTag[i]!.add(f);
    }
    const p = this.options.slicePrecision;
    if (f.hasPorts) {
      const ports = f.proto === PROTO.tcp ? this.tcpPorts : this.udpPorts;
      (ports[f.dstPort] ??= new Slice(p, this.budget)).add(f);
      const cell = f.block * PORT_BUCKETS + (f.dstPort >>> 6);
      if (this.flatHeat) this.flatHeat[cell]!++;
      else this.mapHeat!.set(cell, (this.mapHeat!.get(cell) ?? 0) + 1);
    }
    const cc = geoCc(f.geo);
    (this.countries[cc] ??= new Slice(p, this.budget)).add(f);
    const asn = geoAsn(f.geo);
    let a = this.asns.get(asn);
    if (a === undefined) this.asns.set(asn, (a = new Slice(p, this.budget)));
    a.add(f);
  }

  /**
   * The wire form: totals, all protocol/class/tag keys, top lists and the heat map within the limits (the pipeline
   * adds the backscatter victims).
   */
  toInterval(geo: GeoLookup): Omit<TelescopeInterval, 'backscatterVictims'> {
    return {
      start: new Date(this.start * 1000).toISOString(),
      seconds: this.options.seconds,
      packets: this.packets,
      bytes: this.bytes,
      uniqueSources: this.sources.count(),
      uniqueDestinations: this.destinations.count(),
      byProtocol: Object.fromEntries(
        PROTOCOLS.map((n, i) => [n, this.byProtocol[i]!.toJSON()]),
      ) as TelescopeInterval['byProtocol'],
      byClass: Object.fromEntries(
        PACKET_CLASSES.map((n, i) => [n, this.byClass[i]!.toJSON()]),
      ) as TelescopeInterval['byClass'],
      byTag: Object.fromEntries(SOURCE_TAGS.map((n, i) => [n, this.byTag[i]!.toJSON()])) as TelescopeInterval['byTag'],
      tcpPorts: top(this.tcpPorts, TOP_PORTS).map(([port, s]) => ({ port, ...s })),
      udpPorts: top(this.udpPorts, TOP_PORTS).map(([port, s]) => ({ port, ...s })),
      countries: top(this.countries, TOP_GEO).map(([cc, s]) => ({ cc: ccText(cc), ...s })),
      asns: top([...this.asns], TOP_GEO).map(([asn, s]) => ({ asn, name: geo.asnName(asn), ...s })),
      heatmap: this.heatmap(),
    };
  }

  private heatmap(): TelescopeInterval['heatmap'] {
    const cells: [number, number][] = [];
    if (this.flatHeat) this.flatHeat.forEach((n, cell) => n !== 0 && cells.push([cell, n]));
    else for (const e of this.mapHeat!) cells.push(e);
    if (cells.length > HEATMAP_MAX) cells.sort((a, b) => b[1] - a[1] || a[0] - b[0]).length = HEATMAP_MAX;
    cells.sort((a, b) => a[0] - b[0]);
    return cells.map(([cell, packets]) => ({
      dstBlock: Math.floor(cell / PORT_BUCKETS),
      portBucket: cell % PORT_BUCKETS,
      packets,
    }));
  }
}

type SliceJson = ReturnType<Slice['toJSON']>;

/** The `limit` slices with the most unique sources (then packets, then the smaller key). */
function top(slices: (Slice | undefined)[] | [number, Slice][], limit: number): [number, SliceJson][] {
  const rows: [number, SliceJson][] = [];
  if (slices.length > 0 && Array.isArray(slices[0])) {
    for (const [k, s] of slices as [number, Slice][]) rows.push([k, s.toJSON()]);
  } else {
    (slices as (Slice | undefined)[]).forEach((s, k) => s && rows.push([k, s.toJSON()]));
  }
  rows.sort((a, b) => b[1].sources - a[1].sources || b[1].packets - a[1].packets || a[0] - b[0]);
  return rows.slice(0, limit);
}
