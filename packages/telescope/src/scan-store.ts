import { ipv4ToString } from '@cynex/pcap';
import type { PacketFacts } from './facts.js';
import type { DenseBudget } from './hll.js';
import { grown, IdPool } from './id-pool.js';
import { SketchColumns } from './sketch-columns.js';
import { PairMap, U32IdMap } from './u32map.js';

/** Precision of per-scan destination sketches: exact up to 1,024 destinations, ±1.6 % beyond. */
const SCAN_PRECISION = 12;
/** Precision of vertical-scan port sketches: exact up to 1,024 ports (nmap's default top-1000 list). */
const SWEEP_PRECISION = 12;

// Tracker columns (Int32Array, stride TR): scan list, open scans, ports opened and sweep per protocol.
export const TR = 8;
export const T_HEAD = 0;
export const T_TAIL = 1;
export const T_COUNT = 2;
/** + protocol (tcp 0, udp 1). */
export const T_OPENED = 3;
/** + protocol; -1 when none. */
export const T_SWEEP = 5;
export const T_V6 = 7;
// Scan columns: Float64Array (stride SF) first, last, packets; Int32Array (stride SI) the rest.
export const SF = 3;
export const SI = 7;
export const S_FIRST = 0;
export const S_LAST = 1;
export const S_PACKETS = 2;
export const S_TRACKER = 0;
export const S_KEY = 1;
const S_PREV = 2;
export const S_NEXT = 3;
export const S_MIRAI = 4;
export const S_ZMAP = 5;
export const S_MASSCAN = 6;
// Sweep columns: Float64Array (stride WF) first, last, packets (as for scans), protocol.
export const WF = 4;
export const W_PROTOCOL = 3;

/**
 * The scan detector's state in typed-array columns, addressed by integer ids: tracked sources
 * (trackers), their per-port scans (a linked list per tracker, plus a (tracker, key) index) and their
 * per-protocol sweeps, with destination and port sets in {@link SketchColumns}. No object per source,
 * scan or sweep, so millions of them cost tens of bytes each and no garbage collection. The detector
 * (scans.ts) reads and writes the columns directly on its hot path; this class keeps them consistent
 * when entities come and go.
 *
 * @example
 * const store = new ScanStore(budget);
 * const tr = store.newTracker(facts);
 * const s = store.newScan(tr, (0 << 16) | 23, facts.t);
 */
export class ScanStore {
  readonly trackers: IdPool;
  trI: Int32Array;
  trAddr: Uint32Array;
  /** When a tracker is filed in the detector's wheel (-Infinity once freed). */
  trDue: Float64Array;
  /** A tracker's latest probe. */
  trLast: Float64Array;
  private readonly v4 = new U32IdMap(1024);
  private readonly v6 = new Map<string, number>();
  private readonly text6 = new Map<number, string>();

  readonly scans: IdPool;
  private readonly pairs = new PairMap(1024);
  scF: Float64Array;
  scI: Int32Array;
  readonly scDst: SketchColumns;

  readonly sweeps: IdPool;
  swF: Float64Array;
  readonly swPorts: SketchColumns;
  readonly swDst: SketchColumns;

  constructor(budget: DenseBudget) {
    const n = 1024;
    this.trI = new Int32Array(n * TR);
    this.trAddr = new Uint32Array(n);
    this.trDue = new Float64Array(n);
    this.trLast = new Float64Array(n);
    this.trackers = new IdPool(n, (cap) => {
      this.trI = grown(this.trI, cap * TR);
      this.trAddr = grown(this.trAddr, cap);
      this.trDue = grown(this.trDue, cap);
      this.trLast = grown(this.trLast, cap);
    });
    this.scF = new Float64Array(n * SF);
    this.scI = new Int32Array(n * SI);
    this.scDst = new SketchColumns(SCAN_PRECISION, 4, budget, n);
    this.scans = new IdPool(n, (cap) => {
      this.scF = grown(this.scF, cap * SF);
      this.scI = grown(this.scI, cap * SI);
      this.scDst.grow(cap);
    });
    this.swF = new Float64Array(n * WF);
    // Inline sizes cover a typical multi-port source (a dozen ports, a few dozen destinations) objectless.
    this.swPorts = new SketchColumns(SWEEP_PRECISION, 12, budget, n);
    this.swDst = new SketchColumns(SCAN_PRECISION, 16, budget, n);
    this.sweeps = new IdPool(n, (cap) => {
      this.swF = grown(this.swF, cap * WF);
      this.swPorts.grow(cap);
      this.swDst.grow(cap);
    });
  }

  /** The tracker of the packet's source, or -1. */
  findTracker(f: PacketFacts): number {
    return f.ipVersion === 4 ? this.v4.get(f.src4) : (this.v6.get(f.sourceText()) ?? -1);
  }

  /** Starts tracking the packet's source, last seen at `t`. */
  newTracker(f: PacketFacts, t: number): number {
    const tr = this.trackers.take();
    const I = this.trI;
    const o = tr * TR;
    I.fill(0, o, o + TR);
    I[o + T_HEAD] = I[o + T_TAIL] = -1;
    I[o + T_SWEEP] = I[o + T_SWEEP + 1] = -1;
    this.trLast[tr] = t;
    if (f.ipVersion === 4) {
      this.trAddr[tr] = f.src4;
      this.v4.set(f.src4, tr);
    } else {
      const text = f.sourceText();
      I[o + T_V6] = 1;
      this.text6.set(tr, text);
      this.v6.set(text, tr);
    }
    return tr;
  }

  /** Forgets a tracker whose scans and sweeps are all closed. */
  freeTracker(tr: number): void {
    if (this.trI[tr * TR + T_V6]) {
      this.v6.delete(this.text6.get(tr)!);
      this.text6.delete(tr);
    } else this.v4.delete(this.trAddr[tr]!);
    this.trDue[tr] = -Infinity;
    this.trackers.give(tr);
  }

  /** Whether a tracker is in use. */
  live(tr: number): boolean {
    return this.trDue[tr] !== -Infinity;
  }

  /** Whether a tracker's source is IPv6. */
  isV6(tr: number): boolean {
    return this.trI[tr * TR + T_V6] !== 0;
  }

  /** Address text of a tracker's source. */
  source(tr: number): string {
    return this.isV6(tr) ? this.text6.get(tr)! : ipv4ToString(this.trAddr[tr]!);
  }

  /** The open scan of `key` (`protocol << 16 | port`) of a tracker, or -1. */
  findScan(tr: number, key: number): number {
    return this.pairs.get(tr, key);
  }

  /** Opens a scan of `key` at `t`, appended to its tracker's list (scans close in the order they opened). */
  newScan(tr: number, key: number, t: number): number {
    const s = this.scans.take();
    const F = this.scF;
    F[s * SF + S_FIRST] = F[s * SF + S_LAST] = t;
    F[s * SF + S_PACKETS] = 0;
    const I = this.scI;
    const o = s * SI;
    I.fill(0, o, o + SI);
    I[o + S_TRACKER] = tr;
    I[o + S_KEY] = key;
    const tail = this.trI[tr * TR + T_TAIL]!;
    I[o + S_PREV] = tail;
    I[o + S_NEXT] = -1;
    if (tail >= 0) I[tail * SI + S_NEXT] = s;
    else this.trI[tr * TR + T_HEAD] = s;
    this.trI[tr * TR + T_TAIL] = s;
    this.trI[tr * TR + T_COUNT]!++;
    this.pairs.set(tr, key, s);
    return s;
  }

  /** Removes a scan (read what is needed first: its columns stay readable until the id is reused). */
  dropScan(s: number): void {
    const I = this.scI;
    const o = s * SI;
    const tr = I[o + S_TRACKER]!;
    const prev = I[o + S_PREV]!;
    const next = I[o + S_NEXT]!;
    if (prev >= 0) I[prev * SI + S_NEXT] = next;
    else this.trI[tr * TR + T_HEAD] = next;
    if (next >= 0) I[next * SI + S_PREV] = prev;
    else this.trI[tr * TR + T_TAIL] = prev;
    this.trI[tr * TR + T_COUNT]!--;
    this.pairs.delete(tr, I[o + S_KEY]!);
    this.scDst.clear(s);
    this.scans.give(s);
  }

  /** Opens a tracker's sweep of `protocol` (tcp 0, udp 1) at `t`. */
  newSweep(tr: number, protocol: number, t: number): number {
    const w = this.sweeps.take();
    const W = this.swF;
    const o = w * WF;
    W[o + S_FIRST] = W[o + S_LAST] = t;
    W[o + S_PACKETS] = 0;
    W[o + W_PROTOCOL] = protocol;
    this.trI[tr * TR + T_SWEEP + protocol] = w;
    return w;
  }

  /** Removes a tracker's sweep (columns readable until reuse, as for scans). */
  dropSweep(tr: number, w: number): void {
    this.trI[tr * TR + T_SWEEP + this.swF[w * WF + W_PROTOCOL]!] = -1;
    this.swPorts.clear(w);
    this.swDst.clear(w);
    this.sweeps.give(w);
  }
}
