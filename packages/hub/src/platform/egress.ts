import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why an address is not a public one: the word a refusal names. */
export type AddressCategory =
  'loopback' | 'private' | 'link-local' | 'unique-local' | 'unspecified' | 'multicast' | 'broadcast' | 'reserved';

/** Why the guard refused a URL. */
export type EgressRefusal = AddressCategory | 'scheme' | 'userinfo' | 'unresolvable';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a connection to the host could use; rejects (or answers none) when the name does not resolve. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system's resolver (getaddrinfo, /etc/hosts included): the same answers a plain connection would use. */
export const systemResolver: HostResolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** A URL the guard let through, with the addresses it checked: connect to these and nothing else. */
export interface EgressTarget {
  url: URL;
  /** The URL's host without IPv6 brackets, for the connection (and TLS server name). */
  hostname: string;
  addresses: ResolvedAddress[];
}

export class EgressRefused extends Error {
  constructor(
    readonly reason: EgressRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'EgressRefused';
  }
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** ipaddr.js range names → our categories. Any other special range (documentation, benchmarking, 240/4, …) is 'reserved'. */
const CATEGORY_OF_RANGE: Record<string, AddressCategory> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'private',
};

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

const v4FromParts = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 address an IPv6 address carries and is judged by: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
 */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = address.parts;
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return v4FromParts(p[6]!, p[7]!);
  if (address.match(NAT64_WELL_KNOWN)) return v4FromParts(p[6]!, p[7]!);
  if (range === '6to4') return v4FromParts(p[1]!, p[2]!);
  if (p.slice(0, 6).every((part) => part === 0)) return v4FromParts(p[6]!, p[7]!);
  return undefined;
}

/** The category of a non-public address; undefined for an address on the public internet. */
export function addressCategory(address: Address): AddressCategory | undefined {
  const range = address.range();
  if (address.kind() === 'ipv4') return range === 'unicast' ? undefined : (CATEGORY_OF_RANGE[range] ?? 'reserved');
  const v6 = address as ipaddr.IPv6;
  if (range === 'unspecified' || range === 'loopback') return CATEGORY_OF_RANGE[range];
  const v4 = embeddedV4(v6);
  if (v4) {
    const category = addressCategory(v4);
    // The deprecated IPv4-compatible form has no public use: refused even around a public address.
    const compatible = v6.parts.slice(0, 6).every((part) => part === 0);
    return category ?? (compatible ? 'reserved' : undefined);
  }
  if (range !== 'unicast') return CATEGORY_OF_RANGE[range] ?? 'reserved';
  // Outside 2000::/3 nothing is allocated for the public internet.
  return v6.match(GLOBAL_UNICAST_V6) ? undefined : 'reserved';
}

/** An operator's allow-list (CYNEX_EGRESS_ALLOW): host names, addresses and CIDR prefixes. */
export interface EgressAllowList {
  hosts: ReadonlySet<string>;
  ranges: readonly [Address, number][];
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const trimDot = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name);

type AllowEntry = { host: string } | { range: [Address, number] } | { problem: string };

function parseAllowEntry(raw: string): AllowEntry {
  const entry = raw.trim().toLowerCase();
  const [text = '', bits, ...rest] = entry.split('/');
  const family = net.isIP(text);
  if (family !== 0) {
    const max = family === 4 ? 32 : 128;
    if (bits === undefined) return { range: [ipaddr.parse(text), max] };
    if (rest.length === 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= max) {
      return { range: [ipaddr.parse(text), Number(bits)] };
    }
    return { problem: `the prefix length must be 0 to ${max}` };
  }
  const host = trimDot(entry);
  const labels = host.split('.');
  // A name whose last label is a number is an IPv4 address to a URL parser (2130706433, 0x7f.1): write it dotted.
  const numeric = /^(\d+|0x[0-9a-f]*)$/.test(labels.at(-1) ?? '');
  if (bits === undefined && host.length <= 253 && labels.every((l) => LABEL.test(l)) && !numeric) return { host };
  return { problem: 'not a host name, an IP address or a CIDR prefix' };
}

/** What is wrong with an allow-list entry, or undefined when it is fine (for configuration errors). */
export function egressAllowProblem(entry: string): string | undefined {
  const parsed = parseAllowEntry(entry);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** Parses CYNEX_EGRESS_ALLOW entries; throws naming the first bad one (configuration validates them first). */
export function parseEgressAllow(entries: readonly string[]): EgressAllowList {
  const hosts = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const entry of entries) {
    const parsed = parseAllowEntry(entry);
    if ('problem' in parsed) throw new Error(`egress allow-list entry "${entry}": ${parsed.problem}`);
    if ('host' in parsed) hosts.add(parsed.host);
    else ranges.push(parsed.range);
  }
  return { hosts, ranges };
}

const article = (category: AddressCategory) => (category === 'unspecified' ? 'an' : 'a');

/**
 * The one check in front of every outbound call to a URL someone other than the operator chose (alert
 * webhooks): http(s) only, no user names in URLs, and no host that resolves — with ANY of its addresses — to a
 * loopback, private, link-local, unique-local, unspecified, multicast, broadcast or reserved address, in any
 * IPv4 or IPv6 spelling. The operator's allow-list lets chosen names, addresses and prefixes through.
 *
 * Check when the URL is saved and again right before connecting, and connect only to the addresses the second
 * check returns (`pinnedLookup`): a name that re-binds to 127.0.0.1 after the first check gets nowhere.
 *
 * @example
 * const guard = new EgressGuard({ allow: parseEgressAllow(['receiver.internal']) });
 * const target = await guard.check('https://hooks.example.com/cynex'); // throws EgressRefused
 * http.request({ hostname: target.hostname, lookup: pinnedLookup(target.addresses), … });
 */
export class EgressGuard {
  private readonly allow: EgressAllowList;
  private readonly resolve: HostResolver;

  constructor(options: { allow?: EgressAllowList | undefined; resolve?: HostResolver | undefined } = {}) {
    this.allow = options.allow ?? { hosts: new Set(), ranges: [] };
    this.resolve = options.resolve ?? systemResolver;
  }

  async check(input: string | URL): Promise<EgressTarget> {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new EgressRefused('scheme', 'refused: not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new EgressRefused('scheme', 'refused: only http:// and https:// URLs');
    }
    if (url.username || url.password) {
      throw new EgressRefused('userinfo', 'refused: user names and passwords do not belong in the URL');
    }
    // The URL parser has already turned 2130706433, 0x7f000001 and 0177.0.0.1 into 127.0.0.1.
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = net.isIP(hostname);
    const addresses: ResolvedAddress[] =
      literal === 0 ? await this.addressesOf(hostname) : [{ address: hostname, family: literal === 6 ? 6 : 4 }];
    if (!this.allow.hosts.has(trimDot(hostname))) {
      for (const { address } of addresses) {
        const category = this.refusedCategory(address);
        if (category)
          throw new EgressRefused(category, `refused: resolves to ${article(category)} ${category} address`);
      }
    }
    return { url, hostname, addresses };
  }

  private async addressesOf(hostname: string): Promise<ResolvedAddress[]> {
    const unresolvable = new EgressRefused('unresolvable', 'refused: the host name does not resolve');
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolve(hostname);
    } catch {
      throw unresolvable;
    }
    if (addresses.length === 0) throw unresolvable;
    return addresses;
  }

  private refusedCategory(text: string): AddressCategory | undefined {
    let address: Address;
    try {
      address = ipaddr.parse(text);
    } catch {
      return 'reserved';
    }
    const category = addressCategory(address);
    if (!category) return undefined;
    const forms: Address[] = [address];
    if (address.kind() === 'ipv6') {
      const v4 = embeddedV4(address as ipaddr.IPv6);
      if (v4) forms.push(v4);
    }
    const allowed = this.allow.ranges.some(([base, bits]) =>
      forms.some((form) => form.kind() === base.kind() && form.match(base, bits)),
    );
    return allowed ? undefined : category;
  }
}

/**
 * A `lookup` for node:net / node:http that answers only the guard's checked addresses, so the connection goes
 * where the check looked and a second DNS answer is never asked for.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = addresses.filter((a) => !wanted || a.family === wanted);
    if (usable.length === 0) {
      const error: NodeJS.ErrnoException = new Error('no checked address of the wanted family');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0]!.address, usable[0]!.family);
    }
  };
}
