import type { RangeTable } from './range-table.js';

/** Country index of 'ZZ' (unknown), see {@link ccIndex}. */
export const CC_UNKNOWN = 25 * 26 + 25;

/** Two upper-case letters → 0..675 ('AA' = 0, 'ZZ' = 675); anything else → 'ZZ'. */
export function ccIndex(cc: string | undefined): number {
  if (!cc || !/^[A-Za-z]{2}$/.test(cc)) return CC_UNKNOWN;
  const u = cc.toUpperCase();
  return (u.charCodeAt(0) - 65) * 26 + (u.charCodeAt(1) - 65);
}

/** Inverse of {@link ccIndex}. */
export function ccText(index: number): string {
  return String.fromCharCode(65 + Math.floor(index / 26), 65 + (index % 26));
}

/**
 * An IPv6 range whose value has this bit set is the MMDB's IPv4 subtree seen from IPv6 (`::/96`, and any alias of
 * it such as `::ffff:0:0/96`): the low 15 bits say at which bit the embedded IPv4 address starts, and the country
 * comes from the IPv4 table, as the MMDB's own lookup would find it.
 */
export const IPV4_SUBTREE = 0x8000;

/**
 * Address → country index, from the ranges of a country MMDB (see `mmdb-ranges.ts`): one {@link RangeTable} for
 * IPv4 and one for IPv6, with 16-bit values ({@link ccIndex}, or {@link IPV4_SUBTREE}).
 *
 * @example
 * const t = new CountryTable(v4, v6);
 * ccText(t.lookup4(0x08080808)); // 'US'
 */
export class CountryTable {
  constructor(
    readonly v4: RangeTable,
    readonly v6: RangeTable,
  ) {}

  lookup4(addr: number): number {
    return this.v4.values[this.v4.find4(addr)]!;
  }

  /** Country of an IPv6 address given as four words, most significant first. */
  lookup6(words: ArrayLike<number>): number {
    const v = this.v6.values[this.v6.find6(words)]!;
    if ((v & IPV4_SUBTREE) === 0) return v;
    const bit = v & (IPV4_SUBTREE - 1);
    const w = bit >>> 5;
    const shift = bit & 31;
    const hi = (words[w] ?? 0) >>> 0;
    const addr = shift === 0 ? hi : ((hi << shift) | (((words[w + 1] ?? 0) >>> 0) >>> (32 - shift))) >>> 0;
    return this.lookup4(addr);
  }
}
