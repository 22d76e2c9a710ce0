/**
 * IPv4 and IPv6 addresses and CIDR prefixes, parsed strictly and written in one canonical form (dotted quad;
 * RFC 5952 for IPv6), so that the same host is stored, matched and looked up under one spelling.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface Cidr extends IpAddress {
  prefix: number;
}

export type CidrResult = { ok: true; cidr: Cidr; text: string } | { ok: false; reason: string };

/** The shortest prefixes a member may register: wider ones would claim a large part of the Internet. */
export const MIN_PREFIX = { 4: 8, 6: 16 } as const;

const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return undefined;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      continue;
    }
    if (!HEX_GROUP.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

function parseIpv6(text: string): Uint8Array | undefined {
  if (text.length > 45 || text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Parses an address; undefined when it is not exactly an IPv4 or IPv6 address (no zone ids, no leading zeros). */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    return bytes && { version: 6, bytes };
  }
  const bytes = parseIpv4(text);
  return bytes && { version: 4, bytes };
}

function isV4Mapped(bytes: Uint8Array): boolean {
  return bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** The canonical text of an address: dotted quad, or lower-case IPv6 with the longest zero run compressed. */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (ip.bytes[i * 2]! << 8) | ip.bytes[i * 2 + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The canonical spelling of an address, with IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, as a dual-stack
 * socket reports IPv4 clients) written as IPv4; undefined when the text is not an address.
 */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text.trim());
  if (!ip) return undefined;
  if (isV4Mapped(ip.bytes)) return formatIp({ version: 4, bytes: ip.bytes.slice(12) });
  return formatIp(ip);
}

function hostBitsZero(bytes: Uint8Array, prefix: number): boolean {
  for (let bit = prefix; bit < bytes.length * 8; bit += 1) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) return false;
  }
  return true;
}

/**
 * Parses a CIDR prefix strictly: an address, a slash and a decimal length within the family's range, with every
 * host bit zero (`10.1.0.0/16`, not `10.1.2.3/16`), no wider than {@link MIN_PREFIX}.
 */
export function parseCidr(input: string): CidrResult {
  const text = input.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'write a prefix with its length, e.g. 192.0.2.0/24 or 2001:db8::/32' };
  const ip = parseIp(text.slice(0, slash));
  if (!ip) return { ok: false, reason: 'not an IPv4 or IPv6 address before the slash' };
  const lengthText = text.slice(slash + 1);
  const max = ip.version === 4 ? 32 : 128;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText) || Number(lengthText) > max) {
    return { ok: false, reason: `the prefix length is a number from 0 to ${max}` };
  }
  const prefix = Number(lengthText);
  if (prefix < MIN_PREFIX[ip.version]) {
    return { ok: false, reason: `prefixes wider than /${MIN_PREFIX[ip.version]} are not accepted` };
  }
  if (!hostBitsZero(ip.bytes, prefix)) {
    const network = ip.bytes.slice();
    for (let bit = prefix; bit < network.length * 8; bit += 1) network[bit >> 3]! &= ~(1 << (7 - (bit & 7)));
    return {
      ok: false,
      reason: `host bits are set; the network is ${formatIp({ version: ip.version, bytes: network })}/${prefix}`,
    };
  }
  const cidr = { ...ip, prefix };
  return { ok: true, cidr, text: `${formatIp(ip)}/${prefix}` };
}

/** Whether the prefix contains the address (always false across families). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.version !== ip.version) return false;
  const full = cidr.prefix >> 3;
  for (let i = 0; i < full; i += 1) if (cidr.bytes[i] !== ip.bytes[i]) return false;
  const rest = cidr.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (cidr.bytes[full]! & mask) === (ip.bytes[full]! & mask);
}
