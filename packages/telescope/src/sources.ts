import type { SourceProfile } from '@cynex/core';
import { ipv4ToString, parseIPv4 } from '@cynex/pcap';
import type { PacketFacts } from './facts.js';
import { isoSeconds } from './facts.js';
import { FingerprintCounts, TAG, tagNames } from './fingerprints.js';
import { ccText, geoAsn, geoCc } from './geo.js';
import { Hll, type DenseBudget } from './hll.js';
import { mix32, U32Map } from './u32map.js';

/** Ports listed per source on the wire. */
export const LISTED_PORTS = 50;
/** Precision of the per-source port and destination sketches (exact up to 256, then ±3.3 %). */
const SOURCE_PRECISION = 10;

/**
 * Distinct values with no allocation until the second one: most darknet sources hit one port of one
 * address, so the sketch is only built for the rest.
 */
class Distinct {
  private one = -1;
  private set: Hll | null = null;

  /** Adds a hash; returns true when it was new (exactly known below 256 values). */
  add(hash: number, budget: DenseBudget): boolean {
    if (this.set !== null) return this.set.add(hash);
    if (this.one === -1) {
      this.one = hash;
      return true;
    }
    if (this.one === hash) return false;
    this.set = new Hll(SOURCE_PRECISION, budget);
    this.set.add(this.one);
    return this.set.add(hash);
  }

  count(): number {
    return this.set !== null ? this.set.count() : this.one === -1 ? 0 : 1;
  }
}

/** What is kept about one source during a batch (fingerprint counts inherited). */
export class SourceState extends FingerprintCounts {
  first = 0;
  last = 0;
  packets = 0;
  bytes = 0;
  /** Up to {@link LISTED_PORTS} ports as `proto << 16 | port` (proto 0 tcp, 1 udp). */
  readonly ports: number[] = [];
  readonly portSet = new Distinct();
  readonly destinations = new Distinct();
  research = false;

  constructor(
    /** The IPv4 address as a number, -1 for IPv6. */
    readonly key4: number,
    /** IPv6 text ('' for IPv4, whose text is made only for the wire). */
    readonly text6: string,
    readonly geo: number,
  ) {
    super();
  }

  /** Address text. */
  get address(): string {
    return this.key4 >= 0 ? ipv4ToString(this.key4) : this.text6;
  }

  /** The wire profile. */
  toProfile(): SourceProfile {
    return {
      source: this.address,
      firstSeen: isoSeconds(this.first),
      lastSeen: isoSeconds(this.last),
      packets: this.packets,
      bytes: this.bytes,
      ports: this.ports.map((p) => `${p >>> 16 === 0 ? 'tcp' : 'udp'}/${p & 0xffff}`),
      portCount: this.portSet.count(),
      destinations: this.destinations.count(),
      tags: tagNames(this.tags() | (this.research ? TAG.research : 0)),
      cc: ccText(geoCc(this.geo)),
      asn: geoAsn(this.geo),
    };
  }
}

/** How a new source is looked up: geography and research membership, done once per source. */
export interface SourceResolver {
  /** Packed geo of the packet's source. */
  geo(f: PacketFacts): number;
  /** Whether the source is a known research scanner (address/prefix list or cached PTR answer). */
  research(f: PacketFacts, source: SourceState): boolean;
}

/**
 * Per-source profiles of the current batch (first/last seen, packets, bytes, ports, destinations, tags,
 * country, AS), bounded to `max` sources: when full, the half with the fewest packets is evicted in one
 * go (amortised O(1) per new source), so a spoofed flood with a new source per packet cannot grow it.
 * Evicted sources still count in the interval statistics; only their profile is lost.
 *
 * @example
 * const t = new SourceTable(100_000, resolver);
 * const s = t.touch(facts); // then facts.geo = s.geo
 * const profiles = t.drain();
 */
export class SourceTable {
  private v4 = new U32Map<SourceState>(1024);
  private v6 = new Map<string, SourceState>();
  private budget: DenseBudget;
  /** Sources evicted so far (the batch's profile list is incomplete by this many). */
  evicted = 0;

  constructor(
    private readonly max: number,
    private readonly resolver: SourceResolver,
    /** Per-source sketches that may go dense (1 KiB each; the rest stay exact up to 256 values). */
    private readonly denseBudget = 16_384,
  ) {
    this.budget = { remaining: denseBudget, refused: 0 };
  }

  /** Number of sources held. */
  get size(): number {
    return this.v4.size + this.v6.size;
  }

  /** Finds or creates the source of `f` and counts the packet; returns the state (for its geo/research). */
  touch(f: PacketFacts): SourceState {
    let s = f.ipVersion === 4 ? this.v4.get(f.src4) : this.v6.get(f.sourceText());
    if (s === undefined) s = this.create(f);
    if (s.packets === 0) s.first = f.t;
    s.packets++;
    s.bytes += f.bytes;
    if (f.t > s.last) s.last = f.t;
    if (f.t < s.first) s.first = f.t;
    s.destinations.add(f.dstHash, this.budget);
    if (f.hasPorts) {
      const key = ((f.proto === 0 ? 0 : 1) << 16) | f.dstPort;
      if (s.portSet.add(mix32(key), this.budget) && s.ports.length < LISTED_PORTS) s.ports.push(key);
    }
    s.add(f.cls, f.fingerprints, f.ipVersion === 4);
    return s;
  }

  private create(f: PacketFacts): SourceState {
    if (this.size >= this.max) this.evict();
    const v4 = f.ipVersion === 4;
    const text6 = v4 ? '' : f.sourceText();
    const s = new SourceState(v4 ? f.src4 : -1, text6, this.resolver.geo(f));
    s.research = this.resolver.research(f, s);
    if (v4) this.v4.set(f.src4, s);
    else this.v6.set(text6, s);
    return s;
  }

  /** Marks a source as a research scanner (a PTR answer arrived). */
  markResearch(address: string): void {
    const n = parseIPv4(address);
    const s = n === null ? this.v6.get(address) : this.v4.get(n);
    if (s) s.research = true;
  }

  /**
   * Evicts half of the sources (amortising the O(n) passes over many new ones): those with the fewest packets, the least recently seen first among
   * equals. A histogram finds the packet cut in O(n); only the ties at the cut are sorted by time. The
   * choice must not follow table order: dropping the first slots every time would pile the survivors
   * into the end of the table and make its probe chains as long as the table.
   */
  private evict(): void {
    // Plain loops over one array: closures passed to forEach would make every pass a megamorphic call.
    const all = this.v4.values();
    for (const st of this.v6.values()) all.push(st);
    const hist = new Uint32Array(1025);
    for (const st of all) hist[Math.min(st.packets, 1024)]!++;
    const planned = Math.max(1, Math.floor(all.length / 2));
    let cut = 0;
    let below = 0;
    while (cut < 1024 && below + hist[cut]! < planned) below += hist[cut++]!;
    const ties: number[] = [];
    for (const st of all) if (Math.min(st.packets, 1024) === cut) ties.push(st.last);
    const lastLimit = Float64Array.from(ties).sort()[planned - below - 1] ?? -Infinity;
    let tiesLeft = planned - below;
    const v4 = new U32Map<SourceState>(this.max);
    const v6 = new Map<string, SourceState>();
    for (const st of all) {
      const b = Math.min(st.packets, 1024);
      if (b < cut || (b === cut && tiesLeft > 0 && st.last <= lastLimit && tiesLeft-- > 0)) continue;
      if (st.key4 >= 0) v4.set(st.key4, st);
      else v6.set(st.text6, st);
    }
    this.evicted += all.length - v4.size - v6.size;
    this.v4 = v4;
    this.v6 = v6;
  }

  /** The profiles of the batch, most packets first, and a fresh table for the next batch. */
  drain(): SourceProfile[] {
    const all: SourceState[] = [...this.v4.values(), ...this.v6.values()];
    all.sort((a, b) => b.packets - a.packets);
    this.v4 = new U32Map<SourceState>(1024);
    this.v6 = new Map();
    this.budget = { remaining: this.denseBudget, refused: 0 };
    this.evicted = 0;
    return all.map((s) => s.toProfile());
  }
}
