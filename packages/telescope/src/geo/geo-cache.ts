import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { AsnNames, AsnTable } from './asn-table.js';
import { CountryTable } from './country-table.js';
import { RangeTable } from './range-table.js';

/** Country and AS tables: what {@link IpLocationGeo} looks sources up in, and what the cache file holds. */
export interface GeoTables {
  country: CountryTable;
  asn: AsnTable;
}

/** Files of the ip-location-db packages (paths default to the installed npm packages). */
export interface IpLocationFiles {
  /** A country MMDB with `country_code` records (default: @ip-location-db/geo-whois-asn-country-mmdb, CC0). */
  countryMmdb?: string;
  /** `start,end,asn,name` numeric-range CSVs (default: @ip-location-db/asn, CC BY 4.0 RouteViews + DB-IP + NRO). */
  asnCsv4?: string;
  asnCsv6?: string;
}

/** The data files behind the tables, and the key the cache is valid for. */
export interface GeoSources {
  countryMmdb: string;
  asnCsv4: string;
  asnCsv6: string;
  /** Format version, the data packages' versions, and each file's path, size and modification time. */
  key: string;
}

/** Bumped whenever the tables or the file layout change meaning: an older cache is then rebuilt. */
export const GEO_CACHE_FORMAT = 1;

const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country-mmdb';
const ASN_PACKAGE = '@ip-location-db/asn';
const MAGIC = 'CYNXGEO\n';
const BYTE_ORDER = 0x01020304;
const HEADER_BYTES = 32;
/** The element type of each section, in the order of {@link sections}. */
const SECTION_TYPES = [
  Uint32Array,
  Uint16Array,
  Uint32Array,
  Uint16Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint8Array,
] as const;
const SECTIONS = SECTION_TYPES.length;

const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version?: string }).version ?? '';

/** Resolves the data files (the installed packages unless given) and the key of their current versions. */
export function geoSources(files: IpLocationFiles = {}): GeoSources {
  const countryMmdb = resolve(files.countryMmdb ?? join(packageDir(COUNTRY_PACKAGE), 'geo-whois-asn-country.mmdb'));
  const asnDir = files.asnCsv4 && files.asnCsv6 ? '' : packageDir(ASN_PACKAGE);
  const asnCsv4 = resolve(files.asnCsv4 ?? join(asnDir, 'asn-ipv4-num.csv'));
  const asnCsv6 = resolve(files.asnCsv6 ?? join(asnDir, 'asn-ipv6-num.csv'));
  const versions = {
    ...(files.countryMmdb === undefined && { [COUNTRY_PACKAGE]: packageVersion(COUNTRY_PACKAGE) }),
    ...((files.asnCsv4 === undefined || files.asnCsv6 === undefined) && { [ASN_PACKAGE]: packageVersion(ASN_PACKAGE) }),
  };
  const file = (path: string) => {
    const s = statSync(path);
    return { path, size: s.size, mtimeMs: s.mtimeMs };
  };
  const key = JSON.stringify({
    format: GEO_CACHE_FORMAT,
    versions,
    files: [file(countryMmdb), file(asnCsv4), file(asnCsv6)],
  });
  return { countryMmdb, asnCsv4, asnCsv6, key };
}

/**
 * Where the cache lives by default: `node_modules/.cache/cynex/geo-tables.bin` in the node_modules that holds the
 * data packages (the usual place for tools' caches; `npm ci` starts it afresh along with the packages).
 */
export function defaultGeoCacheFile(): string {
  const modules = resolve(packageDir(ASN_PACKAGE), '../..');
  return join(modules, '.cache', 'cynex', 'geo-tables.bin');
}

/** Builds the tables from the data files: the MMDB's tree walked into ranges, the CSVs parsed (a few seconds). */
export async function buildGeoTables(sources: GeoSources): Promise<GeoTables> {
  // mmdb-lib is needed only here, not when the tables come from the cache.
  const { countryTableFromMmdb } = await import('./mmdb-ranges.js');
  const [mmdb, csv4, csv6] = await Promise.all([
    readFile(sources.countryMmdb),
    readFile(sources.asnCsv4, 'utf8'),
    readFile(sources.asnCsv6, 'utf8'),
  ]);
  return { country: countryTableFromMmdb(mmdb), asn: AsnTable.fromCsv(csv4, csv6) };
}

/** How {@link loadGeoTables} got the tables. */
export interface GeoTablesLoad {
  tables: GeoTables;
  /** 'cache': read from the cache file; 'built': from the data files (no cache, or a stale or damaged one). */
  from: 'cache' | 'built';
  /** Why the cache could not be written, when it could not (the tables are still usable). */
  writeError?: string;
}

/**
 * The tables for `sources`: from the cache file when it holds them for the same key (one read, typed-array views
 * on it, no parsing), otherwise built from the data files and written to the cache (a temporary file renamed into
 * place, so concurrent processes never read half a file). A cache of other versions, another format or with a
 * damaged byte is rebuilt. `cacheFile` null: no cache.
 *
 * @example
 * const { tables } = await loadGeoTables(geoSources(), defaultGeoCacheFile());
 */
export async function loadGeoTables(
  sources: GeoSources,
  cacheFile: string | null,
  onBuild?: () => void,
): Promise<GeoTablesLoad> {
  if (cacheFile !== null) {
    const cached = readCache(cacheFile, sources.key);
    if (cached) return { tables: cached, from: 'cache' };
  }
  onBuild?.();
  const tables = await buildGeoTables(sources);
  if (cacheFile === null) return { tables, from: 'built' };
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, encodeGeoTables(tables, sources.key));
    renameSync(temporary, cacheFile);
    return { tables, from: 'built' };
  } catch (err) {
    return { tables, from: 'built', writeError: (err as Error).message };
  }
}

function readCache(file: string, key: string): GeoTables | null {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return null;
  }
  return decodeGeoTables(data, key);
}

type Section = Uint8Array | Uint16Array | Uint32Array;

function sections(t: GeoTables): Section[] {
  const { country, asn } = t;
  return [
    country.v4.starts,
    country.v4.values,
    country.v6.starts,
    country.v6.values,
    asn.v4.starts,
    asn.v4.values,
    asn.v6.starts,
    asn.v6.values,
    asn.names.asns,
    asn.names.offsets,
    asn.names.bytes,
  ];
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * The cache file: a 32-byte header (magic, byte-order mark, format, key length, section count, checksum, total
 * length), a table of (offset, length) per section, the key, then the typed arrays in the machine's byte order,
 * each at an 8-byte boundary so that they can be viewed in place.
 */
export function encodeGeoTables(tables: GeoTables, key: string): Buffer {
  const parts = sections(tables);
  const keyBytes = Buffer.from(key, 'utf8');
  let at = align8(HEADER_BYTES + SECTIONS * 8 + keyBytes.length);
  const placed = parts.map((p) => {
    const offset = at;
    at = align8(at + p.byteLength);
    return offset;
  });
  const out = new Uint8Array(new ArrayBuffer(at));
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  const words = new Uint32Array(out.buffer);
  words.set([BYTE_ORDER, GEO_CACHE_FORMAT, keyBytes.length, SECTIONS, 0, at], 2);
  parts.forEach((p, i) => {
    const offset = placed[i] ?? 0;
    words[HEADER_BYTES / 4 + 2 * i] = offset;
    words[HEADER_BYTES / 4 + 2 * i + 1] = p.byteLength;
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
  });
  out.set(keyBytes, HEADER_BYTES + SECTIONS * 8);
  words[6] = checksum(words);
  return Buffer.from(out.buffer);
}

/** The tables in a cache file, or null when it is for another key or format, from another byte order, or damaged. */
export function decodeGeoTables(data: Uint8Array, key: string): GeoTables | null {
  if (data.byteLength < HEADER_BYTES + SECTIONS * 8 || data.byteLength % 8 !== 0) return null;
  const bytes = aligned(data);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (header.toString('latin1', 0, 8) !== MAGIC || words[2] !== BYTE_ORDER || words[3] !== GEO_CACHE_FORMAT)
    return null;
  const keyLength = words[4]!;
  if (words[5] !== SECTIONS || words[7] !== bytes.byteLength) return null;
  if (HEADER_BYTES + SECTIONS * 8 + keyLength > bytes.byteLength) return null;
  const keyAt = bytes.byteOffset + HEADER_BYTES + SECTIONS * 8;
  if (Buffer.from(bytes.buffer, keyAt, keyLength).toString('utf8') !== key) return null;
  if (checksum(words) !== words[6]) return null;

  const views: Section[] = [];
  for (let i = 0; i < SECTIONS; i++) {
    const offset = words[HEADER_BYTES / 4 + 2 * i]!;
    const length = words[HEADER_BYTES / 4 + 2 * i + 1]!;
    const Kind = SECTION_TYPES[i]!;
    if (offset % 8 !== 0 || offset + length > bytes.byteLength || length % Kind.BYTES_PER_ELEMENT !== 0) return null;
    views.push(new Kind(bytes.buffer, bytes.byteOffset + offset, length / Kind.BYTES_PER_ELEMENT));
  }
  const [c4s, c4v, c6s, c6v, a4s, a4v, a6s, a6v, asns, offsets, names] = views as [
    Uint32Array,
    Uint16Array,
    Uint32Array,
    Uint16Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint8Array,
  ];
  try {
    const tables = {
      country: new CountryTable(new RangeTable(1, c4s, c4v), new RangeTable(4, c6s, c6v)),
      asn: new AsnTable(new RangeTable(1, a4s, a4v), new RangeTable(4, a6s, a6v), new AsnNames(asns, offsets, names)),
    };
    const ranges = [tables.country.v4, tables.country.v6, tables.asn.v4, tables.asn.v6];
    return ranges.every((r) => r.length > 0) ? tables : null;
  } catch {
    return null;
  }
}

/** The bytes on an ArrayBuffer at an 8-byte boundary (typed-array views need it; a file read fresh already is). */
function aligned(data: Uint8Array): { buffer: ArrayBuffer; byteOffset: number; byteLength: number } {
  const { buffer, byteOffset, byteLength } = data;
  if (buffer instanceof ArrayBuffer && byteOffset % 8 === 0) return { buffer, byteOffset, byteLength };
  return { buffer: new Uint8Array(data).buffer, byteOffset: 0, byteLength };
}

/** A 32-bit hash of every word after the header (the header's checksum word is outside it). */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = HEADER_BYTES / 4; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** What {@link prepareGeoCache} found or did. */
export interface GeoCacheReport {
  file: string;
  from: 'cache' | 'built';
  milliseconds: number;
  bytes: number;
  writeError?: string;
}

/**
 * Makes sure the cache file holds the tables of the installed data packages, building it when it does not:
 * `cynex telescope geo-cache`, which `npm ci` runs so that the first ingest does not pay for the build.
 *
 * @example
 * const r = await prepareGeoCache(); // { file: '…/node_modules/.cache/cynex/geo-tables.bin', from: 'built', … }
 */
export async function prepareGeoCache(file: string = defaultGeoCacheFile()): Promise<GeoCacheReport> {
  const started = performance.now();
  const load = await loadGeoTables(geoSources(), file);
  const milliseconds = performance.now() - started;
  const bytes = load.writeError === undefined ? statSync(file).size : 0;
  return {
    file,
    from: load.from,
    milliseconds,
    bytes,
    ...(load.writeError !== undefined && { writeError: load.writeError }),
  };
}
