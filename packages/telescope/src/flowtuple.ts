import type { PacketClass } from '@cynex/core';
import { ipv4ToString } from '@cynex/pcap';
import { className } from './classify.js';
import type { PacketFacts } from './facts.js';

/**
 * One flow tuple of an interval, after Corsaro's flowtuple plugin: packets sharing source, destination,
 * ports, protocol, TTL, TCP flags and IP length, plus cynex's class and tag bits. For ICMP the ports
 * hold type and code, as in Corsaro. `time` is the first second the tuple was seen in the interval.
 */
export type FlowTupleRow = {
  time: Date;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  ttl: number;
  tcpFlags: number;
  ipLen: number;
  class: PacketClass;
  /** `TAG` bits (mirai 1, zmap 2, masscan 4, research 8). */
  tags: number;
  packets: number;
};

/** Where finished intervals' flow tuples go (Parquet in production, memory in tests). */
export interface FlowTupleSink {
  /** Writes all rows of one interval; a second call for the same start replaces the first. */
  writeInterval(start: Date, rows: FlowTupleRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps flow tuples in memory (tests, small tools).
 *
 * @example
 * const sink = new MemoryFlowTupleSink();
 * await sink.writeInterval(new Date(0), rows);
 * sink.intervals.get(0)?.length;
 */
export class MemoryFlowTupleSink implements FlowTupleSink {
  /** Rows by interval start (ms since the epoch). */
  readonly intervals = new Map<number, FlowTupleRow[]>();
  closed = false;

  async writeInterval(start: Date, rows: FlowTupleRow[]): Promise<void> {
    this.intervals.set(start.getTime(), rows);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Uint32 words per slot of {@link FlowTupleTable}. */
const SLOT = 8;

/**
 * The flow tuples of one interval in an open-addressing table over typed arrays: IPv4 tuples are keyed
 * by five 32-bit words (addresses, ports, protocol/TTL/flags/class/tags, IP length), so counting a
 * packet is a hash and a few compares with no allocation. IPv6 tuples (rare in darknets) use a string
 * map. At most `max` tuples are kept; packets of further new tuples are counted in `dropped`.
 *
 * @example
 * const t = new FlowTupleTable(1_000_000);
 * t.add(facts);
 * const rows = t.rows();
 */
export class FlowTupleTable {
  private cap = 0;
  private mask = 0;
  /**
   * One 32-byte slot per tuple so a probe touches one cache line: source, destination, ports, meta,
   * IP length, packets (0 = empty slot), first second, padding.
   */
  private slots = new Uint32Array(0);
  private n4 = 0;
  private readonly v6 = new Map<string, FlowTupleRow>();
  /** Packets not counted because the table was full. */
  dropped = 0;

  /** `expected`: tuples likely (e.g. the previous interval's), to skip rehashing while it fills. */
  constructor(
    private readonly max: number,
    expected = 0,
  ) {
    let cap = 1 << 12;
    while (cap < Math.min(expected, max) * 2) cap *= 2;
    this.allocate(cap);
  }

  /** Tuples held. */
  get size(): number {
    return this.n4 + this.v6.size;
  }

  private allocate(cap: number): void {
    this.cap = cap;
    this.mask = cap - 1;
    this.slots = new Uint32Array(cap * SLOT);
  }

  /** Counts the packet described by `f`. */
  add(f: PacketFacts): void {
    const ports = ((f.srcPort << 16) | f.dstPort) >>> 0;
    const meta = ((f.ipProto << 24) | (f.ttl << 16) | (f.tcpFlags << 8) | (f.cls << 4) | f.tags) >>> 0;
    if (f.ipVersion !== 4) return this.add6(f, ports, meta);
    const a = f.src4;
    const b = f.dst4;
    const len = f.bytes & 0xffff;
    const w = this.slots;
    let o = this.slotFor(a, b, ports, meta, len) * SLOT;
    while (w[o + 5] !== 0) {
      if (w[o] === a && w[o + 1] === b && w[o + 2] === ports && w[o + 3] === meta && w[o + 4] === len) {
        // Saturates rather than wrapping: 4 billion packets of one tuple in one interval is not real.
        if (w[o + 5] !== 0xffffffff) w[o + 5]!++;
        return;
      }
      o = (o + SLOT) & (this.mask * SLOT + SLOT - 1);
    }
    if (this.n4 + this.v6.size >= this.max) {
      this.dropped++;
      return;
    }
    w[o] = a;
    w[o + 1] = b;
    w[o + 2] = ports;
    w[o + 3] = meta;
    w[o + 4] = len;
    w[o + 5] = 1;
    w[o + 6] = f.sec;
    if (++this.n4 * 2 > this.cap) this.grow();
  }

  private add6(f: PacketFacts, ports: number, meta: number): void {
    const src = f.sourceText();
    const dst = f.destinationText();
    const key = `${src} ${dst} ${ports} ${meta} ${f.bytes}`;
    const row = this.v6.get(key);
    if (row) {
      row.packets++;
      return;
    }
    if (this.size >= this.max) {
      this.dropped++;
      return;
    }
    this.v6.set(key, rowOf(new Date(f.sec * 1000), src, dst, ports, meta, f.bytes & 0xffff, 1));
  }

  private grow(): void {
    const old = this.slots;
    this.allocate(this.cap * 2);
    const w = this.slots;
    const wrap = this.mask * SLOT + SLOT - 1;
    for (let i = 0; i < old.length; i += SLOT) {
      if (old[i + 5] === 0) continue;
      let o = this.slotFor(old[i]!, old[i + 1]!, old[i + 2]!, old[i + 3]!, old[i + 4]!) * SLOT;
      while (w[o + 5] !== 0) o = (o + SLOT) & wrap;
      w.set(old.subarray(i, i + SLOT), o);
    }
  }

  private slotFor(a: number, b: number, ports: number, meta: number, len: number): number {
    let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
    h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ ports;
    h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) ^ meta ^ (len << 7);
    h ^= h >>> 16;
    return h & this.mask;
  }

  /** All tuples as rows (allocates one object per tuple: call once per interval). */
  rows(): FlowTupleRow[] {
    const out: FlowTupleRow[] = [];
    const names = new Map<number, string>();
    const text = (n: number) => {
      let s = names.get(n);
      if (s === undefined) names.set(n, (s = ipv4ToString(n)));
      return s;
    };
    // Rows of the same second share one Date (sinks only read them): a million rows, 300 Dates.
    const dates = new Map<number, Date>();
    const date = (sec: number) => {
      let d = dates.get(sec);
      if (d === undefined) dates.set(sec, (d = new Date(sec * 1000)));
      return d;
    };
    const w = this.slots;
    for (let o = 0; o < w.length; o += SLOT) {
      if (w[o + 5] === 0) continue;
      // Destinations (darknet addresses) repeat; a spoofed flood's sources do not: only the former are cached.
      out.push(
        rowOf(date(w[o + 6]!), ipv4ToString(w[o]!), text(w[o + 1]!), w[o + 2]!, w[o + 3]!, w[o + 4]!, w[o + 5]!),
      );
    }
    for (const r of this.v6.values()) out.push(r);
    return out;
  }
}

function rowOf(
  time: Date,
  src: string,
  dst: string,
  ports: number,
  meta: number,
  ipLen: number,
  packets: number,
): FlowTupleRow {
  return {
    time,
    src,
    dst,
    srcPort: ports >>> 16,
    dstPort: ports & 0xffff,
    protocol: meta >>> 24,
    ttl: (meta >>> 16) & 0xff,
    tcpFlags: (meta >>> 8) & 0xff,
    ipLen,
    class: className((meta >>> 4) & 0xf),
    tags: meta & 0xf,
    packets,
  };
}
