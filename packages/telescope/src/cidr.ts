import { isIPv4, isIPv6 } from 'node:net';
import { parseIPv4 } from '@cynex/pcap';

/** A parsed CIDR prefix. IPv4 keeps its range as numbers; IPv6 keeps the 128-bit network as words. */
export type Cidr =
  | { version: 4; text: string; first: number; last: number; length: number }
  | { version: 6; text: string; words: Uint32Array; length: number };

/**
 * Parses IPv6 text (any RFC 4291 form, including embedded IPv4) into four big-endian 32-bit words,
 * the layout of `DecodedPacket.src6`. Null when not an address.
 *
 * @example
 * parseIPv6('2001:db8::1'); // Uint32Array [0x20010db8, 0, 0, 1]
 */
export function parseIPv6(text: string): Uint32Array | null {
  if (!isIPv6(text)) return null;
  let s = text;
  const groups: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseIPv4(v4[1]!)!;
    s = `${s.slice(0, v4.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  groups.push(...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t);
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  return w;
}

/**
 * Parses `a.b.c.d/len`, `x:y::/len` or a bare address (a /32 or /128). Host bits must be zero, so a
 * typo like 192.0.2.1/24 is reported instead of silently meaning 192.0.2.0/24.
 *
 * @example
 * parseCidr('198.51.100.0/24'); // { version: 4, first: 3325256704, last: 3325256959, length: 24, ... }
 */
export function parseCidr(text: string): Cidr {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addr = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const lenText = slash < 0 ? null : trimmed.slice(slash + 1);
  if (isIPv4(addr)) {
    const length = lenText === null ? 32 : Number(lenText);
    if (!/^\d{1,2}$/.test(lenText ?? '32') || length > 32) throw new Error(`${text}: IPv4 prefix length must be 0..32`);
    const n = parseIPv4(addr)!;
    const size = 2 ** (32 - length);
    if (n % size !== 0) throw new Error(`${text}: host bits set (did you mean ${cidr4Text(n - (n % size), length)}?)`);
    return { version: 4, text: `${addr}/${length}`, first: n, last: n + size - 1, length };
  }
  const words = parseIPv6(addr);
  if (words) {
    const length = lenText === null ? 128 : Number(lenText);
    if (!/^\d{1,3}$/.test(lenText ?? '128') || length > 128)
      throw new Error(`${text}: IPv6 prefix length must be 0..128`);
    for (let bit = length; bit < 128; bit++) {
      if ((words[bit >>> 5]! >>> (31 - (bit & 31))) & 1) throw new Error(`${text}: host bits set`);
    }
    return { version: 6, text: `${addr}/${length}`, words, length };
  }
  throw new Error(`${text}: not an IPv4 or IPv6 address or CIDR prefix`);
}

function cidr4Text(n: number, length: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${length}`;
}

/** Whether the first `length` bits of two IPv6 addresses agree. */
export function inPrefix6(addr: ArrayLike<number>, net: ArrayLike<number>, length: number): boolean {
  for (let i = 0; i < 4 && length > 0; i++, length -= 32) {
    const mask = length >= 32 ? 0xffffffff : ~(0xffffffff >>> length);
    if ((((addr[i] ?? 0) ^ (net[i] ?? 0)) & mask) !== 0) return false;
  }
  return true;
}

/**
 * A set of IPv4 ranges (sorted, non-overlapping) answering "which range holds this address?" by
 * binary search, with the last hit remembered: darknet traffic arrives in runs for the same prefix.
 *
 * @example
 * const set = new RangeSet4([parseCidr('10.0.0.0/8')]);
 * set.find(0x0a000001); // 0
 */
export class RangeSet4 {
  readonly first: Uint32Array;
  readonly last: Uint32Array;
  private hit = -1;

  constructor(prefixes: readonly Cidr[], allowOverlap = false) {
    const ranges = prefixes
      .filter((p): p is Extract<Cidr, { version: 4 }> => p.version === 4)
      .map((p) => ({ first: p.first, last: p.last, text: p.text }))
      .sort((a, b) => a.first - b.first);
    const merged: { first: number; last: number; text: string }[] = [];
    for (const r of ranges) {
      const prev = merged[merged.length - 1];
      if (prev && r.first <= prev.last) {
        if (!allowOverlap) throw new Error(`prefixes ${prev.text} and ${r.text} overlap`);
        prev.last = Math.max(prev.last, r.last);
      } else merged.push({ ...r });
    }
    this.first = Uint32Array.from(merged, (r) => r.first);
    this.last = Uint32Array.from(merged, (r) => r.last);
  }

  /** Number of ranges. */
  get length(): number {
    return this.first.length;
  }

  /** Index of the range holding `addr`, or -1. */
  find(addr: number): number {
    const h = this.hit;
    if (h >= 0 && addr >= this.first[h]! && addr <= this.last[h]!) return h;
    let lo = 0;
    let hi = this.first.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (addr < this.first[mid]!) hi = mid - 1;
      else if (addr > this.last[mid]!) lo = mid + 1;
      else {
        this.hit = mid;
        return mid;
      }
    }
    return -1;
  }
}
