/**
 * Dotted-quad text for an IPv4 address held as an unsigned 32-bit number. Allocates a
 * string, so call it when reporting, not per packet.
 *
 * @example
 * ipv4ToString(0xac100008); // '172.16.0.8'
 */
export function ipv4ToString(n: number): string {
  return `${(n >>> 24) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/**
 * Parses dotted-quad text into the unsigned 32-bit form used by `DecodedPacket.src4`,
 * so filters can compare numbers on the hot path. Returns null for invalid text.
 *
 * @example
 * const victim = parseIPv4('10.10.10.10')!; // then: if (out.dst4 === victim) ...
 */
export function parseIPv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

/**
 * RFC 5952 text for an IPv6 address held as four 32-bit words (as in
 * `DecodedPacket.src6`): lowercase, no leading zeros, longest run of two or more zero
 * groups collapsed to `::`, and the IPv4-mapped form for ::ffff:a.b.c.d.
 *
 * @example
 * ipv6ToString(Uint32Array.of(0x20010db8, 0, 0, 1)); // '2001:db8::1'
 */
export function ipv6ToString(words: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = (words[i] ?? 0) >>> 0;
    groups.push(w >>> 16, w & 0xffff);
  }
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4ToString(((groups[6] ?? 0) << 16) | (groups[7] ?? 0))}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
