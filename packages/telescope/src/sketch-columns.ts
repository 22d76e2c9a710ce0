import { Hll, type DenseBudget } from './hll.js';

/**
 * Many distinct counters addressed by integer id, stored in columns: each keeps its first `inline`
 * hashes in a typed array (no object at all), and becomes a {@link Hll} of precision `precision` at
 * the next new hash, seeded with them. Counts are therefore exactly those of an `Hll` fed the same
 * hashes (exact up to 2^p / 4, then estimated), while the many small sets of a darknet (a source's
 * one or two destinations on a port) cost `4 · inline + 1` bytes instead of a few hundred. Released
 * sketches are kept for reuse (up to 1,024).
 *
 * @example
 * const sets = new SketchColumns(12, 4, budget, 1024);
 * sets.add(7, mix32(dst)); // true: new
 * sets.count(7); // 1
 * sets.clear(7); // before id 7 is reused
 */
export class SketchColumns {
  /** Hashes held inline, or `inline + 1` once the sketch is an Hll. */
  private n: Uint8Array;
  private vals: Uint32Array;
  /** The sets that outgrew their inline slots, by id (an array: heavy sets are looked up per packet). */
  private hlls: (Hll | null)[];
  private readonly spare: Hll[] = [];

  constructor(
    readonly precision: number,
    readonly inline: number,
    private readonly budget: DenseBudget | null,
    capacity: number,
  ) {
    if (inline < 1 || inline > 254) throw new RangeError(`inline must be 1..254, got ${inline}`);
    this.n = new Uint8Array(capacity);
    this.vals = new Uint32Array(capacity * inline);
    this.hlls = new Array<Hll | null>(capacity).fill(null);
  }

  /** Makes room for ids below `capacity`, keeping the contents. */
  grow(capacity: number): void {
    if (capacity <= this.n.length) return;
    const n = new Uint8Array(capacity);
    n.set(this.n);
    const vals = new Uint32Array(capacity * this.inline);
    vals.set(this.vals);
    const hlls = new Array<Hll | null>(capacity).fill(null);
    for (let i = 0; i < this.hlls.length; i++) hlls[i] = this.hlls[i]!;
    this.hlls = hlls;
    this.n = n;
    this.vals = vals;
  }

  /** Adds a hash to set `id`; true when it was new and the count is still exact. */
  add(id: number, hash: number): boolean {
    const k = this.n[id]!;
    const w = this.inline;
    if (k > w) return this.hlls[id]!.add(hash);
    hash >>>= 0;
    const base = id * w;
    const vals = this.vals;
    for (let i = 0; i < k; i++) if (vals[base + i] === hash) return false;
    if (k < w) {
      vals[base + k] = hash;
      this.n[id] = k + 1;
      return true;
    }
    const h = this.spare.pop() ?? new Hll(this.precision, this.budget);
    for (let i = 0; i < w; i++) h.add(vals[base + i]!);
    this.hlls[id] = h;
    this.n[id] = w + 1;
    return h.add(hash);
  }

  /** Distinct hashes of set `id` (exact below 2^p / 4). */
  count(id: number): number {
    const k = this.n[id]!;
    return k > this.inline ? this.hlls[id]!.count() : k;
  }

  /** Adds everything set `from` of `source` (same precision) holds into set `id`. */
  merge(id: number, source: SketchColumns, from: number): void {
    if (source.precision !== this.precision) throw new RangeError('cannot merge sketches of different precision');
    const k = source.n[from]!;
    if (k <= source.inline) {
      for (let i = 0; i < k; i++) this.add(id, source.vals[from * source.inline + i]!);
      return;
    }
    if (this.n[id]! <= this.inline) {
      // Become an Hll first (with what is inline), then merge sketch to sketch.
      const h = this.spare.pop() ?? new Hll(this.precision, this.budget);
      for (let i = 0; i < this.n[id]!; i++) h.add(this.vals[id * this.inline + i]!);
      this.hlls[id] = h;
      this.n[id] = this.inline + 1;
    }
    this.hlls[id]!.merge(source.hlls[from]!);
  }

  /** Empties set `id` (its Hll, if any, is released and kept for reuse). */
  clear(id: number): void {
    const h = this.hlls[id];
    if (h) {
      h.release();
      this.hlls[id] = null;
      if (this.spare.length < 1024) this.spare.push(h);
    }
    this.n[id] = 0;
  }
}
