/**
 * HyperLogLog distinct counter (Flajolet et al. 2007) over 32-bit hashes, with an exact sparse phase.
 *
 * - Sparse phase: the first `m / 4` distinct hashes are kept in a small open-addressing table, so small
 *   sets are counted exactly (IPv4 addresses hash through a bijection, so "distinct hashes" is "distinct
 *   addresses"). Most slices of a darknet interval (a port, an AS) see a handful of sources: they never
 *   pay for the dense registers.
 * - Dense phase: `m = 2^p` one-byte registers; standard error 1.04 / √m (p 14: 0.81 %, p 12: 1.6 %,
 *   p 10: 3.3 %). Linear counting below 2.5 m, the 32-bit large-range correction above 2^32 / 30.
 * - Bounded memory: a sketch never exceeds 2·m bytes (sparse table at most m/2 uint32s, or m registers); a shared {@link DenseBudget}
 *   caps how many sketches of a family may go dense (the rest stay exact up to m / 4 and are flagged
 *   `saturated`, their count a lower bound).
 * - Mergeable (same precision) and serialisable (`toBytes`, `toBase64`).
 *
 * @example
 * const h = new Hll(14);
 * for (const ip of addresses) h.add(mix32(ip));
 * console.log(h.count());
 */
export class Hll {
  readonly m: number;
  private registers: Uint8Array | null = null;
  private sparse: Uint32Array | null = new Uint32Array(8);
  private sparseCount = 0;
  /** Hash 0 is the sparse table's empty marker, so it is remembered apart. */
  private hasZero = false;
  private readonly sparseLimit: number;
  /** Set when the budget refused the dense form: the count stopped at the sparse limit. */
  saturated = false;

  constructor(
    readonly p: number,
    private readonly budget: DenseBudget | null = null,
  ) {
    if (!Number.isInteger(p) || p < 4 || p > 18) throw new RangeError(`HyperLogLog precision ${p} outside 4..18`);
    this.m = 1 << p;
    this.sparseLimit = this.m >> 2;
  }

  /**
   * Adds one 32-bit hash (use `mix32` / `hash128` from u32map.ts). Returns true when the sketch is
   * still exact and the hash was new, which lets callers keep a short exact list alongside (a
   * source's first 50 ports) without searching it per packet.
   */
  add(hash: number): boolean {
    const regs = this.registers;
    if (regs !== null) {
      const idx = hash >>> (32 - this.p);
      // A sentinel bit caps the rank at 32 - p + 1 when the remaining bits are all zero.
      const rank = Math.clz32((hash << this.p) | (1 << (this.p - 1))) + 1;
      if (rank > regs[idx]!) regs[idx] = rank;
      return false;
    }
    return this.addSparse(hash >>> 0);
  }

  private addSparse(hash: number): boolean {
    const table = this.sparse!;
    if (hash === 0) {
      if (this.hasZero || this.saturated) return false;
      this.hasZero = true;
    } else {
      const mask = table.length - 1;
      let i = (Math.imul(hash, 0x9e3779b1) >>> 0) & mask;
      while (table[i] !== 0) {
        if (table[i] === hash) return false;
        i = (i + 1) & mask;
      }
      if (this.saturated) return false;
      table[i] = hash;
      this.sparseCount++;
    }
    if (this.sparseCount + (this.hasZero ? 1 : 0) > this.sparseLimit && this.densify()) return true;
    if (this.sparseCount * 2 > table.length) this.rehash(table.length * 2);
    return true;
  }

  private rehash(size: number): void {
    const old = this.sparse!;
    const table = new Uint32Array(size);
    const mask = size - 1;
    for (const h of old) {
      if (h === 0) continue;
      let i = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = h;
    }
    this.sparse = table;
  }

  /** Switches to registers; false when the budget refused (the sketch is then saturated). */
  private densify(): boolean {
    if (this.budget) {
      if (this.budget.remaining <= 0) {
        if (!this.saturated) this.budget.refused++;
        this.saturated = true;
        return false;
      }
      this.budget.remaining--;
    }
    const hashes = this.sparseHashes();
    this.sparse = null;
    this.sparseCount = 0;
    this.hasZero = false;
    this.registers = new Uint8Array(this.m);
    for (const h of hashes) this.add(h);
    return true;
  }

  private sparseHashes(): number[] {
    const out: number[] = [];
    if (this.hasZero) out.push(0);
    for (const h of this.sparse ?? []) if (h !== 0) out.push(h);
    return out;
  }

  /** Gives the sketch's dense slot back to its budget and empties it (call when discarding or reusing a sketch). */
  release(): void {
    if (this.registers !== null && this.budget) this.budget.remaining++;
    this.registers = null;
    this.sparse = new Uint32Array(8);
    this.sparseCount = 0;
    this.hasZero = false;
    this.saturated = false;
  }

  /** Whether the dense registers are in use (the estimate is approximate). */
  get dense(): boolean {
    return this.registers !== null;
  }

  /** Estimated number of distinct hashes added (exact in the sparse phase). */
  count(): number {
    const regs = this.registers;
    if (regs === null) return this.sparseCount + (this.hasZero ? 1 : 0);
    const m = this.m;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = regs[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    let e = (alpha * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * Math.log(m / zeros);
    else if (e > 2 ** 32 / 30) e = -(2 ** 32) * Math.log(1 - e / 2 ** 32);
    return Math.round(e);
  }

  /** Adds everything `other` counted. Both must have the same precision. */
  merge(other: Hll): void {
    if (other.p !== this.p) throw new RangeError(`cannot merge precision ${other.p} into ${this.p}`);
    if (other.registers === null) {
      for (const h of other.sparseHashes()) this.add(h);
      return;
    }
    if (this.registers === null) {
      const mine = this.sparseHashes();
      this.sparse = null;
      this.sparseCount = 0;
      this.hasZero = false;
      this.registers = new Uint8Array(this.m);
      for (const h of mine) this.add(h);
    }
    const a = this.registers;
    const b = other.registers;
    for (let i = 0; i < a.length; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
  }

  /**
   * Binary form: 'H', version 1, p, mode (0 sparse, 1 dense), then either a little-endian uint32 count
   * and that many uint32 hashes, or the m registers.
   */
  toBytes(): Uint8Array {
    if (this.registers !== null) {
      const out = new Uint8Array(4 + this.m);
      out.set([0x48, 1, this.p, 1]);
      out.set(this.registers, 4);
      return out;
    }
    const hashes = this.sparseHashes();
    const out = new Uint8Array(8 + 4 * hashes.length);
    const dv = new DataView(out.buffer);
    out.set([0x48, 1, this.p, 0]);
    dv.setUint32(4, hashes.length, true);
    hashes.forEach((h, i) => dv.setUint32(8 + 4 * i, h, true));
    return out;
  }

  /** Base64 of {@link toBytes}, for JSON. */
  toBase64(): string {
    return Buffer.from(this.toBytes()).toString('base64');
  }

  /** Reads what {@link toBytes} wrote; throws on anything else. */
  static fromBytes(bytes: Uint8Array): Hll {
    if (bytes.length < 4 || bytes[0] !== 0x48 || bytes[1] !== 1) throw new Error('not a cynex HyperLogLog (v1)');
    const h = new Hll(bytes[2]!);
    if (bytes[3] === 1) {
      if (bytes.length !== 4 + h.m) throw new Error(`dense sketch needs ${4 + h.m} bytes, got ${bytes.length}`);
      h.sparse = null;
      h.registers = bytes.slice(4);
      return h;
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = bytes.length >= 8 ? dv.getUint32(4, true) : -1;
    if (n < 0 || bytes.length !== 8 + 4 * n) throw new Error('truncated sparse sketch');
    for (let i = 0; i < n; i++) h.add(dv.getUint32(8 + 4 * i, true));
    return h;
  }

  /** Reads {@link toBase64}. */
  static fromBase64(text: string): Hll {
    return Hll.fromBytes(Buffer.from(text, 'base64'));
  }
}

/**
 * How many sketches of a family may still switch to dense registers. Shared by, for example, all the
 * per-port sketches of one interval, so an interval touching all 65,536 ports of both protocols cannot
 * allocate 128 MiB: at most `remaining` × m bytes.
 *
 * @example
 * const budget: DenseBudget = { remaining: 4096, refused: 0 };
 * const perPort = new Hll(10, budget);
 */
export interface DenseBudget {
  remaining: number;
  /** Sketches that wanted to go dense but could not (their counts are lower bounds). */
  refused: number;
}
