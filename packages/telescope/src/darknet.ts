import { inPrefix6, parseCidr, RangeSet4, type Cidr } from './cidr.js';

/** Shortest IPv6 darknet prefix accepted: keeps /64 block numbers (× 1024 port buckets) below 2^53. */
export const MIN_IPV6_PREFIX = 24;

/**
 * The darknet's address space: which destinations count, and the "destination block" of the heat map.
 * Blocks are numbered in configuration order: every IPv4 prefix contributes one block per /24 (at least
 * one for a longer prefix), every IPv6 prefix one per /64, so block indexes are stable for a given
 * configuration and the hub can draw NICTER's "Cube" (destination × port).
 *
 * @example
 * const d = new Darknet(['198.51.100.0/24', '2001:db8::/48']);
 * d.block4(0xc6336405); // 0
 * d.monitoredAddresses; // 256 + 65536
 */
export class Darknet {
  readonly prefixes: readonly Cidr[];
  /** IPv4 addresses plus IPv6 /64 networks watched, as `TelescopeBatch.monitoredAddresses`. */
  readonly monitoredAddresses: number;
  /** IPv4 addresses watched (used to extrapolate scan rates to the whole IPv4 space). */
  readonly ipv4Addresses: number;
  /** Number of heat-map destination blocks. */
  readonly blocks: number;
  private readonly set4: RangeSet4;
  private readonly base4: Float64Array;
  private readonly v6: { words: Uint32Array; length: number; base: number }[] = [];

  constructor(prefixes: readonly string[]) {
    if (prefixes.length === 0) throw new Error('at least one darknet prefix is needed');
    this.prefixes = prefixes.map(parseCidr);
    this.set4 = new RangeSet4(this.prefixes);
    this.base4 = new Float64Array(this.set4.length);
    let blocks = 0;
    let v4 = 0;
    for (let i = 0; i < this.set4.length; i++) {
      const size = this.set4.last[i]! - this.set4.first[i]! + 1;
      this.base4[i] = blocks;
      blocks += Math.max(1, Math.ceil(size / 256));
      v4 += size;
    }
    let v6 = 0;
    for (const p of this.prefixes) {
      if (p.version !== 6) continue;
      if (p.length < MIN_IPV6_PREFIX)
        throw new Error(`${p.text}: IPv6 darknet prefixes must be /${MIN_IPV6_PREFIX} or longer`);
      for (const other of this.v6) {
        const shorter = Math.min(other.length, p.length);
        if (inPrefix6(p.words, other.words, shorter)) throw new Error(`IPv6 prefix ${p.text} overlaps another`);
      }
      const n64 = p.length >= 64 ? 1 : 2 ** (64 - p.length);
      this.v6.push({ words: p.words, length: p.length, base: blocks });
      blocks += n64;
      v6 += n64;
    }
    this.ipv4Addresses = v4;
    this.monitoredAddresses = v4 + v6;
    this.blocks = blocks;
  }

  /** Heat-map block of an IPv4 destination, or -1 when it is outside the darknet. */
  block4(dst: number): number {
    const r = this.set4.find(dst);
    if (r < 0) return -1;
    return this.base4[r]! + Math.floor((dst - this.set4.first[r]!) / 256);
  }

  /** Heat-map block of an IPv6 destination (its /64 within the prefix), or -1 when outside. */
  block6(dst: ArrayLike<number>): number {
    for (const p of this.v6) {
      if (!inPrefix6(dst, p.words, p.length)) continue;
      if (p.length >= 64) return p.base;
      // Offset of the /64 inside the prefix: the top 64 bits minus the network's top 64 bits.
      const hi = ((dst[0] ?? 0) - p.words[0]!) * 2 ** 32 + ((dst[1] ?? 0) - p.words[1]!);
      return p.base + hi;
    }
    return -1;
  }
}
