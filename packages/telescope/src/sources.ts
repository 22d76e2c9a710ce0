import type { SourceProfile } from '@cynex/core';
import { ipv4ToString, parseIPv4 } from '@cynex/pcap';
import type { PacketFacts } from './facts.js';
import { isoSeconds } from './facts.js';
import { FingerprintCounts, TAG, tagNames } from './fingerprints.js';
import { ccText, geoAsn, geoCc } from './geo/geo.js';
import { Hll, type DenseBudget } from './hll.js';
import { mix32, U32IdMap, U32Map } from './u32map.js';

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
  /** Whether the packet's source is a known research scanner (address/prefix list or cached PTR answer). */
  research(f: PacketFacts): boolean;
}

/** What the lookups of a source gave, for the packet being counted. */
export interface SourceLookups {
  /** Packed country/AS. */
  readonly geo: number;
  readonly research: boolean;
}

/**
 * Per-source profiles of the current batch (first/last seen, packets, bytes, ports, destinations, tags,
 * country, AS), bounded to `max` sources, so a spoofed flood with a new source per packet cannot grow it.
 * An IPv4 source seen once is kept in typed arrays, in arrival order, and becomes an object at its second
 * packet. When full, the oldest one-packet source goes (O(1)); when every source has several packets, the
 * half with the fewest is evicted in one go (amortised O(1) per new source). Either way the fewest
 * packets go first, the least recently seen first among equals. Evicted sources still count in the
 * interval statistics; only their profile is lost.
 *
 * @example
 * const t = new SourceTable(100_000, resolver);
 * const s = t.touch(facts); // then facts.geo = s.geo
 * const profiles = t.drain();
 */
export class SourceTable {
  private v4 = new U32Map<SourceState>(1024);
  private v6 = new Map<string, SourceState>();
  private readonly once: OnceSources;
  /** What {@link touch} returns for an IPv4 source's first packet. */
  private readonly firstPacket = { geo: 0, research: false };
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
    this.once = new OnceSources(max);
  }

  /** Number of sources held. */
  get size(): number {
    return this.v4.size + this.v6.size + this.once.size;
  }

  /**
   * Finds or creates the source of `f` and counts the packet; returns its geo and research flag, valid
   * until the next call (for an IPv4 source's first packet, kept in typed arrays, it is a reused object).
   */
  touch(f: PacketFacts): SourceLookups {
    let s = f.ipVersion === 4 ? this.v4.get(f.src4) : this.v6.get(f.sourceText());
    if (s === undefined) {
      const at = f.ipVersion === 4 ? this.once.find(f.src4) : -1;
      if (at < 0) return this.create(f);
      // The second packet: now it is worth an object.
      s = this.once.state(at, this.budget);
      this.once.remove(f.src4);
      this.v4.set(f.src4, s);
    }
    this.count(s, f);
    return s;
  }

  private count(s: SourceState, f: PacketFacts): void {
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
  }

  /**
   * A new source: IPv4 ones go to the one-packet ring with no object (a spoofed flood makes one per packet),
   * IPv6 ones to a map.
   */
  private create(f: PacketFacts): SourceLookups {
    if (this.size >= this.max) {
      // The oldest one-packet source is the first to go (fewest packets, least recently seen).
      if (this.once.size > 0) {
        this.once.dropOldest();
        this.evicted++;
      } else this.evict();
    }
    const geo = this.resolver.geo(f);
    const research = this.resolver.research(f);
    if (f.ipVersion === 4) {
      this.once.add(f, geo, research);
      this.firstPacket.geo = geo;
      this.firstPacket.research = research;
      return this.firstPacket;
    }
    const text6 = f.sourceText();
    const s = new SourceState(-1, text6, geo);
    s.research = research;
    this.v6.set(text6, s);
    this.count(s, f);
    return s;
  }

  /** Marks a source as a research scanner (a PTR answer arrived). */
  markResearch(address: string): void {
    const n = parseIPv4(address);
    const s = n === null ? this.v6.get(address) : this.v4.get(n);
    if (s) s.research = true;
    else if (n !== null) this.once.markResearch(n);
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
    this.once.forEach((at) => all.push(this.once.state(at, this.budget)));
    this.once.clear();
    this.v4 = new U32Map<SourceState>(1024);
    this.v6 = new Map();
    this.budget = { remaining: this.denseBudget, refused: 0 };
    this.evicted = 0;
    return all.map((s) => s.toProfile());
  }
}

/** Live entries of {@link OnceSources} have this bit in `meta`. */
const LIVE = 0x8000;
const RESEARCH = 0x80;

/**
 * IPv4 sources seen once, in arrival order: what their packet told (time, bytes, port, destination,
 * class, fingerprints, geo, research), in typed arrays with an index on the address, until a second
 * packet makes a {@link SourceState} of it. In a spoofed flood nearly every source is one of these, so
 * the table holds no object per source and gives its oldest entry up in O(1) when full. Taken entries
 * leave holes, squeezed out when the ring (twice the table's capacity) fills.
 */
class OnceSources {
  private readonly addr: Uint32Array;
  private readonly t: Float64Array;
  private readonly geo: Float64Array;
  private readonly bytes: Uint32Array;
  private readonly dst: Uint32Array;
  /** Port key (`proto << 16 | port`) + 1, or 0 without ports. */
  private readonly port: Uint32Array;
  /** LIVE | RESEARCH | fingerprints << 3 | class. */
  private readonly meta: Uint16Array;
  private readonly index = new U32IdMap(1024);
  private readonly ring: number;
  private head = 0;
  private used = 0;
  size = 0;

  constructor(max: number) {
    const n = (this.ring = Math.max(2, max * 2));
    this.addr = new Uint32Array(n);
    this.t = new Float64Array(n);
    this.geo = new Float64Array(n);
    this.bytes = new Uint32Array(n);
    this.dst = new Uint32Array(n);
    this.port = new Uint32Array(n);
    this.meta = new Uint16Array(n);
  }

  /** Ring position of `address`, or -1. */
  find(address: number): number {
    return this.index.get(address);
  }

  add(f: PacketFacts, geo: number, research: boolean): void {
    if (this.used === this.ring) this.squeeze();
    const at = (this.head + this.used++) % this.ring;
    this.addr[at] = f.src4;
    this.t[at] = f.t;
    this.geo[at] = geo;
    this.bytes[at] = f.bytes;
    this.dst[at] = f.dstHash;
    this.port[at] = f.hasPorts ? (((f.proto === 0 ? 0 : 1) << 16) | f.dstPort) + 1 : 0;
    this.meta[at] = LIVE | (research ? RESEARCH : 0) | ((f.fingerprints & 15) << 3) | (f.cls & 7);
    this.index.set(f.src4, at);
    this.size++;
  }

  /** The entry at ring position `at` as a state that has counted its one packet. */
  state(at: number, budget: DenseBudget): SourceState {
    const s = new SourceState(this.addr[at]!, '', this.geo[at]!);
    const meta = this.meta[at]!;
    s.research = (meta & RESEARCH) !== 0;
    s.first = s.last = this.t[at]!;
    s.packets = 1;
    s.bytes = this.bytes[at]!;
    s.destinations.add(this.dst[at]!, budget);
    const port = this.port[at]!;
    if (port !== 0) {
      s.portSet.add(mix32(port - 1), budget);
      s.ports.push(port - 1);
    }
    s.add(meta & 7, (meta >>> 3) & 15, true);
    return s;
  }

  remove(address: number): void {
    const at = this.index.get(address);
    if (at < 0) return;
    this.index.delete(address);
    this.meta[at] = 0;
    this.size--;
  }

  /** Forgets the oldest entry. */
  dropOldest(): void {
    while (this.used > 0) {
      const at = this.head;
      this.head = (this.head + 1) % this.ring;
      this.used--;
      if (this.meta[at]! & LIVE) {
        this.index.delete(this.addr[at]!);
        this.meta[at] = 0;
        this.size--;
        return;
      }
    }
  }

  markResearch(address: number): void {
    const at = this.index.get(address);
    if (at >= 0) this.meta[at]! |= RESEARCH;
  }

  /** Calls `fn` with the ring position of every entry, oldest first. */
  forEach(fn: (at: number) => void): void {
    for (let k = 0; k < this.used; k++) {
      const at = (this.head + k) % this.ring;
      if (this.meta[at]! & LIVE) fn(at);
    }
  }

  clear(): void {
    this.index.clear();
    this.meta.fill(0);
    this.head = this.used = this.size = 0;
  }

  /** Moves the live entries to the front of the ring, oldest first (at most half of it is live). */
  private squeeze(): void {
    const live: number[] = [];
    this.forEach((at) => live.push(at));
    const cols = [this.addr, this.t, this.geo, this.bytes, this.dst, this.port, this.meta];
    const copies = cols.map((c) => Array.from(live, (at) => c[at]!));
    this.meta.fill(0);
    cols.forEach((c, i) => c.set(copies[i]!));
    this.head = 0;
    this.used = live.length;
    for (let k = 0; k < live.length; k++) this.index.set(this.addr[k]!, k);
  }
}
