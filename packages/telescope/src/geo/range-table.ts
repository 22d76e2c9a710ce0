/**
 * Addresses → small integers (a country index, an AS number) as contiguous ranges that cover the whole address
 * space: the sorted first address of each range and its value, searched by bisection. A gap in the source data is a
 * range of its own with the "unknown" value, so a lookup is one bisection and no end check. Starts are 32-bit words,
 * one per range for IPv4 and four (most significant first) for IPv6, so a table is two typed arrays that can be
 * written to a file and viewed again without parsing.
 *
 * @example
 * const b = new RangeTableBuilder(1, 0);
 * b.append([0x01000000], 13335); // 1.0.0.0 …
 * b.append([0x01000100], 0); // 1.0.1.0 … (unknown)
 * const t = b.build();
 * t.values[t.find([0x01000001])]; // 13335
 */
export class RangeTable {
  /** Ranges in the table. */
  readonly length: number;

  /**
   * @param words 1 (IPv4) or 4 (IPv6) words per start
   * @param starts `words` words per range, ascending; the first range starts at address 0
   * @param values one value per range
   */
  constructor(
    readonly words: 1 | 4,
    readonly starts: Uint32Array,
    readonly values: Uint16Array | Uint32Array,
  ) {
    this.length = values.length;
    if (starts.length !== this.length * words) throw new Error('range table: starts and values differ in length');
  }

  /** Index of the range holding a 32-bit address (IPv4 tables). */
  find4(addr: number): number {
    const s = this.starts;
    const a = addr >>> 0;
    let lo = 0;
    let hi = this.length - 1;
    // The last start <= a; the first range starts at 0, so there is always one.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= a) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Index of the range holding a 128-bit address given as four words, most significant first (IPv6 tables). */
  find6(addr: ArrayLike<number>): number {
    const s = this.starts;
    const a0 = (addr[0] ?? 0) >>> 0;
    const a1 = (addr[1] ?? 0) >>> 0;
    const a2 = (addr[2] ?? 0) >>> 0;
    const a3 = (addr[3] ?? 0) >>> 0;
    let lo = 0;
    let hi = this.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const at = mid * 4;
      const s0 = s[at]!;
      const s1 = s[at + 1]!;
      const s2 = s[at + 2]!;
      const startAfter = s0 !== a0 ? s0 > a0 : s1 !== a1 ? s1 > a1 : s2 !== a2 ? s2 > a2 : s[at + 3]! > a3;
      if (startAfter) hi = mid - 1;
      else lo = mid;
    }
    return lo;
  }

  /** Index of the range holding an address of this table's width. */
  find(addr: ArrayLike<number>): number {
    return this.words === 1 ? this.find4(addr[0] ?? 0) : this.find6(addr);
  }
}

/**
 * Collects ranges in address order and merges neighbours with equal values. The first range must start at 0.
 */
export class RangeTableBuilder {
  private starts = new Uint32Array(1024);
  private values: number[] = [];

  /**
   * @param words 1 (IPv4) or 4 (IPv6) words per start
   * @param valueBits 16 or 32: the width of the values
   */
  constructor(
    private readonly words: 1 | 4,
    private readonly valueBits: 16 | 32 = 32,
  ) {}

  /** Adds a range starting at `start` (words, most significant first) that runs up to the next one. */
  append(start: ArrayLike<number>, value: number): void {
    const n = this.values.length;
    if (n === 0 && [0, 1, 2, 3].slice(0, this.words).some((i) => (start[i] ?? 0) !== 0)) {
      throw new Error('range table: the first range must start at address 0');
    }
    if (n > 0 && this.values[n - 1] === value) return;
    if ((n + 1) * this.words > this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    for (let i = 0; i < this.words; i++) this.starts[n * this.words + i] = (start[i] ?? 0) >>> 0;
    this.values.push(value);
  }

  build(): RangeTable {
    const n = this.values.length;
    const values = this.valueBits === 16 ? Uint16Array.from(this.values) : Uint32Array.from(this.values);
    return new RangeTable(this.words, this.starts.slice(0, n * this.words), values);
  }
}

/** The four 32-bit words of a 128-bit number, most significant first. */
export function bigintWords(value: bigint): [number, number, number, number] {
  return [
    Number((value >> 96n) & 0xffffffffn),
    Number((value >> 64n) & 0xffffffffn),
    Number((value >> 32n) & 0xffffffffn),
    Number(value & 0xffffffffn),
  ];
}
