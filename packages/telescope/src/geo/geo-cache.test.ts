import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Reader, type CountryResponse } from 'mmdb-lib';
import { ipv4ToString, ipv6ToString } from '@cynex/pcap';
import { parseIPv6 } from '../cidr.js';
import { ip } from '../testing/synth.js';
import { bigintWords } from './range-table.js';
import { ccIndex, ccText } from './country-table.js';
import { geoSources, loadGeoTables, type GeoTables } from './geo-cache.js';
import { geoAsn, geoCc, IpLocationGeo } from './geo.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cynex-geo-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A seeded generator, so that a failure names addresses that fail again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Row {
  start: bigint;
  end: bigint;
  asn: number;
}
const csvRows = (text: string): Row[] =>
  text
    .split('\n')
    .filter((line) => /^\d+,\d+,\d+/.test(line))
    .map((line) => {
      const [start, end, asn] = line.split(',');
      return { start: BigInt(start!), end: BigInt(end!), asn: Number(asn) };
    });

/**
 * The source data's answer, computed independently of the tables: the AS of the last published row that contains
 * each address (0 when none), by one sweep over the rows and the addresses in ascending order.
 */
function asnReference(rows: Row[], addresses: bigint[]): Map<bigint, number> {
  const sorted = [...addresses].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const answer = new Map<bigint, number>();
  let next = 0;
  let open: Row[] = [];
  for (const a of sorted) {
    while (next < rows.length && rows[next]!.start <= a) open.push(rows[next++]!);
    open = open.filter((r) => r.end >= a);
    answer.set(a, open.at(-1)?.asn ?? 0);
  }
  return answer;
}

const v6Bigint = (words: ArrayLike<number>) =>
  [0, 1, 2, 3].reduce((n, i) => (n << 32n) | BigInt((words[i] ?? 0) >>> 0), 0n);

describe(loadGeoTables.name, () => {
  it('round-trips the tables through the cache file: lookups equal the source data for a sample of addresses', async () => {
    const sources = geoSources();
    const cacheFile = path.join(tempDir(), 'geo-tables.bin');
    expect((await loadGeoTables(sources, cacheFile)).from).toBe('built');
    const { tables, from } = await loadGeoTables(sources, cacheFile);
    expect(from).toBe('cache');

    const mmdb = new Reader<CountryResponse & { country_code?: string }>(readFileSync(sources.countryMmdb));
    const rows4 = csvRows(readFileSync(sources.asnCsv4, 'utf8'));
    const rows6 = csvRows(readFileSync(sources.asnCsv6, 'utf8'));
    const next = random(13);

    // IPv4: random addresses, and both sides of the bounds of sampled rows and of the country table's ranges.
    const v4 = new Set<number>([ip('8.8.8.8'), ip('203.178.141.194'), 0, 0xffffffff, 3607101440, 3607166976]);
    for (let i = 0; i < 4000; i++) v4.add(Math.floor(next() * 2 ** 32));
    for (let i = 0; i < 500; i++) {
      const row = rows4[Math.floor(next() * rows4.length)]!;
      for (const a of [row.start - 1n, row.start, row.end, row.end + 1n])
        if (a >= 0n && a < 2n ** 32n) v4.add(Number(a));
      const c = tables.country.v4.starts[Math.floor(next() * tables.country.v4.length)]!;
      v4.add(c).add(Math.max(0, c - 1));
    }
    const asn4 = asnReference(rows4, [...v4].map(BigInt));
    for (const a of v4) {
      expect([ipv4ToString(a), ccText(tables.country.lookup4(a))]).toEqual([
        ipv4ToString(a),
        ccText(ccIndex(mmdb.get(ipv4ToString(a))?.country_code)),
      ]);
      expect([ipv4ToString(a), tables.asn.lookup4(a)]).toEqual([ipv4ToString(a), asn4.get(BigInt(a))]);
    }

    // IPv6: random global unicast addresses, IPv4 embedded in ::/96, and both sides of sampled rows' bounds.
    const v6: bigint[] = [v6Bigint(parseIPv6('2001:200::1')!), v6Bigint(parseIPv6('::8.8.8.8')!), 0n];
    for (let i = 0; i < 1500; i++) {
      const words = [0x20000000 + Math.floor(next() * 2 ** 29), next() * 2 ** 32, next() * 2 ** 32, next() * 2 ** 32];
      v6.push(v6Bigint(words.map((w) => Math.floor(w))));
    }
    for (let i = 0; i < 200; i++) v6.push(BigInt(Math.floor(next() * 2 ** 32)));
    for (let i = 0; i < 400; i++) {
      const row = rows6[Math.floor(next() * rows6.length)]!;
      v6.push(row.start - 1n, row.start, row.end, row.end + 1n);
    }
    const asn6 = asnReference(rows6, v6);
    for (const a of v6) {
      const words = bigintWords(a);
      const text = ipv6ToString(words);
      expect([text, ccText(tables.country.lookup6(words))]).toEqual([
        text,
        ccText(ccIndex(mmdb.get(text)?.country_code)),
      ]);
      expect([text, tables.asn.lookup6(words)]).toEqual([text, asn6.get(a)]);
    }

    // Names as published (the first row's name for an AS).
    expect(tables.asn.name(15169)).toMatch(/google/i);
    expect(tables.asn.name(2500)).toBe('WIDE Project');
    expect(tables.asn.name(4_000_000_000)).toBe('');
  }, 120_000);

  it('rebuilds a cache that is damaged, truncated or made from other data', async () => {
    const dir = tempDir();
    const asnCsv4 = path.join(dir, 'asn-ipv4-num.csv');
    const asnCsv6 = path.join(dir, 'asn-ipv6-num.csv');
    writeFileSync(asnCsv4, '16777216,16777471,13335,"Cloudflare, Inc."\n');
    writeFileSync(asnCsv6, '42540528726795050063891204319802818560,42540528806023212578155541913346768895,2500,WIDE\n');
    const cacheFile = path.join(dir, 'cache', 'geo-tables.bin');
    const load = () => loadGeoTables(geoSources({ asnCsv4, asnCsv6 }), cacheFile);
    const asnOf = (t: GeoTables) => [t.asn.lookup4(ip('1.0.0.1')), t.asn.lookup6(parseIPv6('2001:200::1')!)];

    expect((await load()).from).toBe('built');
    expect((await load()).from).toBe('cache');

    // One flipped byte in the middle of the ranges.
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length >> 1]! ^= 0x40;
    writeFileSync(cacheFile, bytes);
    const damaged = await load();
    expect(damaged.from).toBe('built');
    expect(asnOf(damaged.tables)).toEqual([13335, 2500]);
    expect((await load()).from).toBe('cache');

    writeFileSync(cacheFile, bytes.subarray(0, 1000));
    expect((await load()).from).toBe('built');
    writeFileSync(cacheFile, 'not a cache');
    expect((await load()).from).toBe('built');

    // New data (another version of the package): the old cache is stale.
    writeFileSync(asnCsv4, '16777216,16777471,64500,Example Networks\n');
    const stale = await load();
    expect(stale.from).toBe('built');
    expect(asnOf(stale.tables)).toEqual([64500, 2500]);
    expect(stale.tables.asn.name(64500)).toBe('Example Networks');
    expect((await load()).from).toBe('cache');
    expect(statSync(cacheFile).size).toBeGreaterThan(1000);
  }, 120_000);

  it('feeds IpLocationGeo from the cache file', async () => {
    const cacheFile = path.join(tempDir(), 'geo-tables.bin');
    let builds = 0;
    const load = () => IpLocationGeo.load({ cacheFile, onBuild: () => builds++ });
    await load();
    const geo = await load();
    expect(builds).toBe(1);
    const google = geo.lookup4(ip('8.8.8.8'));
    expect([ccText(geoCc(google)), geoAsn(google)]).toEqual(['US', 15169]);
    const googleDns6 = geo.lookup6(parseIPv6('2001:4860:4860::8888')!);
    expect([ccText(geoCc(googleDns6)), geoAsn(googleDns6)]).toEqual(['US', 15169]);
  }, 120_000);
});
