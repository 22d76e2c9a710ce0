import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type CountryResponse } from 'mmdb-lib';
import { ipv4ToString, ipv6ToString } from '@cynex/pcap';
import { U32Map } from './u32map.js';
import { AsnTable } from './asn-table.js';

/** An ip-location-db country record (mmdb-lib wants one of its response types; all fields are optional). */
type IpLocationRecord = CountryResponse & { readonly country_code?: string };

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

/** Files of the ip-location-db packages (paths default to the installed npm packages). */
export interface IpLocationFiles {
  /** A country MMDB with `country_code` records (default: @ip-location-db/geo-whois-asn-country-mmdb, CC0). */
  countryMmdb?: string;
  /** `start,end,asn,name` numeric-range CSVs (default: @ip-location-db/asn, CC BY 4.0 RouteViews + DB-IP + NRO). */
  asnCsv4?: string;
  asnCsv6?: string;
}

/**
 * Country and AS lookups from the CC0 / CC BY ip-location-db data (no MaxMind GeoLite data):
 * country from the `geo-whois-asn-country` MMDB through mmdb-lib, AS number and name from the `asn`
 * package's numeric CSVs (npm has no ASN MMDB of the project). Results are cached per /24 (IPv4) or /48
 * (IPv6), the granularity of routed prefixes, so a scanner's sweep of sources in one network costs
 * one tree walk; the cache is cleared when it reaches `maxCache` entries to keep memory bounded.
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
  /** Tree walks and cache hits, for the throughput report. */
  readonly stats = { walks: 0, hits: 0 };

  private constructor(
    private readonly reader: Reader<IpLocationRecord>,
    private readonly asn: AsnTable,
    private readonly maxCache: number,
  ) {}

  /** Loads the MMDB and the ASN tables (about a second for the full ASN CSVs). */
  static async load(files: IpLocationFiles = {}, maxCache = 262_144): Promise<IpLocationGeo> {
    const require = createRequire(import.meta.url);
    const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
    const countryMmdb =
      files.countryMmdb ?? join(pkg('@ip-location-db/geo-whois-asn-country-mmdb'), 'geo-whois-asn-country.mmdb');
    const asnDir = files.asnCsv4 && files.asnCsv6 ? '' : pkg('@ip-location-db/asn');
    const [mmdb, csv4, csv6] = await Promise.all([
      readFile(countryMmdb),
      readFile(files.asnCsv4 ?? join(asnDir, 'asn-ipv4-num.csv'), 'utf8'),
      readFile(files.asnCsv6 ?? join(asnDir, 'asn-ipv6-num.csv'), 'utf8'),
    ]);
    const reader = new Reader<IpLocationRecord>(mmdb);
    return new IpLocationGeo(reader, AsnTable.fromCsv(csv4, csv6), maxCache);
  }

  lookup4(addr: number): PackedGeo {
    const key = addr >>> 8;
    const hit = this.cache4.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      return hit;
    }
    this.stats.walks++;
    const cc = ccIndex(this.reader.get(ipv4ToString(addr))?.country_code);
    const packed = this.asn.lookup4(addr) * 1024 + cc;
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
    const cc = ccIndex(this.reader.get(ipv6ToString(words))?.country_code);
    const packed = this.asn.lookup6(words) * 1024 + cc;
    if (this.cache6.size >= this.maxCache) this.cache6.clear();
    this.cache6.set(key, packed);
    return packed;
  }

  asnName(asn: number): string {
    return this.asn.name(asn);
  }
}
