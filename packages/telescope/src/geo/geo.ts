import { parseIPv4 } from '@cynex/pcap';
import { parseIPv6 } from '../cidr.js';
import { U32Map } from '../u32map.js';
import { CC_UNKNOWN, ccIndex, ccText } from './country-table.js';
import { defaultGeoCacheFile, geoSources, loadGeoTables, type GeoTables, type IpLocationFiles } from './geo-cache.js';

export { CC_UNKNOWN, ccIndex, ccText, type IpLocationFiles };

/**
 * Where a source comes from, packed in one number so the per-packet path passes no objects around:
 * `asn * 1024 + ccIndex`. Use {@link geoCc} / {@link geoAsn} to unpack.
 */
export type PackedGeo = number;
/** 'ZZ', AS 0. */
export const UNKNOWN_GEO: PackedGeo = CC_UNKNOWN;
/** Country index of a packed geo (see {@link ccText}). */
export const geoCc = (g: PackedGeo): number => g % 1024;
/** AS number of a packed geo (0 unknown). */
export const geoAsn = (g: PackedGeo): number => Math.floor(g / 1024);

/** Country and AS of source addresses. The pipeline calls it once per new source, not per packet. */
export interface GeoLookup {
  lookup4(addr: number): PackedGeo;
  lookup6(words: ArrayLike<number>): PackedGeo;
  /** The AS's organisation name ('' when unknown). */
  asnName(asn: number): string;
}

/** A lookup that knows nothing: every source is 'ZZ', AS 0. */
export const NO_GEO: GeoLookup = { lookup4: () => UNKNOWN_GEO, lookup6: () => UNKNOWN_GEO, asnName: () => '' };

/** Where {@link IpLocationGeo.load} finds its data, and its cache. */
export interface IpLocationOptions extends IpLocationFiles {
  /** The compact tables' cache file (default `node_modules/.cache/cynex/geo-tables.bin`); null: no cache. */
  cacheFile?: string | null;
  /** Called when there is no usable cache and the tables are built from the data files (a few seconds). */
  onBuild?: () => void;
}

/**
 * Country and AS lookups from the CC0 / CC BY ip-location-db data (no MaxMind GeoLite data): country from the
 * `geo-whois-asn-country` MMDB, AS number and name from the `asn` package's numeric CSVs (npm has no ASN MMDB of the
 * project). Both are read into range tables once per data version and kept in a cache file (`geo-cache.ts`), so
 * loading is one file read (tens of milliseconds) and a lookup is two bisections over typed arrays. Results are also
 * cached per /24 (IPv4) or /48 (IPv6), the granularity of routed prefixes, so a scanner's sweep of sources in one
 * network costs one lookup; that cache is cleared when it reaches `maxCache` entries to keep memory bounded.
 * Attribution (CC BY 4.0): AS data © RouteViews, DB-IP.com and the NRO.
 *
 * @example
 * const geo = await IpLocationGeo.load();
 * const g = geo.lookup4(parseIPv4('8.8.8.8')!);
 * ccText(geoCc(g)); // 'US'
 */
export class IpLocationGeo implements GeoLookup {
  private readonly cache4 = new U32Map<number>(1024);
  private readonly cache6 = new Map<string, number>();
  /** Table lookups and cache hits, for the throughput report. */
  readonly stats = { walks: 0, hits: 0 };

  private constructor(
    private readonly tables: GeoTables,
    private readonly maxCache: number,
  ) {}

  /**
   * The tables from the cache, or built from the data packages (and cached) when the cache is missing, stale (other
   * data versions) or damaged.
   */
  static async load(options: IpLocationOptions = {}, maxCache = 262_144): Promise<IpLocationGeo> {
    const cacheFile = options.cacheFile === undefined ? defaultGeoCacheFile() : options.cacheFile;
    const { tables } = await loadGeoTables(geoSources(options), cacheFile, options.onBuild);
    return new IpLocationGeo(tables, maxCache);
  }

  /** Lookups over tables already at hand (tests, the cache's own checks). */
  static fromTables(tables: GeoTables, maxCache = 262_144): IpLocationGeo {
    return new IpLocationGeo(tables, maxCache);
  }

  lookup4(addr: number): PackedGeo {
    const key = addr >>> 8;
    const hit = this.cache4.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      return hit;
    }
    this.stats.walks++;
    const packed = this.tables.asn.lookup4(addr) * 1024 + this.tables.country.lookup4(addr);
    if (this.cache4.size >= this.maxCache) this.cache4.clear();
    this.cache4.set(key, packed);
    return packed;
  }

  lookup6(words: ArrayLike<number>): PackedGeo {
    const key = `${words[0]}:${(words[1] ?? 0) >>> 16}`;
    const hit = this.cache6.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      return hit;
    }
    this.stats.walks++;
    const packed = this.tables.asn.lookup6(words) * 1024 + this.tables.country.lookup6(words);
    if (this.cache6.size >= this.maxCache) this.cache6.clear();
    this.cache6.set(key, packed);
    return packed;
  }

  asnName(asn: number): string {
    return this.tables.asn.name(asn);
  }
}

/**
 * Special-purpose IPv4 blocks (RFC 6890: private, shared, loopback, link-local, documentation, benchmarking,
 * multicast, reserved): the whois data gives some of them the country of their registry, which no source is in.
 */
const SPECIAL_V4: readonly [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0000000, 24],
  [0xc0000200, 24],
  [0xc0a80000, 16],
  [0xc6120000, 15],
  [0xc6336400, 24],
  [0xcb007100, 24],
  [0xe0000000, 3],
];
/** The same for IPv6, by the first 32 bits: ::/8 (unspecified, loopback, mapped), ULA, link-local, documentation, multicast. */
const SPECIAL_V6: readonly [number, number][] = [
  [0x00000000, 8],
  [0xfc000000, 7],
  [0xfe800000, 10],
  [0x20010db8, 32],
  [0xff000000, 8],
];

/**
 * The ISO country code of an address written as text, or null when it is unknown, private or not an address.
 * @example countryOf(geo, '8.8.8.8') // 'US'
 */
export function countryOf(geo: GeoLookup, address: string): string | null {
  const v4 = parseIPv4(address);
  let packed: PackedGeo;
  if (v4 !== null) {
    if (SPECIAL_V4.some(([net, bits]) => v4 >>> (32 - bits) === net >>> (32 - bits))) return null;
    packed = geo.lookup4(v4);
  } else {
    const v6 = parseIPv6(address);
    if (!v6 || SPECIAL_V6.some(([net, bits]) => v6[0]! >>> (32 - bits) === net >>> (32 - bits))) return null;
    packed = geo.lookup6(v6);
  }
  const cc = geoCc(packed);
  return cc === CC_UNKNOWN ? null : ccText(cc);
}
