import { canonicalIp, cidrContains, parseIp, type Cidr } from './ip-address.js';

/** Why an address cannot be checked against the darknet: it never appears there as a source. */
export type UncheckableReason = 'loopback' | 'private' | 'link-local' | 'shared' | 'unspecified' | 'reserved';

function block(text: string, prefix: number): Cidr {
  const ip = parseIp(text);
  if (!ip) throw new Error(`bad built-in prefix ${text}`);
  return { ...ip, prefix };
}

/**
 * Addresses that are not routed on the Internet (RFC 6890 and its updates), so traffic from them cannot reach
 * the internet-facing darknet or decoys. Documentation ranges (192.0.2.0/24, 2001:db8::/32…) are left out on
 * purpose: they stand in for public addresses in examples, demos and tests.
 */
const BLOCKS: readonly (readonly [Cidr, UncheckableReason])[] = [
  [block('0.0.0.0', 8), 'unspecified'],
  [block('127.0.0.0', 8), 'loopback'],
  [block('10.0.0.0', 8), 'private'],
  [block('172.16.0.0', 12), 'private'],
  [block('192.168.0.0', 16), 'private'],
  [block('100.64.0.0', 10), 'shared'],
  [block('169.254.0.0', 16), 'link-local'],
  [block('224.0.0.0', 4), 'reserved'],
  [block('240.0.0.0', 4), 'reserved'],
  [block('::', 128), 'unspecified'],
  [block('::1', 128), 'loopback'],
  [block('fc00::', 7), 'private'],
  [block('fe80::', 10), 'link-local'],
  [block('ff00::', 8), 'reserved'],
];

/**
 * Why the self-check cannot look at this address, or undefined when it can (a public address). IPv4-mapped IPv6
 * is read as IPv4; text that is not an address is 'reserved' (there is nothing to look up).
 * @example uncheckableReason('192.168.1.10') // 'private'
 * @example uncheckableReason('203.0.113.5') // undefined
 */
export function uncheckableReason(address: string): UncheckableReason | undefined {
  const canonical = canonicalIp(address);
  const ip = canonical === undefined ? undefined : parseIp(canonical);
  if (!ip) return 'reserved';
  return BLOCKS.find(([cidr]) => cidrContains(cidr, ip))?.[1];
}
